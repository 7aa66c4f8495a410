package lfm.flow.ode;

import java.util.Locale;
import lfm.tensor.Tensor;

/**
 * Integrates dx/dt = f(x, t) from t0 to t1 (t1 &lt; t0 integrates backwards) in place: on return x holds
 * x(t1). Solvers allocate their stage buffers from the state's backend and free them before returning.
 */
public interface OdeSolver {

    SolveStats solve(Dynamics dynamics, Tensor x, double t0, double t1);

    /** Short description for logs and config files, e.g. "rk4:20" or "dopri5:1e-5,1e-5". */
    String spec();

    /**
     * Parses a solver spec: {@code euler:N}, {@code midpoint:N}, {@code rk4:N} (N fixed steps) or
     * {@code dopri5[:rtol[,atol[,steps]]]}. A bare fixed-step name takes {@code defaultSteps}; a bare
     * dopri5 takes rtol = atol = 1e-5 and a budget of {@link DormandPrince#DEFAULT_MAX_STEPS} steps per
     * solve.
     */
    static OdeSolver parse(String spec, int defaultSteps) {
        String[] parts = spec.trim().toLowerCase(Locale.ROOT).split(":", 2);
        String argument = parts.length == 2 ? parts[1] : null;
        try {
            return switch (parts[0]) {
                case "euler" -> new FixedStepSolver(ButcherTableau.EULER, steps(argument, defaultSteps));
                case "midpoint" -> new FixedStepSolver(ButcherTableau.MIDPOINT, steps(argument, defaultSteps));
                case "rk4" -> new FixedStepSolver(ButcherTableau.RK4, steps(argument, defaultSteps));
                case "dopri5" -> {
                    double rtol = 1e-5, atol = 1e-5;
                    long maxSteps = DormandPrince.DEFAULT_MAX_STEPS;
                    if (argument != null) {
                        String[] values = argument.split(",", -1);
                        if (values.length > 3) {
                            throw new IllegalArgumentException(
                                    "solver '" + spec + "': dopri5 takes at most " + "rtol,atol,steps");
                        }
                        rtol = Double.parseDouble(values[0]);
                        atol = values.length > 1 ? Double.parseDouble(values[1]) : rtol;
                        maxSteps = values.length > 2 ? Long.parseLong(values[2].strip()) : maxSteps;
                    }
                    yield new DormandPrince(rtol, atol, maxSteps);
                }
                default ->
                    throw new IllegalArgumentException("unknown solver '" + spec
                            + "' (expected euler[:N], midpoint[:N], rk4[:N] or dopri5[:rtol[,atol[,steps]]])");
            };
        } catch (NumberFormatException notANumber) {
            throw new IllegalArgumentException("solver '" + spec + "': " + notANumber.getMessage());
        }
    }

    private static int steps(String argument, int defaultSteps) {
        return argument == null ? defaultSteps : Integer.parseInt(argument);
    }
}
