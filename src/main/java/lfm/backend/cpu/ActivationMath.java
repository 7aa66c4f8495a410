package lfm.backend.cpu;

import static jdk.incubator.vector.VectorOperators.GT;
import static lfm.backend.cpu.Simd.LANES;
import static lfm.backend.cpu.Simd.SPECIES;
import static lfm.backend.cpu.Simd.get;
import static lfm.backend.cpu.Simd.set;
import static lfm.backend.cpu.Simd.vectorEnd;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import lfm.backend.Activation;

/**
 * One row of an activation: the values (with the bias added in the same pass) and the slopes act'.
 * Formulas are those of {@link Activation}; the vector code computes them in float with the
 * JIT-independent {@link VectorMath} (exp, softplus, expm1, tanh); the scalar tails call
 * {@link Activation#apply} and {@link Activation#derivative} (double, then rounded). Each activation has its own loop so that no
 * vector value crosses a branch on the kind.
 */
final class ActivationMath {
    private static final float SOFTPLUS_THRESHOLD = (float) Activation.SOFTPLUS_THRESHOLD;

    private final boolean vector;

    ActivationMath(boolean vector) {
        this.vector = vector;
    }

    boolean vector() {
        return vector;
    }

    /** pre[base + j] += bias[j]; out[base + j] = act(pre[base + j]) for j in [0, cols). */
    void forwardRow(
            Activation activation, MemorySegment pre, MemorySegment bias, MemorySegment out, long base, int cols) {
        int end = vectorEnd(vector, 0, cols);
        float p = activation.parameter();
        switch (activation.kind()) {
            case IDENTITY -> identity(pre, bias, out, base, end);
            case RELU -> relu(pre, bias, out, base, end);
            case SOFTPLUS -> softplus(p, pre, bias, out, base, end);
            case SILU -> silu(pre, bias, out, base, end);
            case ELU -> elu(p, pre, bias, out, base, end);
            case TANH -> tanh(pre, bias, out, base, end);
            // "case null" makes this an enhanced switch, which must cover every kind: a new kind is a compile error.
            case null -> throw new NullPointerException("activation kind");
        }
        for (int j = end; j < cols; j++) {
            float x = get(pre, base + j) + get(bias, j);
            set(pre, base + j, x);
            set(out, base + j, (float) activation.apply(x));
        }
    }

    /**
     * slopes[j] = act'(pre[base + j]) for j in [0, cols). {@code out} (the forward output, may be
     * null) lets tanh use 1 − y² instead of recomputing y.
     */
    void slopeRow(Activation activation, MemorySegment pre, MemorySegment out, long base, int cols, float[] slopes) {
        int end = vectorEnd(vector, 0, cols);
        float p = activation.parameter();
        switch (activation.kind()) {
            case IDENTITY -> java.util.Arrays.fill(slopes, 0, end, 1f);
            case RELU -> reluSlope(pre, base, end, slopes);
            case SOFTPLUS -> softplusSlope(p, pre, base, end, slopes);
            case SILU -> siluSlope(pre, base, end, slopes);
            case ELU -> eluSlope(p, pre, base, end, slopes);
            case TANH -> tanhSlope(pre, out, base, end, slopes);
            case null -> throw new NullPointerException("activation kind"); // exhaustive, as in forwardRow
        }
        for (int j = end; j < cols; j++) {
            slopes[j] = (float) activation.derivative(get(pre, base + j));
        }
    }

    // ---------------------------------------------------------------- values (vector part of a row)

    private static FloatVector biased(MemorySegment pre, MemorySegment bias, long base, int j) {
        FloatVector x = FloatVector.fromMemorySegment(Simd.SPECIES, pre, (base + j) << 2, Simd.ORDER)
                .add(FloatVector.fromMemorySegment(Simd.SPECIES, bias, j << 2, Simd.ORDER));
        x.intoMemorySegment(pre, (base + j) << 2, Simd.ORDER);
        return x;
    }

    private static void identity(MemorySegment pre, MemorySegment bias, MemorySegment out, long base, int end) {
        for (int j = 0; j < end; j += LANES) {
            biased(pre, bias, base, j).intoMemorySegment(out, (base + j) << 2, Simd.ORDER);
        }
    }

    private static void relu(MemorySegment pre, MemorySegment bias, MemorySegment out, long base, int end) {
        for (int j = 0; j < end; j += LANES) {
            biased(pre, bias, base, j).max(0f).intoMemorySegment(out, (base + j) << 2, Simd.ORDER);
        }
    }

    /** y = log(1 + e^{βx}) / β, and y = x where βx > 20. */
    private static void softplus(
            float beta, MemorySegment pre, MemorySegment bias, MemorySegment out, long base, int end) {
        float inverseBeta = 1f / beta;
        for (int j = 0; j < end; j += LANES) {
            FloatVector x = biased(pre, bias, base, j);
            FloatVector scaled = x.mul(beta);
            FloatVector y = VectorMath.softplus(scaled).mul(inverseBeta);
            y.blend(x, scaled.compare(GT, SOFTPLUS_THRESHOLD)).intoMemorySegment(out, (base + j) << 2, Simd.ORDER);
        }
    }

    /** y = x / (1 + e^{−x}). */
    private static void silu(MemorySegment pre, MemorySegment bias, MemorySegment out, long base, int end) {
        for (int j = 0; j < end; j += LANES) {
            FloatVector x = biased(pre, bias, base, j);
            x.div(VectorMath.exp(x.neg()).add(1f)).intoMemorySegment(out, (base + j) << 2, Simd.ORDER);
        }
    }

    /** y = x for x > 0, α (e^x − 1) otherwise. */
    private static void elu(float alpha, MemorySegment pre, MemorySegment bias, MemorySegment out, long base, int end) {
        for (int j = 0; j < end; j += LANES) {
            FloatVector x = biased(pre, bias, base, j);
            FloatVector negative = VectorMath.expm1(x).mul(alpha);
            negative.blend(x, x.compare(GT, 0f)).intoMemorySegment(out, (base + j) << 2, Simd.ORDER);
        }
    }

    private static void tanh(MemorySegment pre, MemorySegment bias, MemorySegment out, long base, int end) {
        for (int j = 0; j < end; j += LANES) {
            VectorMath.tanh(biased(pre, bias, base, j)).intoMemorySegment(out, (base + j) << 2, Simd.ORDER);
        }
    }

    // ---------------------------------------------------------------- slopes (vector part of a row)

    private static void reluSlope(MemorySegment pre, long base, int end, float[] slopes) {
        FloatVector zero = FloatVector.zero(SPECIES);
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        for (int j = 0; j < end; j += LANES) {
            zero.blend(
                            one,
                            FloatVector.fromMemorySegment(Simd.SPECIES, pre, (base + j) << 2, Simd.ORDER)
                                    .compare(GT, 0f))
                    .intoArray(slopes, j);
        }
    }

    /** y' = 1 / (1 + e^{−βx}), and 1 where βx > 20. */
    private static void softplusSlope(float beta, MemorySegment pre, long base, int end, float[] slopes) {
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        for (int j = 0; j < end; j += LANES) {
            FloatVector scaled = FloatVector.fromMemorySegment(Simd.SPECIES, pre, (base + j) << 2, Simd.ORDER)
                    .mul(beta);
            FloatVector sigmoid = one.div(VectorMath.exp(scaled.neg()).add(1f));
            sigmoid.blend(one, scaled.compare(GT, SOFTPLUS_THRESHOLD)).intoArray(slopes, j);
        }
    }

    /** y' = s + x s (1 − s), s = sigmoid(x). */
    private static void siluSlope(MemorySegment pre, long base, int end, float[] slopes) {
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        for (int j = 0; j < end; j += LANES) {
            FloatVector x = FloatVector.fromMemorySegment(Simd.SPECIES, pre, (base + j) << 2, Simd.ORDER);
            FloatVector s = one.div(VectorMath.exp(x.neg()).add(1f));
            x.mul(s).mul(one.sub(s)).add(s).intoArray(slopes, j);
        }
    }

    /** y' = 1 for x > 0, α e^x otherwise. */
    private static void eluSlope(float alpha, MemorySegment pre, long base, int end, float[] slopes) {
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        for (int j = 0; j < end; j += LANES) {
            FloatVector x = FloatVector.fromMemorySegment(Simd.SPECIES, pre, (base + j) << 2, Simd.ORDER);
            VectorMath.exp(x).mul(alpha).blend(one, x.compare(GT, 0f)).intoArray(slopes, j);
        }
    }

    /** y' = 1 − y², y read from out when given, else tanh(pre). */
    private static void tanhSlope(MemorySegment pre, MemorySegment out, long base, int end, float[] slopes) {
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        if (out != null) {
            for (int j = 0; j < end; j += LANES) {
                FloatVector y = FloatVector.fromMemorySegment(Simd.SPECIES, out, (base + j) << 2, Simd.ORDER);
                one.sub(y.mul(y)).intoArray(slopes, j);
            }
        } else {
            for (int j = 0; j < end; j += LANES) {
                FloatVector y =
                        VectorMath.tanh(FloatVector.fromMemorySegment(Simd.SPECIES, pre, (base + j) << 2, Simd.ORDER));
                one.sub(y.mul(y)).intoArray(slopes, j);
            }
        }
    }
}
