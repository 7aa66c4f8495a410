package lfm.flow.ode;

import lfm.tensor.Tensor;

/** The right-hand side of dx/dt = f(x, t) for a batch of states. */
@FunctionalInterface
public interface Dynamics {

    /** out = f(x, t); x and out have the same shape (N, D) and do not alias. */
    void evaluate(Tensor x, double t, Tensor out);
}
