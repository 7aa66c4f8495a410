package lfm.flow.ode;

/**
 * An ODE solve that cannot finish: the adaptive step size underflowed, the step budget ran out, or
 * the state became NaN. The message is one line naming the solver, the interval, where it stopped
 * and what to try instead.
 */
public final class SolverException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public SolverException(String message) {
        super(message);
    }
}
