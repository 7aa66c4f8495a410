package lfm.flow.ode;

import lfm.tensor.Tensor;

/**
 * Called by {@link FixedStepSolver} after each step with the state at the step's end. It may read the
 * state and change columns that the dynamics never read (e.g. an accumulator column), since a
 * fixed-step solver carries nothing but the state from one step to the next.
 */
@FunctionalInterface
public interface StepListener {

    /**
     * Sees the state after the step that ended at time t.
     *
     * @param x the state at time t (N, D)
     */
    void afterStep(Tensor x, double t);
}
