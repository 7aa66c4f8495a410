package lfm.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import lfm.backend.Backend;
import lfm.data.DataMatrix;
import lfm.data.Dataset;
import lfm.data.Datasets;
import lfm.data.RowSampling;
import lfm.data.Units;
import lfm.eval.BlockDiagnostics;
import lfm.eval.NllSummary;
import lfm.flow.ode.OdeSolver;
import lfm.likelihood.Divergence;
import lfm.likelihood.LogDensity;
import lfm.metrics.SampleMetrics;
import lfm.random.Distributions;
import lfm.random.RandomKey;
import lfm.run.FlowModel;
import lfm.run.RunFolder;
import lfm.run.TrainConfig;
import lfm.tensor.TensorArena;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code lfm eval}: how good a trained run is on held-out data. Prints, as a table: sample metrics of
 * generated points against held-out points (energy distance, MMD², sliced W₁), per-block diagnostics
 * and, with {@code --nll}, the test negative log-likelihood by change of variables; the last stdout line
 * is one JSON object with every number.
 */
@Command(name = "eval", mixinStandardHelpOptions = true, abbreviateSynopsis = true, sortOptions = false,
        description = "Evaluate a trained run on held-out data: sample metrics, per-block diagnostics, NLL.")
final class EvalCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Labels the random stream of the floor's second held-out sample. */
    private static final long FLOOR_SEED_LABEL = 0x666c6f6f72L;

    @Spec
    CommandSpec spec;

    @Mixin
    BackendOptions backendOptions;

    @Option(names = "--run", required = true, description = "the run folder")
    Path run;

    @Option(names = "--data", description = "held-out data: a --data value as in train (default: the run's data)")
    String data;

    @Option(names = "--test", description = "test file for generic CSV/NPY data (default: the seeded 10% split)")
    Path testFile;

    @Option(names = "--split", defaultValue = "test", description = "test | validation (MAF benchmarks) (default: ${DEFAULT-VALUE})")
    String split;

    @Option(names = "--n", defaultValue = "20000",
            description = "held-out points and generated samples; 0 = the whole split of a file (default: ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--solver", description = "sampling solver (default: the run's sample solver)")
    String solver;

    @Option(names = "--distilled", description = "generate with the run's distilled students (NLL stays the teacher's)")
    boolean distilled;

    @Option(names = "--block-points", defaultValue = "2000",
            description = "held-out points for the per-block diagnostics; 0 = skip them (default: ${DEFAULT-VALUE})")
    int blockPoints;

    @Option(names = "--nll", description = "also compute the NLL of the held-out points (change of variables)")
    boolean nll;

    @Option(names = "--divergence", defaultValue = "auto",
            description = "exact | hutchinson | auto (exact for D ≤ 100) (default: ${DEFAULT-VALUE})")
    String divergence;

    @Option(names = "--probes", defaultValue = "1", description = "Hutchinson probes per point (default: ${DEFAULT-VALUE})")
    int probes;

    @Option(names = "--probe", defaultValue = "rademacher", description = "rademacher | gaussian (default: ${DEFAULT-VALUE})")
    String probe;

    @Option(names = "--nll-solver", defaultValue = "euler",
            description = "solver of the likelihood ODE: euler | midpoint | rk4 [:N] | dopri5[:rtol,atol] (default: ${DEFAULT-VALUE})")
    String nllSolver;

    @Option(names = "--nll-steps", defaultValue = "150",
            description = "grid points of a fixed-step NLL solver (150 = 149 steps, the authors' setting) (default: ${DEFAULT-VALUE})")
    int nllSteps;

    @Option(names = "--chunk", defaultValue = "20000", description = "rows per chunk (default: ${DEFAULT-VALUE})")
    int chunk;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the generated noise and of the metrics (default: ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() throws Exception {
        validateFlags();
        RunFolder folder = new RunFolder(run);
        TrainConfig config = folder.readConfig();
        if (data != null) {
            Datasets.renameNotice(data).ifPresent(System.err::println);
        }
        Dataset dataset = Datasets.open(data != null ? data : config.data(), testFile);
        if (dataset.dimension() != config.dimension()) {
            throw new IllegalArgumentException("the run models D = " + config.dimension() + " but " + dataset.name()
                    + " has D = " + dataset.dimension());
        }
        DataMatrix heldOut = heldOut(dataset, config);
        ObjectNode report = JSON.createObjectNode();
        report.put("run", run.toString());
        report.put("data", dataset.name());
        report.put("split", split);
        report.put("held_out_points", heldOut.rows());
        System.out.printf(Locale.ROOT, "%s on %s (%s split, %,d points, D = %d)%n", run, dataset.name(), split,
                heldOut.rows(), heldOut.cols());
        long started = System.nanoTime();
        try (Backend backend = backendOptions.open()) {
            sampleMetrics(folder, backend, heldOut, report);
            metricFloor(dataset, heldOut, config, report);
            if (blockPoints > 0 && !distilled) {
                blockDiagnostics(folder, backend, config, heldOut, report);
            }
            if (nll) {
                likelihood(folder, backend, config, dataset, heldOut, report);
            }
        }
        report.put("seconds", (System.nanoTime() - started) / 1e9);
        EvalRecord.save(folder, config, report, distilled);
        System.out.println(JSON.writeValueAsString(report));
        return 0;
    }

    private void validateFlags() {
        if (count < 0 || chunk < 1 || blockPoints < 0 || nllSteps < 2 || probes < 1) {
            throw new ParameterException(spec.commandLine(),
                    "--n and --block-points must be ≥ 0, --chunk and --probes ≥ 1, --nll-steps ≥ 2");
        }
        if (!split.equals("test") && !split.equals("validation")) {
            throw new ParameterException(spec.commandLine(), "--split must be test or validation, got " + split);
        }
        try {
            OdeSolver.parse(nllSolver, nllSteps - 1);
            if (solver != null) {
                OdeSolver.parse(solver, 20);
            }
            Divergence.parse(divergence, probe, probes, 1);
        } catch (IllegalArgumentException bad) {
            throw new ParameterException(spec.commandLine(), bad.getMessage(), bad);
        }
    }

    /** The held-out points in data coordinates: a fresh draw of a sampler, or (a subsample of) a file split. */
    private DataMatrix heldOut(Dataset dataset, TrainConfig config) {
        // The run's own seed: samplers guarantee test(n, s) never shares draws with train(m, s).
        if (split.equals("validation")) {
            DataMatrix validation = dataset.validation().orElseThrow(() -> new IllegalArgumentException(
                    dataset.name() + " has no validation split (only the MAF benchmarks define one)"));
            return count > 0 && count < validation.rows() ? RowSampling.subsample(validation, count, config.seed())
                    : validation;
        }
        if (count == 0 && dataset.trainSize() < 0) {
            throw new IllegalArgumentException("--n 0 (whole split) needs a file data set; " + dataset.name()
                    + " is an unlimited sampler");
        }
        return dataset.test(count, config.seed());
    }

    private void sampleMetrics(RunFolder folder, Backend backend, DataMatrix heldOut, ObjectNode report)
            throws IOException {
        try (TensorArena arena = backend.newArena("eval samples")) {
            long start = System.nanoTime();
            Generated generated = Generated.draw(folder, backend, heldOut.rows(), seed, solver, 20, chunk, distilled, arena);
            double seconds = (System.nanoTime() - start) / 1e9;
            SampleMetrics metrics = SampleMetrics.compare(generated.points(), heldOut, seed);
            System.out.printf(Locale.ROOT, "%nsamples: %,d by %s, %d network evaluations per point, %.2f s (%,.0f points/s)%n",
                    heldOut.rows(), generated.method(), generated.evaluations(), seconds, heldOut.rows() / seconds);
            System.out.print(metrics.table());
            ObjectNode generation = report.putObject("generation");
            generation.put("method", generated.method());
            generation.put("evaluations_per_point", generated.evaluations());
            generation.put("seconds", seconds);
            generation.put("points_per_s", heldOut.rows() / seconds);
            report.set("metrics", JSON.readTree(metrics.toJson()));
        }
    }

    /**
     * The metrics a perfect model would score at this sample size: a second held-out sample against
     * the first (a fresh draw of the same size for samplers; for a fixed file split, one half of the
     * held-out rows against the other half, so the floor is that of half the points).
     */
    private void metricFloor(Dataset dataset, DataMatrix heldOut, TrainConfig config, ObjectNode report)
            throws IOException {
        DataMatrix first = heldOut, second;
        String reference;
        if (dataset.trainSize() < 0 && split.equals("test")) {
            second = dataset.test(heldOut.rows(), Distributions.mix(config.seed(), FLOOR_SEED_LABEL));
            reference = "a second held-out draw of the same size";
        } else {
            int half = heldOut.rows() / 2;
            int[] order = RowSampling.permutation(heldOut.rows(), new RandomKey(seed, FLOOR_SEED_LABEL));
            first = heldOut.select(Arrays.copyOf(order, half));
            second = heldOut.select(Arrays.copyOfRange(order, half, 2 * half));
            reference = "one half of the held-out points against the other half";
        }
        SampleMetrics floor = SampleMetrics.compare(second, first, seed);
        System.out.printf(Locale.ROOT, "floor (%s): energy distance %.3g, MMD² %.3g, sliced W₁ %.3g%n", reference,
                floor.energyDistance(), floor.mmdSquared(), floor.slicedWasserstein1());
        ObjectNode node = (ObjectNode) JSON.readTree(floor.toJson());
        node.put("reference", reference);
        report.set("metrics_floor", node);
    }

    private void blockDiagnostics(RunFolder folder, Backend backend, TrainConfig config, DataMatrix heldOut,
                                  ObjectNode report) throws IOException {
        DataMatrix points = RunData.toModel(config, heldOut.rows(0, Math.min(blockPoints, heldOut.rows())));
        try (FlowModel model = FlowModel.load(folder, backend)) {
            OdeSolver ode = OdeSolver.parse(solver != null ? solver : config.sampleSolver(), 20);
            BlockDiagnostics diagnostics = BlockDiagnostics.measure(model, points, ode, chunk, seed);
            System.out.printf(Locale.ROOT, "%nper block (%,d held-out points pushed data → noise with %s):%n",
                    diagnostics.points(), ode.spec());
            System.out.printf(Locale.ROOT, "%-7s %-10s %s%n", "block", "γ", "energy distance p(n−1) → p(n)");
            for (int n = 1; n <= diagnostics.stepDistances().size(); n++) {
                var block = model.schedule().blocks().get(n - 1);
                System.out.printf(Locale.ROOT, "%-7d %-10s %.6g%n", n, block.isFree() ? "free" : String.format(Locale.ROOT,
                        "%.4g", block.gamma()), diagnostics.stepDistances().get(n - 1));
            }
            System.out.printf(Locale.ROOT, "pushed points vs N(0, I): energy distance %.6g%n", diagnostics.noiseDistance());
            System.out.printf(Locale.ROOT, "round trip (all blocks forward and back): RMS error %.3g, largest %.3g%n",
                    diagnostics.roundTripRms(), diagnostics.roundTripMax());
            ObjectNode blocks = report.putObject("blocks");
            blocks.put("points", diagnostics.points());
            diagnostics.stepDistances().forEach(blocks.putArray("step_energy_distances")::add);
            blocks.put("noise_energy_distance", diagnostics.noiseDistance());
            blocks.put("round_trip_rms", diagnostics.roundTripRms());
            blocks.put("round_trip_max", diagnostics.roundTripMax());
        }
    }

    private void likelihood(RunFolder folder, Backend backend, TrainConfig config, Dataset dataset,
                            DataMatrix heldOut, ObjectNode report) throws IOException {
        Divergence trace = Divergence.parse(divergence, probe, probes, config.dimension());
        OdeSolver ode = OdeSolver.parse(nllSolver, nllSteps - 1);
        try (FlowModel model = FlowModel.load(folder, backend)) {
            System.err.printf(Locale.ROOT, "computing the NLL of %,d points (%s trace, %s)...%n", heldOut.rows(),
                    trace, ode.spec());
            long start = System.nanoTime();
            LogDensity.Result result = LogDensity.compute(model, RunData.toModel(config, heldOut), ode, trace, chunk,
                    seed);
            double seconds = (System.nanoTime() - start) / 1e9;
            // Generic CSV/NPY runs train on standardised data: report the density of the original data.
            Units units = dataset.units();
            NllSummary summary = NllSummary.of(result.logDensity(), model.standardizationLogDet(), units);
            System.out.printf(Locale.ROOT, "%nNLL%s: %.4f ± %.4f nats (mean ± standard error over %,d points), %s%n",
                    distilled ? " (of the teacher's flow; students define no density)" : "", summary.mean(),
                    summary.standardError(), summary.points(), units.description());
            if (config.standardized()) {
                System.out.printf(Locale.ROOT, "     in the run's standardised coordinates: %.4f nats%n",
                        summary.modelUnitsMean());
            }
            if (summary.nonFinite() > 0) {
                System.out.printf(Locale.ROOT, "     %d points had a non-finite log-density and are left out%n",
                        summary.nonFinite());
            }
            System.out.printf(Locale.ROOT, "     %s trace, %s, %,d network evaluations, %.2f s (%,.0f points/s)%n", trace,
                    ode.spec(), result.stats().evaluations(), seconds, heldOut.rows() / seconds);
            ObjectNode out = report.putObject("nll");
            out.put("mean", summary.mean());
            out.put("standard_error", summary.standardError());
            out.put("points", summary.points());
            out.put("non_finite", summary.nonFinite());
            out.put("units", units.name().toLowerCase(Locale.ROOT));
            out.put("standardized_units_mean", summary.modelUnitsMean());
            out.put("bits_per_dim", summary.bitsPerDimension(config.dimension()));
            out.put("divergence", trace.toString());
            out.put("solver", ode.spec());
            out.put("seconds", seconds);
            out.put("points_per_s", heldOut.rows() / seconds);
            out.put("of", distilled ? "teacher" : "model");
        }
    }
}
