package lfm.api;

import java.io.IOException;
import java.nio.file.Path;
import lfm.config.DataSpec;
import lfm.config.RunConfig;
import lfm.data.ConditionColumns;
import lfm.data.DataMatrix;
import lfm.data.Dataset;
import lfm.data.Datasets;
import lfm.data.RowSampling;
import lfm.data.Units;
import lfm.random.Distributions;

/**
 * The held-out points a run is evaluated on, in data coordinates: a fresh draw of a sampler (never
 * sharing draws with the training pool of the same seed), or (a seeded subsample of) a file's test or
 * validation split.
 *
 * @param dataName the data set's name ("8gaussians", "power", "data.csv")
 * @param split    "test" or "validation"
 * @param points     (n, D)
 * @param conditions the points' conditions as in the data (n, condition columns) for a conditional run, else null
 * @param units      the units NLL is reported in
 * @param secondDraw for the test split of a sampler, a second draw of as many points, independent of
 *                   {@code points} (the reference of the metrics' floor, {@link Evaluator#metricFloor});
 *                   null for a fixed split, whose floor compares two halves of {@code points}
 */
public record HeldOut(
        String dataName, String split, DataMatrix points, DataMatrix conditions, Units units, DataMatrix secondDraw) {
    /** Labels the random stream of {@link #secondDraw}. */
    static final long SECOND_DRAW_LABEL = 0x666c6f6f72L;

    /** Held-out points of an unconditional run. */
    public HeldOut(String dataName, String split, DataMatrix points, Units units, DataMatrix secondDraw) {
        this(dataName, split, points, null, units, secondDraw);
    }

    /** Selects the held-out points of {@code spec} for the run described by {@code config}; no backend needed. */
    public static HeldOut select(RunConfig config, EvalSpec spec) throws IOException {
        String source = spec.data() != null ? spec.data() : config.spec().data().source();
        if (source.equals(DataSpec.IN_MEMORY)) {
            throw new IllegalArgumentException(
                    "the run was trained on in-memory data: name the held-out data (--data)");
        }
        Dataset dataset = config.conditional() && spec.testFile() == null
                ? Conditions.open(config.spec(), source)
                : Datasets.open(source, spec.testFile() == null ? null : Path.of(spec.testFile()));
        ConditionColumns columns = Conditions.columns(config.spec(), dataset);
        int dimension = columns == null ? dataset.dimension() : columns.generated().length;
        if (dimension != config.dimension()) {
            throw new IllegalArgumentException(
                    "the run models D = " + config.dimension() + " but " + dataset.name() + " has D = " + dimension);
        }
        // The run's own seed: samplers guarantee test(n, s) never shares draws with train(m, s).
        long seed = config.spec().run().seed();
        int count = spec.count();
        DataMatrix points;
        DataMatrix second = null;
        if (spec.split().equals("validation")) {
            DataMatrix validation = dataset.validation()
                    .orElseThrow(() -> new IllegalArgumentException(
                            dataset.name() + " has no validation split (only the MAF benchmarks define one)"));
            points = count > 0 && count < validation.rows()
                    ? RowSampling.subsample(validation, count, seed)
                    : validation;
        } else {
            if (count == 0 && dataset.trainSize() < 0) {
                throw new IllegalArgumentException(
                        "--n 0 (whole split) needs a file data set; " + dataset.name() + " is an unlimited sampler");
            }
            points = dataset.test(count, seed);
            if (dataset.trainSize() < 0) {
                second = dataset.test(points.rows(), Distributions.mix(seed, SECOND_DRAW_LABEL));
            }
        }
        if (columns == null) {
            return new HeldOut(dataset.name(), spec.split(), points, dataset.units(), second);
        }
        // The floor compares generated-column parts: the second draw's conditions are not used.
        return new HeldOut(
                dataset.name(),
                spec.split(),
                columns.generatedPart(points),
                columns.conditionPart(points),
                dataset.units(),
                second == null ? null : columns.generatedPart(second));
    }
}
