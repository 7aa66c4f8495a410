package lfm.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.util.Locale;
import lfm.data.DataMatrix;
import lfm.data.RowSampling;
import lfm.random.Purpose;

/**
 * Sample-quality metrics of generated points against reference (test) points, lower is better:
 * <ul>
 * <li>energy distance, unbiased U-statistic ({@link EnergyDistance});</li>
 * <li>RBF-kernel MMD², unbiased U-statistic, median-heuristic bandwidth from the reference ({@link Mmd});</li>
 * <li>sliced Wasserstein-1 over {@value SlicedWasserstein#DEFAULT_PROJECTIONS} seeded directions
 *     ({@link SlicedWasserstein}; computed for every D, meant for D > 2).</li>
 * </ul>
 * The pair metrics cost O(n·m): above {@value #DEFAULT_PAIR_CAP} points a sample is replaced by a
 * seeded subsample of that size (still unbiased, a little noisier); the point counts used are
 * reported. Sliced W₁ always uses every point. At n = m = 20,000, D = 2 the whole comparison takes
 * about 2.5 s on two cores.
 *
 * @param dimension              D
 * @param generatedPoints        points in the generated sample
 * @param referencePoints        points in the reference sample
 * @param pairPointsGenerated    generated points used by energy distance and MMD (≤ the cap)
 * @param pairPointsReference    reference points used by energy distance and MMD (≤ the cap)
 * @param energyDistance         2E|X − Y| − E|X − X'| − E|Y − Y'|
 * @param mmdSquared             E k(X, X') + E k(Y, Y') − 2E k(X, Y)
 * @param mmdBandwidth           h of k(x, y) = exp(−|x − y|²/(2h²))
 * @param slicedWasserstein1     mean over directions of W₁ between projections
 * @param projections            number of directions
 */
public record SampleMetrics(
        int dimension,
        int generatedPoints,
        int referencePoints,
        int pairPointsGenerated,
        int pairPointsReference,
        double energyDistance,
        double mmdSquared,
        double mmdBandwidth,
        double slicedWasserstein1,
        int projections) {
    /** Largest sample size used as is by the O(n²) metrics. */
    public static final int DEFAULT_PAIR_CAP = 10_000;

    private static final ObjectMapper JSON =
            new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    /** Compares with the default cap; {@code seed} fixes subsamples and projection directions. */
    public static SampleMetrics compare(DataMatrix generated, DataMatrix reference, long seed) {
        return compare(generated, reference, seed, DEFAULT_PAIR_CAP);
    }

    /** Compares using at most {@code pairCap} points per sample for energy distance and MMD. */
    public static SampleMetrics compare(DataMatrix generated, DataMatrix reference, long seed, int pairCap) {
        if (generated.cols() != reference.cols()) {
            throw new IllegalArgumentException(
                    "generated points have dimension " + generated.cols() + ", reference points " + reference.cols());
        }
        DataMatrix generatedPairs = RowSampling.subsample(generated, pairCap, Purpose.SAMPLE_METRICS.seed(seed, 1));
        DataMatrix referencePairs = RowSampling.subsample(reference, pairCap, Purpose.SAMPLE_METRICS.seed(seed, 2));
        double bandwidth = Mmd.medianBandwidth(reference, Purpose.SAMPLE_METRICS.seed(seed, 3));
        PointColumns x = new PointColumns(generatedPairs);
        PointColumns y = new PointColumns(referencePairs);
        PairSums.Sums cross = PairSums.between(x, y, bandwidth);
        PairSums.Sums withinX = PairSums.within(x, bandwidth);
        PairSums.Sums withinY = PairSums.within(y, bandwidth);
        int projections = SlicedWasserstein.DEFAULT_PROJECTIONS;
        double sliced = SlicedWasserstein.of(generated, reference, projections, Purpose.SAMPLE_METRICS.seed(seed, 4));
        return new SampleMetrics(
                generated.cols(),
                generated.rows(),
                reference.rows(),
                generatedPairs.rows(),
                referencePairs.rows(),
                EnergyDistance.fromSums(cross, withinX, withinY),
                Mmd.fromSums(cross, withinX, withinY),
                bandwidth,
                sliced,
                projections);
    }

    /**
     * One JSON object with snake_case keys, e.g. {"dimension":2,"generated_points":10000,…,
     * "energy_distance":0.0012,"mmd_squared":…,"mmd_bandwidth":…,"sliced_wasserstein1":…,"projections":128}.
     */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** A small aligned table for people (the CLI prints it before the JSON line). */
    public String table() {
        String subsampled = pairPointsGenerated < generatedPoints || pairPointsReference < referencePoints
                ? String.format(
                        Locale.ROOT, "; on %,d vs %,d subsampled points", pairPointsGenerated, pairPointsReference)
                : "";
        StringBuilder table =
                new StringBuilder(String.format(Locale.ROOT, "%-22s %-13s %s%n", "metric", "value", "notes"));
        row(table, "energy distance", energyDistance, "U-statistic" + subsampled);
        row(
                table,
                "MMD² (RBF kernel)",
                mmdSquared,
                String.format(Locale.ROOT, "U-statistic, bandwidth %.4g%s", mmdBandwidth, subsampled));
        row(table, "sliced Wasserstein-1", slicedWasserstein1, projections + " projections");
        table.append(String.format(
                Locale.ROOT,
                "%,d generated vs %,d reference points, D = %d%n",
                generatedPoints,
                referencePoints,
                dimension));
        return table.toString();
    }

    private static void row(StringBuilder table, String name, double value, String note) {
        table.append(String.format(Locale.ROOT, "%-22s %-13.6g %s%n", name, value, note));
    }
}
