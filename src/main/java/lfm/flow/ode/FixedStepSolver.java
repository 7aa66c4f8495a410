package lfm.flow.ode;

import lfm.tensor.Tensor;

/** Euler, midpoint or RK4 with a fixed number of equal steps. */
public final class FixedStepSolver implements OdeSolver {
    private final ButcherTableau tableau;
    private final int steps;

    public FixedStepSolver(ButcherTableau tableau, int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException(tableau.name() + " needs at least 1 step, got " + steps);
        }
        if (tableau.e() != null) {
            throw new IllegalArgumentException(tableau.name() + " is adaptive; use DormandPrince");
        }
        this.tableau = tableau;
        this.steps = steps;
    }

    @Override
    public SolveStats solve(Dynamics dynamics, Tensor x, double t0, double t1) {
        return solve(dynamics, x, t0, t1, null);
    }

    /** As {@link #solve(Dynamics, Tensor, double, double)}, calling {@code listener} (if not null) after each step. */
    public SolveStats solve(Dynamics dynamics, Tensor x, double t0, double t1, StepListener listener) {
        double h = (t1 - t0) / steps;
        try (RungeKuttaStepper stepper = new RungeKuttaStepper(tableau, x)) {
            for (int i = 0; i < steps; i++) {
                // t from the step index (not accumulated) so the last step ends exactly at t1.
                stepper.step(dynamics, x, t0 + i * h, h, false);
                x.backend().copy(stepper.next, x);
                if (listener != null) {
                    listener.afterStep(x, i == steps - 1 ? t1 : t0 + (i + 1) * h);
                }
            }
            return new SolveStats(stepper.evaluations, steps, 0);
        }
    }

    public int steps() {
        return steps;
    }

    @Override
    public String spec() {
        return tableau.name() + ":" + steps;
    }
}
