package lfm.api;

import java.io.IOException;
import lfm.data.DataMatrix;
import lfm.eval.BlockDiagnostics;
import lfm.eval.NllSummary;
import lfm.flow.ode.OdeSolver;
import lfm.metrics.SampleMetrics;

/**
 * How good a trained model is on held-out data, in three independent measurements (each a return
 * value; {@code lfm eval} prints them):
 * <ul>
 *   <li>{@link #sampleQuality}: generated points against the held-out points (energy distance, MMD²,
 *       sliced W₁);</li>
 *   <li>{@link #blockDiagnostics}: what each block does to held-out data (see {@link BlockDiagnostics});</li>
 *   <li>{@link #likelihood}: the held-out negative log-likelihood by change of variables.</li>
 * </ul>
 */
public final class Evaluator {
    private final Model model;
    private final HeldOut heldOut;
    private final EvalSpec spec;

    /** Generated points, how long they took, and the sample metrics against the held-out points. */
    public record SampleQuality(Samples samples, double seconds, SampleMetrics metrics) {
    }

    /** The per-block diagnostics and the solver that pushed the points. */
    public record BlockReport(String solver, BlockDiagnostics diagnostics) {
    }

    /** The NLL summary (mean ± standard error in the data's units) and the per-point log-densities. */
    public record Likelihood(NllSummary summary, LogDensities densities) {
    }

    public Evaluator(Model model, HeldOut heldOut, EvalSpec spec) {
        if (heldOut.points().cols() != model.dimension()) {
            throw new IllegalArgumentException("the run models D = " + model.dimension() + " but the held-out points "
                    + "have D = " + heldOut.points().cols());
        }
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
        long start = System.nanoTime();
        Samples samples = spec.distilled() ? model.sampleDistilled(n, spec.chunkRows(), spec.seed())
                : model.sample(n, spec.solver(), Model.DEFAULT_FIXED_STEPS, spec.chunkRows(), spec.seed());
        double seconds = (System.nanoTime() - start) / 1e9;
        return new SampleQuality(samples, seconds, SampleMetrics.compare(samples.points(), heldOut.points(), spec.seed()));
    }

    /** The first {@code blockPoints} held-out points pushed through the blocks and back, in model coordinates. */
    public BlockReport blockDiagnostics() {
        DataMatrix all = heldOut.points();
        DataMatrix points = model.toModel(all.rows(0, Math.min(spec.blockPoints(), all.rows())));
        OdeSolver ode = OdeSolver.parse(spec.solver() != null ? spec.solver()
                : model.config().spec().run().sampleSolver(), Model.DEFAULT_FIXED_STEPS);
        return new BlockReport(ode.spec(), BlockDiagnostics.measure(model.flow(), points, ode, spec.chunkRows(),
                spec.seed()));
    }

    /** The NLL of every held-out point (of the teacher's flow: students define no density). */
    public Likelihood likelihood(ProgressListener listener) {
        DensityOptions options = spec.density();
        listener.likelihoodStarted(heldOut.points().rows(), options.trace(model.dimension()).toString(),
                options.odeSolver().spec());
        LogDensities densities = model.logDensity(heldOut.points(), options);
        NllSummary summary = NllSummary.of(densities.modelValues(), model.standardizationLogDet(), heldOut.units());
        return new Likelihood(summary, densities);
    }
}
