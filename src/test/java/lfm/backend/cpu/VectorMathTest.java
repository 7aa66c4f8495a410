package lfm.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/**
 * The vector exp, softplus, expm1 and tanh against java.lang.Math in double, on a dense grid of
 * arguments (every lane of every vector distinct), by relative error where the value is a normal
 * float and by absolute error where it underflows.
 */
class VectorMathTest {
    private static final int POINTS = 200_003;

    @Test
    void expIsWithinTwoUlpsOverTheWholeNormalRange() {
        double worst = worstRelativeError(VectorMath::exp, Math::exp, -87f, 88f);
        assertTrue(worst < 2.5e-7, "worst relative error " + worst);
    }

    @Test
    void expSaturatesInsteadOfOverflowing() {
        float[] big = {100f, 1e30f, Float.MAX_VALUE, -100f, -1e30f, 0f, 88.37f, -87.33f};
        float[] out = apply(VectorMath::exp, big);
        for (int i = 0; i < big.length; i++) {
            assertTrue(Float.isFinite(out[i]) && out[i] > 0f, big[i] + " -> " + out[i]);
        }
        assertEquals(1f, out[5]);
    }

    @Test
    void softplusIsAccurateForSmallAndLargeArguments() {
        DoubleUnaryOperator exact = a -> Math.max(a, 0) + Math.log1p(Math.exp(-Math.abs(a)));
        double worst = worstRelativeError(VectorMath::softplus, exact, -80f, 80f);
        assertTrue(worst < 3e-7, "worst relative error " + worst);
        // Past the exp clamp the value underflows in float; only the absolute error is meaningful.
        float[] tiny = apply(
                VectorMath::softplus, new float[] {-90f, -200f, -1e6f, -Float.MAX_VALUE, 1e6f, 0f, -1e-8f, 1e-8f});
        for (int i = 0; i < 4; i++) {
            assertTrue(tiny[i] >= 0f && tiny[i] < 1e-37f, "softplus(−big) = " + tiny[i]);
        }
        assertEquals(1e6f, tiny[4]);
        assertEquals((float) Math.log(2), tiny[5], 1e-7f);
        assertEquals((float) Math.log(2), tiny[6], 1e-7f);
    }

    @Test
    void expm1AndTanhAreAccurateAcrossTheirSeriesBoundary() {
        double expm1 = worstRelativeError(VectorMath::expm1, Math::expm1, -20f, 20f);
        assertTrue(expm1 < 3e-7, "expm1 worst relative error " + expm1);
        double tanh = worstRelativeError(VectorMath::tanh, Math::tanh, -10f, 10f);
        assertTrue(tanh < 3e-7, "tanh worst relative error " + tanh);
    }

    /** Largest |f(x) − exact(x)| / |exact(x)| over POINTS evenly spaced x in [lo, hi] (x ≠ 0). */
    private static double worstRelativeError(
            UnaryOperator<FloatVector> f, DoubleUnaryOperator exact, float lo, float hi) {
        float[] x = new float[POINTS - POINTS % Simd.LANES];
        for (int i = 0; i < x.length; i++) {
            x[i] = lo + (hi - lo) * i / (x.length - 1);
        }
        float[] y = apply(f, x);
        double worst = 0;
        for (int i = 0; i < x.length; i++) {
            double e = exact.applyAsDouble(x[i]);
            if (e != 0) {
                worst = Math.max(worst, Math.abs(y[i] - e) / Math.abs(e));
            }
        }
        return worst;
    }

    private static float[] apply(UnaryOperator<FloatVector> f, float[] x) {
        float[] padded = java.util.Arrays.copyOf(x, (x.length + Simd.LANES - 1) / Simd.LANES * Simd.LANES);
        float[] y = new float[padded.length];
        for (int i = 0; i < padded.length; i += Simd.LANES) {
            f.apply(FloatVector.fromArray(Simd.SPECIES, padded, i)).intoArray(y, i);
        }
        return java.util.Arrays.copyOf(y, x.length);
    }
}
