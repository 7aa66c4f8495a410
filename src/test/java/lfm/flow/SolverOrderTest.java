package lfm.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import lfm.backend.reference.ReferenceBackend;
import lfm.flow.ode.ButcherTableau;
import lfm.flow.ode.DormandPrince;
import lfm.flow.ode.Dynamics;
import lfm.flow.ode.FixedStepSolver;
import lfm.flow.ode.OdeSolver;
import lfm.flow.ode.SolveStats;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Solvers on ODEs with known solutions, in float64 on the reference backend. */
class SolverOrderTest {
    private final ReferenceBackend backend = new ReferenceBackend();
    private final TensorArena arena = backend.newDoubleArena("solver-test");

    /** ẋ = −x: x(1) = x(0)·e^{−1}. */
    private final Dynamics decay = (x, t, out) -> backend.scale(x, -1f, out);
    /** ẋ = 3t²: x(1) = x(0) + 1 (t-dependent only). */
    private final Dynamics cubic = (x, t, out) -> backend.fill(out, (float) (3 * t * t));

    private double endError(OdeSolver solver, Dynamics dynamics, double exactIncrement, boolean multiplicative) {
        Tensor x = arena.allocate(Shape.matrix(3, 1));
        backend.fromHost(new double[] {1, -2, 0.5}, x);
        solver.solve(dynamics, x, 0, 1);
        double[] values = backend.toHostDoubles(x);
        double[] start = {1, -2, 0.5};
        double worst = 0;
        for (int i = 0; i < 3; i++) {
            double exact = multiplicative ? start[i] * exactIncrement : start[i] + exactIncrement;
            worst = Math.max(worst, Math.abs(values[i] - exact));
        }
        return worst;
    }

    @ParameterizedTest
    @CsvSource({"euler,1", "midpoint,2", "rk4,4"})
    void fixedStepSolversReachTheirOrder(String name, int order) {
        ButcherTableau tableau = switch (name) {
            case "euler" -> ButcherTableau.EULER;
            case "midpoint" -> ButcherTableau.MIDPOINT;
            default -> ButcherTableau.RK4;
        };
        // Coarse grids, so truncation error stays far above the rounding of the float32 stage
        // coefficients that Backend.combine takes (~1e-8 relative).
        double coarse = endError(new FixedStepSolver(tableau, 4), decay, Math.exp(-1), true);
        double fine = endError(new FixedStepSolver(tableau, 8), decay, Math.exp(-1), true);
        double observedOrder = Math.log(coarse / fine) / Math.log(2);
        assertEquals(order, observedOrder, 0.25, name + " on ẋ = −x: errors " + coarse + " → " + fine);
    }

    @Test
    void cubicRightHandSide() {
        // Euler errs by O(h) on ∫3t²; midpoint by O(h²); RK4 (Simpson in t) is exact for a quadratic integrand.
        double euler16 = endError(new FixedStepSolver(ButcherTableau.EULER, 16), cubic, 1, false);
        double euler32 = endError(new FixedStepSolver(ButcherTableau.EULER, 32), cubic, 1, false);
        assertEquals(1, Math.log(euler16 / euler32) / Math.log(2), 0.1);
        double mid16 = endError(new FixedStepSolver(ButcherTableau.MIDPOINT, 16), cubic, 1, false);
        double mid32 = endError(new FixedStepSolver(ButcherTableau.MIDPOINT, 32), cubic, 1, false);
        assertEquals(2, Math.log(mid16 / mid32) / Math.log(2), 0.1);
        // Exact up to the float32 stage coefficients.
        assertTrue(endError(new FixedStepSolver(ButcherTableau.RK4, 3), cubic, 1, false) < 1e-7);
        assertTrue(endError(new DormandPrince(1e-8, 1e-8), cubic, 1, false) < 1e-7);
    }

    @Test
    void dormandPrinceMeetsItsTolerance() {
        double loose = endError(new DormandPrince(1e-4, 1e-4), decay, Math.exp(-1), true);
        double tight = endError(new DormandPrince(1e-7, 1e-7), decay, Math.exp(-1), true);
        assertTrue(loose < 1e-3, "loose error " + loose);
        assertTrue(tight < 1e-6, "tight error " + tight);
        assertTrue(tight < loose);
    }

    @Test
    void backwardIntegrationUndoesForward() {
        for (OdeSolver solver :
                new OdeSolver[] {new FixedStepSolver(ButcherTableau.RK4, 50), new DormandPrince(1e-9, 1e-9)}) {
            Tensor x = arena.allocate(Shape.matrix(3, 1));
            backend.fromHost(new double[] {1, -2, 0.5}, x);
            SolveStats forward = solver.solve(decay, x, 0, 1);
            solver.solve(decay, x, 1, 0);
            double[] back = backend.toHostDoubles(x);
            assertEquals(1, back[0], 1e-7, solver.spec());
            assertEquals(-2, back[1], 1e-7, solver.spec());
            assertTrue(forward.evaluations() > 0);
        }
    }

    @Test
    void parsesSpecs() {
        assertEquals("rk4:20", OdeSolver.parse("rk4:20", 5).spec());
        assertEquals("euler:7", OdeSolver.parse("euler", 7).spec());
        assertEquals("dopri5:1.0E-5,1.0E-5", OdeSolver.parse("dopri5", 1).spec());
        assertEquals(
                "dopri5:0.001,1.0E-4", OdeSolver.parse("dopri5:1e-3,1e-4", 1).spec());
    }
}
