package lfm.flow.ode;

import lfm.backend.Backend;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;

/**
 * Adaptive Dormand–Prince 5(4) with the usual controller (Hairer, Nørsett and Wanner, II.4): the error
 * norm is the RMS over all elements of err / (atol + rtol·max(|x₀|, |x₁|)); a step is accepted when it
 * is ≤ 1, and the next step is h·min(10, max(0.2, 0.9·norm^{−1/5})). One scalar per step (the norm)
 * is read back to the host. The whole batch shares one step size, as in torchdiffeq.
 *
 * <p>Guards, so a stiff or diverging field fails with one line instead of spinning: a rejected step
 * that shrinks the step below {@value #MINIMUM_STEP_FRACTION} of the interval |t₁ − t₀| (or a step
 * that no longer moves t) ends the solve with a {@link SolverException}, and so does a solve that
 * would take more than {@code maxSteps} steps, accepted and rejected together (default
 * {@value #DEFAULT_MAX_STEPS}), or a NaN error norm.
 */
public final class DormandPrince implements OdeSolver {
    /** Default step budget per solve: far above what a trained flow needs (tens to hundreds of steps). */
    public static final long DEFAULT_MAX_STEPS = 10_000;
    /** Smallest step allowed, as a fraction of the interval length. */
    public static final double MINIMUM_STEP_FRACTION = 1e-10;

    private static final double SAFETY = 0.9;
    private static final double MIN_FACTOR = 0.2;
    private static final double MAX_FACTOR = 10;

    private final double rtol;
    private final double atol;
    private final long maxSteps;

    public DormandPrince(double rtol, double atol) {
        this(rtol, atol, DEFAULT_MAX_STEPS);
    }

    /** @param maxSteps the step budget of one solve (accepted + rejected steps), ≥ 1 */
    public DormandPrince(double rtol, double atol, long maxSteps) {
        if (!(rtol > 0 && atol > 0)) {
            throw new IllegalArgumentException("dopri5 needs rtol > 0 and atol > 0, got " + rtol + ", " + atol);
        }
        if (maxSteps < 1) {
            throw new IllegalArgumentException("dopri5 needs a step budget ≥ 1, got " + maxSteps);
        }
        this.rtol = rtol;
        this.atol = atol;
        this.maxSteps = maxSteps;
    }

    @Override
    public SolveStats solve(Dynamics dynamics, Tensor x, double t0, double t1) {
        if (t0 == t1) {
            return SolveStats.NONE;
        }
        Backend backend = x.backend();
        double direction = Math.signum(t1 - t0);
        long accepted = 0, rejected = 0;
        try (RungeKuttaStepper stepper = new RungeKuttaStepper(ButcherTableau.DOPRI5, x);
                TensorArena scratch = backend.newArena("dopri5-norm")) {
            Tensor normSquared = scratch.allocate(Shape.scalar(), x.dtype());
            dynamics.evaluate(x, t0, stepper.k[0]);
            stepper.evaluations++;
            double minimumStep = MINIMUM_STEP_FRACTION * Math.abs(t1 - t0);
            // The starting guess scales with |x|/|f(x)| and can be tiny for a tiny state; a small step
            // that is accepted grows tenfold per step, so only a rejected one may end the solve.
            double h = direction
                    * Math.max(
                            minimumStep,
                            initialStep(dynamics, x, t0, direction, stepper, normSquared, Math.abs(t1 - t0)));
            double t = t0;
            while (direction * (t1 - t) > 0) {
                if (accepted + rejected >= maxSteps) {
                    throw failure(
                            "took " + maxSteps + " steps (" + accepted + " accepted, " + rejected
                                    + " rejected) and reached only t = " + format(t),
                            t0,
                            t1);
                }
                if (t + h == t) {
                    throw failure("the step size " + format(Math.abs(h)) + " no longer moves t = " + format(t), t0, t1);
                }
                if (direction * (t + h - t1) > 0) {
                    h = t1 - t;
                }
                stepper.step(dynamics, x, t, h, true);
                double norm = rmsNorm(backend, stepper.error, x, stepper.next, normSquared);
                if (Double.isNaN(norm)) {
                    throw failure("the state became NaN between t = " + format(t) + " and " + format(t + h), t0, t1);
                }
                if (norm <= 1) {
                    t = (direction * (t1 - (t + h)) <= 0) ? t1 : t + h;
                    backend.copy(stepper.next, x);
                    stepper.shiftFirstSameAsLast();
                    accepted++;
                    h *= Math.min(MAX_FACTOR, Math.max(MIN_FACTOR, SAFETY * Math.pow(Math.max(norm, 1e-10), -0.2)));
                } else {
                    rejected++;
                    h *= Math.max(MIN_FACTOR, SAFETY * Math.pow(norm, -0.2));
                    if (Math.abs(h) < minimumStep) {
                        throw failure(
                                "the step size fell to " + format(Math.abs(h)) + " at t = " + format(t) + ", below "
                                        + MINIMUM_STEP_FRACTION + " of the interval",
                                t0,
                                t1);
                    }
                }
            }
            return new SolveStats(stepper.evaluations, accepted, rejected);
        }
    }

    private SolverException failure(String what, double t0, double t1) {
        return new SolverException("dopri5 (" + spec() + ") on [" + format(t0) + ", " + format(t1) + "]: " + what
                + "; the field is stiff or diverging there (try a fixed-step solver such as rk4:100, looser "
                + "tolerances, or a larger step budget dopri5:rtol,atol,steps)");
    }

    private static String format(double value) {
        return String.format(java.util.Locale.ROOT, "%.6g", value);
    }

    /** RMS of error / (atol + rtol·max(|x₀|, |x₁|)) over all elements. */
    private double rmsNorm(Backend backend, Tensor error, Tensor x0, Tensor x1, Tensor normSquared) {
        backend.errorRatioSquares(error, x0, x1, (float) rtol, (float) atol, normSquared);
        return Math.sqrt(backend.toHostDoubles(normSquared)[0] / error.size());
    }

    /** Hairer's starting step: from ‖x‖, ‖f(x)‖ and a trial Euler step's change in f. */
    private double initialStep(
            Dynamics dynamics,
            Tensor x,
            double t0,
            double direction,
            RungeKuttaStepper stepper,
            Tensor normSquared,
            double span) {
        Backend backend = x.backend();
        double d0 = rmsNorm(backend, x, x, x, normSquared);
        double d1 = rmsNorm(backend, stepper.k[0], x, x, normSquared);
        double h0 = (d0 < 1e-5 || d1 < 1e-5) ? 1e-6 : 0.01 * d0 / d1;
        h0 = Math.min(h0, span);
        Tensor trial = stepper.stageState;
        backend.combine(trial, x, new float[] {(float) (direction * h0)}, stepper.k[0]);
        dynamics.evaluate(trial, t0 + direction * h0, stepper.k[1]);
        stepper.evaluations++;
        backend.combine(stepper.error, stepper.k[1], new float[] {-1f}, stepper.k[0]);
        double d2 = rmsNorm(backend, stepper.error, x, x, normSquared) / h0;
        double h1 = Math.max(d1, d2) <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : Math.pow(0.01 / Math.max(d1, d2), 0.2);
        return Math.min(Math.min(100 * h0, h1), span);
    }

    /** "dopri5:rtol,atol", with ",maxSteps" appended when the budget is not the default. */
    @Override
    public String spec() {
        return "dopri5:" + rtol + "," + atol + (maxSteps == DEFAULT_MAX_STEPS ? "" : "," + maxSteps);
    }
}
