package lfm.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import lfm.api.EvalSpec;
import lfm.api.Evaluation;
import lfm.api.Evaluator;
import lfm.api.HeldOut;
import lfm.api.ImageQuality;
import lfm.api.LogDensities;
import lfm.api.Model;
import lfm.classify.Classifier;
import lfm.config.RunConfig;
import lfm.config.UNetSpec;
import lfm.data.Datasets;
import lfm.data.image.ImageDataset;
import lfm.eval.BlockDiagnostics;
import lfm.eval.ConditionalMetrics;
import lfm.eval.NllSummary;
import lfm.metrics.SampleMetrics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code lfm eval}: how good a trained run is on held-out data. Prints, as a table: sample metrics of
 * generated points against held-out points (energy distance, MMD², sliced W₁) with their floor,
 * per-block diagnostics and, with {@code --nll}, the test negative log-likelihood by change of variables;
 * the last stdout line is one JSON object with every number. The model is loaded once; the measurements,
 * and keeping them in the run folder (eval.json, the TensorBoard log), are {@link Evaluator#evaluate}'s.
 * Under {@code --distributed} the ranks share the generation and the NLL, and rank 0 alone prints and
 * writes. A UNet run on images is measured instead in a classifier's features ({@link ImageEvaluation}:
 * FD_cls, KID, their floors, bits/dim), kept the same way ({@link ImageQuality#keep}).
 */
@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        abbreviateSynopsis = true,
        sortOptions = false,
        defaultValueProvider = SpecOptions.Eval.class,
        description = "Evaluate a trained run on held-out data: sample metrics, per-block diagnostics, NLL.")
final class EvalCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Mixin
    BackendOptions backendOptions;

    @Mixin
    DistributedOptions distributedOptions;

    @Option(names = "--run", required = true, description = "the run folder")
    Path run;

    @Option(names = "--data", description = "held-out data: a --data value as in train (default: the run's data)")
    @SpecField("data")
    String data;

    @Option(names = "--test", description = "test file for generic CSV/NPY data (default: the seeded 10%% split)")
    @SpecField("testFile")
    Path testFile;

    @Option(names = "--split", description = "test | validation (MAF benchmarks) (default: ${DEFAULT-VALUE})")
    @SpecField("split")
    String split;

    @Option(
            names = "--n",
            description =
                    "held-out points and generated samples; 0 = the whole split of a file (default: ${DEFAULT-VALUE})")
    @SpecField("count")
    int count;

    @Option(names = "--solver", description = "sampling solver (default: the run's sample solver)")
    @SpecField("solver")
    String solver;

    @Option(names = "--distilled", description = "generate with the run's distilled students (NLL stays the teacher's)")
    @SpecField("distilled")
    boolean distilled;

    @Option(
            names = "--block-points",
            description = "held-out points for the per-block diagnostics; 0 = skip them (default: ${DEFAULT-VALUE})")
    @SpecField("blockPoints")
    int blockPoints;

    @Option(names = "--nll", description = "also compute the NLL of the held-out points (change of variables)")
    @SpecField("likelihood")
    boolean nll;

    @Option(
            names = "--drop-nonfinite",
            description = "NLL mean over the points with a finite log-density only "
                    + "(default: a non-finite point makes the mean +∞; the count is reported either way)")
    @SpecField("dropNonFinite")
    boolean dropNonFinite;

    @Option(
            names = "--divergence",
            description = "exact | hutchinson | auto (exact for D ≤ 100) (default: ${DEFAULT-VALUE})")
    @SpecField("divergence")
    String divergence;

    @Option(names = "--probes", description = "Hutchinson probes per point (default: ${DEFAULT-VALUE})")
    @SpecField("probes")
    int probes;

    @Option(names = "--probe", description = "rademacher | gaussian (default: ${DEFAULT-VALUE})")
    @SpecField("probe")
    String probe;

    @Option(
            names = "--nll-solver",
            description =
                    "solver of the likelihood ODE: euler | midpoint | rk4 [:N] | dopri5[:rtol,atol] (default: ${DEFAULT-VALUE})")
    @SpecField("nllSolver")
    String nllSolver;

    @Option(
            names = "--nll-steps",
            description =
                    "grid points of a fixed-step NLL solver (150 = 149 steps, the authors' setting) (default: ${DEFAULT-VALUE})")
    @SpecField("nllSteps")
    int nllSteps;

    @Option(names = "--chunk", description = "rows per chunk (default: ${DEFAULT-VALUE})")
    @SpecField("chunkRows")
    int chunk;

    @Option(
            names = "--seed",
            description = "seed of the generated noise and of the metrics (default: ${DEFAULT-VALUE})")
    @SpecField("seed")
    long seed;

    @Option(
            names = "--classifier",
            description = "image runs: the classifier (lfm classifier train) whose features "
                    + "FD_cls and KID are measured in")
    Path classifier;

    @Option(
            names = "--bpd-images",
            defaultValue = "200",
            description =
                    "image runs with --nll: dequantised test " + "images for bits/dim (default: ${DEFAULT-VALUE})")
    int bpdImages;

    @Option(
            names = "--guidance",
            description = "conditional run: classifier-free guidance weight w of the samples " + "(none by default)")
    @SpecField("guidance")
    Float guidance;

    @Override
    public Integer call() throws Exception {
        return distributedOptions.run(this::evaluate);
    }

    private Integer evaluate() throws Exception {
        EvalSpec evaluation = SpecOptions.usageErrors(
                spec, () -> SpecOptions.bind(this, EvalSpec.defaults(), EvalSpec.class, tree -> {}));
        RunConfig config = Model.readConfig(run);
        SpecOptions.usageErrors(spec, () -> {
            evaluation.requireApplicable(config);
            return null;
        });
        if (data != null) {
            Datasets.renameNotice(data).ifPresent(System.err::println);
        }
        if (config.spec().model() instanceof UNetSpec) {
            return evaluateImages(evaluation, config);
        }
        HeldOut heldOut = HeldOut.select(config, evaluation);
        System.out.printf(
                Locale.ROOT,
                "%s on %s (%s split, %,d points, D = %d)%n",
                run,
                heldOut.dataName(),
                split,
                heldOut.points().rows(),
                heldOut.points().cols());
        Evaluation result;
        try (Model model = Model.load(run, backendOptions::open, distributedOptions.job())) {
            result = new Evaluator(model, heldOut, evaluation).evaluate(new ProgressReporter(System.err));
            sampleMetrics(result);
            if (result.blocks() != null) {
                blockDiagnostics(result.blocks(), model);
            }
        }
        if (result.likelihood() != null) {
            likelihood(result, config);
        }
        System.out.println(result.toJson());
        return 0;
    }

    /** A UNet run on images: the image metrics in the classifier's features ({@link ImageEvaluation}). */
    private Integer evaluateImages(EvalSpec evaluation, RunConfig config) throws Exception {
        if (classifier == null) {
            throw new ParameterException(
                    spec.commandLine(),
                    "an image run is measured in a classifier's features: "
                            + "train one with 'lfm classifier train --data DATA --out FILE' and pass --classifier FILE");
        }
        String source = data != null ? data : config.spec().data().source();
        if (!(Datasets.open(source) instanceof ImageDataset images)) {
            throw new ParameterException(spec.commandLine(), "--data " + source + " is not an image data set");
        }
        int imageCount = count > 0 ? count : images.testImages(0, seed).count();
        ObjectNode report = JSON.createObjectNode();
        report.put("run", run.toString());
        report.put("data", source);
        try (Model model = Model.load(run, backendOptions::open, distributedOptions.job());
                Classifier features = Classifier.load(classifier, model.backend())) {
            if (!features.image().equals(images.imageShape().orElseThrow())) {
                throw new IllegalArgumentException(classifier + " classifies " + features.image()
                        + " images, the data are " + images.imageShape().orElseThrow());
            }
            System.out.printf(Locale.ROOT, "%s on %s (%s)%n", run, source, images);
            ImageEvaluation.run(model, images, features, imageCount, bpdImages, evaluation, report);
            ImageQuality.keep(model, distilled, report);
        }
        System.out.println(JSON.writeValueAsString(report));
        return 0;
    }

    private static void sampleMetrics(Evaluation result) {
        Evaluator.SampleQuality quality = result.samples();
        int points = quality.samples().points().rows();
        double seconds = quality.seconds();
        System.out.printf(
                Locale.ROOT,
                "%nsamples: %,d by %s, %d network evaluations per point, %.2f s (%,.0f points/s)%n",
                points,
                quality.samples().method(),
                quality.samples().evaluationsPerPoint(),
                seconds,
                points / seconds);
        System.out.print(quality.metrics().table());
        SampleMetrics floor = result.floor().metrics();
        System.out.printf(
                Locale.ROOT,
                "floor (%s): energy distance %.3g, MMD² %.3g, sliced W₁ %.3g%n",
                result.floor().reference(),
                floor.energyDistance(),
                floor.mmdSquared(),
                floor.slicedWasserstein1());
        ConditionalMetrics conditional = quality.conditional();
        if (conditional != null) {
            System.out.printf(
                    Locale.ROOT,
                    "given the held-out conditions: energy distance of [x | c] %.6g%n",
                    conditional.joint());
            if (!conditional.perClass().isEmpty()) {
                System.out.printf(
                        Locale.ROOT,
                        "per class: mean energy distance %.6g over %d classes %s%n",
                        conditional.meanPerClass(),
                        conditional.perClass().size(),
                        conditional.perClass());
            }
        }
    }

    private static void blockDiagnostics(Evaluator.BlockReport blockReport, Model model) {
        BlockDiagnostics diagnostics = blockReport.diagnostics();
        System.out.printf(
                Locale.ROOT,
                "%nper block (%,d held-out points pushed data → noise with %s):%n",
                diagnostics.points(),
                blockReport.solver());
        System.out.printf(Locale.ROOT, "%-7s %-10s %s%n", "block", "γ", "energy distance p(n−1) → p(n)");
        for (int n = 1; n <= diagnostics.stepDistances().size(); n++) {
            var block = model.flow().schedule().blocks().get(n - 1);
            System.out.printf(
                    Locale.ROOT,
                    "%-7d %-10s %.6g%n",
                    n,
                    block.isFree() ? "free" : String.format(Locale.ROOT, "%.4g", block.gamma()),
                    diagnostics.stepDistances().get(n - 1));
        }
        System.out.printf(Locale.ROOT, "pushed points vs N(0, I): energy distance %.6g%n", diagnostics.noiseDistance());
        System.out.printf(
                Locale.ROOT,
                "round trip (all blocks forward and back): RMS error %.3g, largest %.3g%n",
                diagnostics.roundTripRms(),
                diagnostics.roundTripMax());
    }

    private void likelihood(Evaluation result, RunConfig config) {
        NllSummary summary = result.likelihood().summary();
        LogDensities densities = result.likelihood().densities();
        int points = result.heldOut().points().rows();
        System.out.printf(
                Locale.ROOT,
                "%nNLL%s: %.4f ± %.4f nats (mean ± standard error over %,d points), %s%n",
                result.distilled() ? " (of the teacher's flow; students define no density)" : "",
                summary.mean(),
                summary.standardError(),
                summary.points(),
                result.heldOut().units().description());
        System.out.printf(
                Locale.ROOT,
                "     median %.4f, 99th percentile %.4f nats (a mean far above them comes from a few points)%n",
                summary.median(),
                summary.percentile99());
        if (config.standardized()) {
            System.out.printf(
                    Locale.ROOT, "     in the run's standardised coordinates: %.4f nats%n", summary.modelUnitsMean());
        }
        if (summary.nonFinite() > 0) {
            System.out.printf(
                    Locale.ROOT,
                    dropNonFinite
                            ? "     %,d of %,d points had a non-finite log-density and are left out (--drop-nonfinite)%n"
                            : "     %,d of %,d points had a non-finite log-density: the mean is +∞ (--drop-nonfinite "
                                    + "reports the mean over the others)%n",
                    summary.nonFinite(),
                    points);
        }
        System.out.printf(
                Locale.ROOT,
                "     %s trace, %s, %,d network evaluations, %.2f s (%,.0f points/s)%n",
                densities.divergence(),
                densities.solver(),
                densities.evaluations(),
                densities.seconds(),
                points / densities.seconds());
    }
}
