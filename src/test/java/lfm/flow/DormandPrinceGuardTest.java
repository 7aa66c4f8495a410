package lfm.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleUnaryOperator;
import lfm.backend.reference.ReferenceBackend;
import lfm.flow.ode.DormandPrince;
import lfm.flow.ode.Dynamics;
import lfm.flow.ode.OdeSolver;
import lfm.flow.ode.SolveStats;
import lfm.flow.ode.SolverException;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;
import org.junit.jupiter.api.Test;

/**
 * Fields on which an adaptive solver cannot finish must end the solve with one clear line, fast. The
 * chattering and the stiff field ran into the old limit of 10⁶ steps before the guards (3–7 s here on
 * one or two points; hours on a pool of a million points through an MLP).
 */
class DormandPrinceGuardTest {
    private final ReferenceBackend backend = new ReferenceBackend();
    private final TensorArena arena = backend.newArena("dopri5-guards");

    /** ẋ = f(x) elementwise, evaluated on the host. */
    private Dynamics field(DoubleUnaryOperator f) {
        return (x, t, out) -> {
            double[] values = backend.toHostDoubles(x);
            float[] result = new float[values.length];
            for (int i = 0; i < values.length; i++) {
                result[i] = (float) f.applyAsDouble(values[i]);
            }
            backend.fromHost(result, out);
        };
    }

    private Tensor state(float... values) {
        Tensor x = arena.allocate(Shape.matrix(values.length, 1));
        backend.fromHost(values, x);
        return x;
    }

    @Test
    void aChatteringFieldEndsWithAStepUnderflow() {
        // ẋ = −10⁹·sign(x): the solution reaches 0 and sticks there, every step across 0 errs by about
        // h·10⁹, so only steps of ~10⁻¹³ pass the tolerance: the old solver crept along at that step
        // until its limit of 10⁶ steps.
        SolverException error = assertThrows(
                SolverException.class,
                () -> new DormandPrince(1e-5, 1e-5).solve(field(x -> x >= 0 ? -1e9 : 1e9), state(0.5f, -0.25f), 0, 1));
        assertTrue(
                error.getMessage()
                        .startsWith("dopri5 (dopri5:1.0E-5,1.0E-5) on [0.00000, 1.00000]: the step size " + "fell to "),
                error.getMessage());
        assertTrue(
                error.getMessage().contains("below 1.0E-10 of the interval; the field is stiff or diverging"),
                error.getMessage());
        assertEquals(1, error.getMessage().lines().count());
    }

    @Test
    void aStiffFieldEndsWhenTheStepBudgetRunsOut() {
        // ẋ = −10⁷·x: explicit stability limits h to about 3·10⁻⁷, i.e. millions of steps over [0, 1].
        DormandPrince solver = (DormandPrince) OdeSolver.parse("dopri5:1e-5,1e-5,2000", 0);
        assertEquals("dopri5:1.0E-5,1.0E-5,2000", solver.spec());
        SolverException error =
                assertThrows(SolverException.class, () -> solver.solve(field(x -> -1e7 * x), state(1f, 2f), 0, 1));
        assertTrue(error.getMessage().contains(": took 2000 steps ("), error.getMessage());
        assertTrue(error.getMessage().contains("and reached only t = "), error.getMessage());
    }

    @Test
    void theDefaultBudgetStopsAStiffFieldToo() {
        // Backwards in t, ẋ = +10⁷·x decays: as stiff as above.
        SolverException error = assertThrows(
                SolverException.class, () -> OdeSolver.parse("dopri5", 0).solve(field(x -> 1e7 * x), state(1f), 1, 0));
        assertTrue(
                error.getMessage().contains("took " + DormandPrince.DEFAULT_MAX_STEPS + " steps"), error.getMessage());
    }

    @Test
    void aBlowUpEndsWithOneLine() {
        // ẋ = x² from x(0) = 2 reaches infinity at t = 1/2.
        SolverException error = assertThrows(
                SolverException.class, () -> new DormandPrince(1e-5, 1e-5).solve(field(x -> x * x), state(2f), 0, 1));
        assertTrue(
                error.getMessage()
                        .startsWith("dopri5 (dopri5:1.0E-5,1.0E-5) on [0.00000, 1.00000]: the step " + "size fell to "),
                error.getMessage());
        assertTrue(error.getMessage().contains(" at t = 0.5000"), error.getMessage());
    }

    @Test
    void aSmoothFieldIsUnaffected() {
        Tensor x = state(1f, -2f);
        SolveStats stats = new DormandPrince(1e-6, 1e-6).solve(field(value -> -value), x, 0, 1);
        assertTrue(stats.acceptedSteps() < 100, stats.toString());
        assertEquals(Math.exp(-1), backend.toHostDoubles(x)[0], 1e-5);
    }

    @Test
    void aTinyStateWithALargeSlopeStartsSmallAndFinishes() {
        // Hairer's starting guess is 0.01·|x|/|f| = 10⁻¹⁴ here; it is raised to the minimum step and
        // then grows tenfold per accepted step (the case of a log-det column starting at 0 beside
        // points pushed close to 0).
        Tensor x = state(1e-9f);
        SolveStats stats = new DormandPrince(1e-6, 1e-6).solve(field(value -> 1e3), x, 0, 1);
        assertEquals(1e3, backend.toHostDoubles(x)[0], 1e-3);
        assertEquals(0, stats.rejectedSteps());
    }

    @Test
    void badBudgetsAndSpecsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new DormandPrince(1e-5, 1e-5, 0));
        assertThrows(IllegalArgumentException.class, () -> OdeSolver.parse("dopri5:1e-5,1e-5,100,7", 0));
        assertThrows(IllegalArgumentException.class, () -> OdeSolver.parse("dopri5:1e-5,1e-5,many", 0));
        assertEquals(
                "dopri5:1.0E-5,1.0E-5", OdeSolver.parse("dopri5", 0).spec(), "the default budget is not spelled out");
    }
}
