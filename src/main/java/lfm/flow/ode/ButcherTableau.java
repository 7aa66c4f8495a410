package lfm.flow.ode;

/**
 * An explicit Runge–Kutta method: stage i evaluates f at x + h Σ_{j<i} a[i][j] k_j, time t + c[i]·h;
 * the step is x + h Σ b[i] k_i; with an embedded pair, error = h Σ e[i] k_i (e = b − b̂).
 *
 * @param fsal "first same as last": the last stage equals f at the new state, reusable as the next k₁
 */
public record ButcherTableau(String name, double[][] a, double[] b, double[] c, double[] e, int order, boolean fsal) {

    public static final ButcherTableau EULER =
            new ButcherTableau("euler", new double[][] {{}}, new double[] {1}, new double[] {0}, null, 1, false);

    public static final ButcherTableau MIDPOINT = new ButcherTableau(
            "midpoint", new double[][] {{}, {0.5}}, new double[] {0, 1}, new double[] {0, 0.5}, null, 2, false);

    public static final ButcherTableau RK4 = new ButcherTableau(
            "rk4",
            new double[][] {{}, {0.5}, {0, 0.5}, {0, 0, 1}},
            new double[] {1.0 / 6, 1.0 / 3, 1.0 / 3, 1.0 / 6},
            new double[] {0, 0.5, 0.5, 1},
            null,
            4,
            false);

    /** Dormand–Prince 5(4): fifth-order solution, fourth-order embedded estimate, FSAL. */
    public static final ButcherTableau DOPRI5 = new ButcherTableau(
            "dopri5",
            new double[][] {
                {},
                {1.0 / 5},
                {3.0 / 40, 9.0 / 40},
                {44.0 / 45, -56.0 / 15, 32.0 / 9},
                {19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729},
                {9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656},
                {35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84}
            },
            new double[] {35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84, 0},
            new double[] {0, 1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9, 1, 1},
            new double[] {71.0 / 57600, 0, -71.0 / 16695, 71.0 / 1920, -17253.0 / 339200, 22.0 / 525, -1.0 / 40},
            5,
            true);

    public int stages() {
        return b.length;
    }
}
