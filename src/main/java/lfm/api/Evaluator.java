package lfm.api;

import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import lfm.data.DataMatrix;
import lfm.data.RowSampling;
import lfm.eval.BlockDiagnostics;
import lfm.eval.ConditionalMetrics;
import lfm.eval.NllSummary;
import lfm.flow.ode.OdeSolver;
import lfm.metrics.SampleMetrics;
import lfm.random.RandomKey;

/**
 * How good a trained model is on held-out data, in independent measurements (each a return value):
 * <ul>
 *   <li>{@link #sampleQuality}: generated points against the held-out points (energy distance, MMD²,
 *       sliced W₁);</li>
 *   <li>{@link #metricFloor}: the same metrics between two held-out samples, what a perfect model would
 *       score at this sample size;</li>
 *   <li>{@link #blockDiagnostics}: what each block does to held-out data (see {@link BlockDiagnostics});</li>
 *   <li>{@link #likelihood}: the held-out negative log-likelihood by change of variables.</li>
 * </ul>
 * {@link #evaluate} makes those the {@link EvalSpec} asks for and keeps the result with the run (eval.json,
 * and the run's TensorBoard log where it has one): what {@code lfm eval} does and prints.
 */
public final class Evaluator {
    private final Model model;
    private final HeldOut heldOut;
    private final EvalSpec spec;

    /**
     * Generated points, how long they took, and the sample metrics against the held-out points; for a
     * conditional run the points were drawn with the held-out conditions, and {@code conditional} says
     * how well they follow them (null for an unconditional run).
     */
    public record SampleQuality(
            Samples samples, double seconds, SampleMetrics metrics, ConditionalMetrics conditional) {}

    /** The per-block diagnostics and the solver that pushed the points. */
    public record BlockReport(String solver, BlockDiagnostics diagnostics) {}

    /** The NLL summary (mean ± standard error in the data's units) and the per-point log-densities. */
    public record Likelihood(NllSummary summary, LogDensities densities) {}

    /** The sample metrics of one held-out sample against another, and which two they were. */
    public record MetricFloor(String reference, SampleMetrics metrics) {}

    public Evaluator(Model model, HeldOut heldOut, EvalSpec spec) {
        if (heldOut.points().cols() != model.dimension()) {
            throw new IllegalArgumentException("the run models D = " + model.dimension() + " but the held-out points "
                    + "have D = " + heldOut.points().cols());
        }
        spec.requireApplicable(model.config());
        this.model = model;
        this.heldOut = heldOut;
        this.spec = spec;
    }

    /** An evaluator of {@code model} on the held-out points {@code spec} selects. */
    public static Evaluator of(Model model, EvalSpec spec) throws IOException {
        return new Evaluator(model, HeldOut.select(model.config(), spec), spec);
    }

    public HeldOut heldOut() {
        return heldOut;
    }

    /** As many generated points as held-out ones (by the teacher's ODE, or the students with distilled on). */
    public SampleQuality sampleQuality() throws IOException {
        int n = heldOut.points().rows();
        DataMatrix conditions = heldOut.conditions();
        long start = System.nanoTime();
        Samples samples;
        if (conditions == null) {
            samples = spec.distilled()
                    ? model.sampleDistilled(n, spec.chunkRows(), spec.seed())
                    : model.sample(n, spec.solver(), Model.DEFAULT_FIXED_STEPS, spec.chunkRows(), spec.seed());
        } else {
            samples = spec.distilled()
                    ? model.sampleDistilled(conditions, spec.chunkRows(), spec.seed())
                    : model.sample(
                            conditions,
                            spec.guidance(),
                            spec.solver(),
                            Model.DEFAULT_FIXED_STEPS,
                            spec.chunkRows(),
                            spec.seed());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        ConditionalMetrics conditional = conditions == null
                ? null
                : ConditionalMetrics.measure(
                        samples.points(),
                        heldOut.points(),
                        conditions,
                        model.config().spec().condition().classes(),
                        SampleMetrics.DEFAULT_PAIR_CAP,
                        spec.seed());
        return new SampleQuality(
                samples, seconds, SampleMetrics.compare(samples.points(), heldOut.points(), spec.seed()), conditional);
    }

    /**
     * The metrics a perfect model would score at this sample size: for a sampler's test split a second
     * held-out draw of the same size against the first ({@link HeldOut#secondDraw}); for a fixed split one
     * half of the held-out points against the other half (a seeded split), so the floor is that of half the
     * points.
     */
    public MetricFloor metricFloor() {
        DataMatrix first = heldOut.points();
        if (heldOut.secondDraw() != null) {
            return new MetricFloor(
                    "a second held-out draw of the same size",
                    SampleMetrics.compare(heldOut.secondDraw(), first, spec.seed()));
        }
        int half = first.rows() / 2;
        int[] order = RowSampling.permutation(first.rows(), new RandomKey(spec.seed(), HeldOut.SECOND_DRAW_LABEL));
        return new MetricFloor(
                "one half of the held-out points against the other half",
                SampleMetrics.compare(
                        first.select(Arrays.copyOfRange(order, half, 2 * half)),
                        first.select(Arrays.copyOf(order, half)),
                        spec.seed()));
    }

    /** The first {@code blockPoints} held-out points pushed through the blocks and back, in model coordinates. */
    public BlockReport blockDiagnostics() {
        DataMatrix all = heldOut.points();
        DataMatrix points = model.toModel(all.rows(0, Math.min(spec.blockPoints(), all.rows())));
        OdeSolver ode = OdeSolver.parse(
                spec.solver() != null
                        ? spec.solver()
                        : model.config().spec().run().sampleSolver(),
                Model.DEFAULT_FIXED_STEPS);
        DataMatrix conditions = heldOut.conditions() == null
                ? null
                : model.encodeConditions(heldOut.conditions().rows(0, points.rows()));
        return new BlockReport(
                ode.spec(),
                BlockDiagnostics.measure(model.flow(), points, conditions, ode, spec.chunkRows(), spec.seed()));
    }

    /** The NLL of every held-out point (of the teacher's flow: students define no density). */
    public Likelihood likelihood(ProgressListener listener) {
        DensityOptions options = spec.density();
        listener.likelihoodStarted(
                heldOut.points().rows(),
                options.trace(model.dimension()).toString(),
                options.odeSolver().spec());
        LogDensities densities = model.logDensity(heldOut.points(), heldOut.conditions(), options);
        NllSummary summary = NllSummary.of(
                densities.modelValues(), model.standardizationLogDet(), heldOut.units(), spec.dropNonFinite());
        return new Likelihood(summary, densities);
    }

    /**
     * Makes every measurement the spec asks for: the sample quality and its floor; the block diagnostics
     * unless {@link EvalSpec#blockPoints()} is 0 or the students generate; the NLL with
     * {@link EvalSpec#likelihood()}. The result is kept with the run: eval.json (eval-distilled.json for
     * the students), written atomically, and, where the run has a TensorBoard log (tb/), its numbers as
     * scalars at the run's last optimiser step ({@code eval/…}, {@code eval_floor/…}, {@code eval_blocks/…}).
     * On a model shared by the ranks of a job every rank takes part and returns the same result; rank 0
     * alone writes.
     */
    public Evaluation evaluate(ProgressListener listener) throws IOException {
        long start = System.nanoTime();
        SampleQuality samples = sampleQuality();
        MetricFloor floor = metricFloor();
        BlockReport blocks = spec.blockPoints() > 0 && !spec.distilled() ? blockDiagnostics() : null;
        Likelihood likelihood = spec.likelihood() ? likelihood(listener) : null;
        Evaluation evaluation = new Evaluation(
                model.folder(),
                spec.distilled(),
                model.dimension(),
                heldOut,
                samples,
                floor,
                blocks,
                likelihood,
                (System.nanoTime() - start) / 1e9,
                Instant.now());
        if (model.collective().rank() == 0) { // every rank measured the same; one writes
            EvalRecords.save(model.config(), evaluation);
        }
        return evaluation;
    }
}
