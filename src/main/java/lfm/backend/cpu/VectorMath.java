package lfm.backend.cpu;

import static jdk.incubator.vector.VectorOperators.EQ;
import static jdk.incubator.vector.VectorOperators.F2I;
import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.I2F;
import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.LSHR;
import static jdk.incubator.vector.VectorOperators.LT;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;

/**
 * exp, log, log1p, expm1 and tanh on float vectors from +, ×, fma, ÷ and bit operations only
 * (Cephes-style range reduction and polynomials, about 1–2 ulp). Why not the Vector API's own
 * {@code lanewise(EXP)}: it runs Java fallback code until C2 compiles the caller and a vendor library
 * (SVML) after, and the two differ in the last bits, so a seeded run would depend on JIT timing. Basic
 * IEEE operations give the same bits in the interpreter and in compiled code, so these do not.
 */
final class VectorMath {
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HIGH = 0.693359375f;        // ln 2 split for exact n·ln 2
    private static final float LN2_LOW = -2.12194440e-4f;
    private static final float EXP_MAX = 88.37f;                // n ≤ 127: 2ⁿ stays finite
    private static final float EXP_MIN = -87.33f;               // n ≥ −126: 2ⁿ stays normal
    private static final float SQRT_HALF = 0.707106781186547524f;
    private static final float SMALL = 0.25f;                   // Taylor series below this |x|

    private VectorMath() {
    }

    /** eˣ: x = n·ln 2 + r, |r| ≤ ln 2 / 2, eʳ by a degree-6 polynomial, 2ⁿ built in the exponent bits. */
    static FloatVector exp(FloatVector x) {
        x = x.max(EXP_MIN).min(EXP_MAX);
        FloatVector n = floor(x.mul(LOG2E).add(0.5f));
        FloatVector r = n.fma(FloatVector.broadcast(Simd.SPECIES, -LN2_HIGH), x);
        r = n.fma(FloatVector.broadcast(Simd.SPECIES, -LN2_LOW), r);
        FloatVector p = r.fma(1.9875691500e-4f, 1.3981999507e-3f);
        p = p.fma(r, FloatVector.broadcast(Simd.SPECIES, 8.3334519073e-3f));
        p = p.fma(r, FloatVector.broadcast(Simd.SPECIES, 4.1665795894e-2f));
        p = p.fma(r, FloatVector.broadcast(Simd.SPECIES, 1.6666665459e-1f));
        p = p.fma(r, FloatVector.broadcast(Simd.SPECIES, 5.0000001201e-1f));
        FloatVector e = p.mul(r.mul(r)).add(r).add(1f);
        IntVector exponent = (IntVector) n.convert(F2I, 0);
        FloatVector powerOfTwo = exponent.add(127).lanewise(LSHL, 23).reinterpretAsFloats();
        return e.mul(powerOfTwo);
    }

    /** ln x for positive normal x: x = 2ᵉ·m, m in [√½, √2), ln m by a degree-9 polynomial. */
    static FloatVector log(FloatVector x) {
        IntVector bits = x.reinterpretAsInts();
        FloatVector exponent = ((IntVector) bits.lanewise(LSHR, 23).sub(126)).convert(I2F, 0).reinterpretAsFloats();
        FloatVector mantissa = bits.and(0x807FFFFF).or(0x3F000000).reinterpretAsFloats();   // [0.5, 1)
        VectorMask<Float> low = mantissa.compare(LT, SQRT_HALF);
        exponent = exponent.sub(1f, low);
        FloatVector m = mantissa.sub(1f).add(mantissa.blend(0f, low.not()));               // m − 1 or 2m − 1
        FloatVector z = m.mul(m);
        FloatVector y = m.fma(7.0376836292e-2f, -1.1514610310e-1f);
        y = y.fma(m, FloatVector.broadcast(Simd.SPECIES, 1.1676998740e-1f));
        y = y.fma(m, FloatVector.broadcast(Simd.SPECIES, -1.2420140846e-1f));
        y = y.fma(m, FloatVector.broadcast(Simd.SPECIES, 1.4249322787e-1f));
        y = y.fma(m, FloatVector.broadcast(Simd.SPECIES, -1.6668057665e-1f));
        y = y.fma(m, FloatVector.broadcast(Simd.SPECIES, 2.0000714765e-1f));
        y = y.fma(m, FloatVector.broadcast(Simd.SPECIES, -2.4999993993e-1f));
        y = y.fma(m, FloatVector.broadcast(Simd.SPECIES, 3.3333331174e-1f));
        y = y.mul(m).mul(z);
        y = exponent.fma(FloatVector.broadcast(Simd.SPECIES, LN2_LOW), y);
        y = z.fma(FloatVector.broadcast(Simd.SPECIES, -0.5f), y);
        return m.add(y).add(exponent.mul(LN2_HIGH));
    }

    /** ln(1 + u) for u &gt; −1, accurate for tiny u: ln(w)·u / (w − 1) with w = 1 + u (Goldberg). */
    static FloatVector log1p(FloatVector u) {
        FloatVector w = u.add(1f);
        FloatVector scaled = log(w).mul(u.div(w.sub(1f)));
        return scaled.blend(u, w.compare(EQ, 1f));
    }

    /** eˣ − 1: a Taylor polynomial for |x| &lt; 1/4 (no cancellation), exp(x) − 1 beyond. */
    static FloatVector expm1(FloatVector x) {
        FloatVector p = x.fma(1f / 5040, 1f / 720);
        p = p.fma(x, FloatVector.broadcast(Simd.SPECIES, 1f / 120));
        p = p.fma(x, FloatVector.broadcast(Simd.SPECIES, 1f / 24));
        p = p.fma(x, FloatVector.broadcast(Simd.SPECIES, 1f / 6));
        p = p.fma(x, FloatVector.broadcast(Simd.SPECIES, 0.5f));
        FloatVector series = p.mul(x.mul(x)).add(x);
        return exp(x).sub(1f).blend(series, x.abs().compare(LT, SMALL));
    }

    /** tanh x: an odd Taylor polynomial for |x| &lt; 1/4, else sign(x)·(1 − 2 / (e^{2|x|} + 1)). */
    static FloatVector tanh(FloatVector x) {
        FloatVector a = x.abs();
        FloatVector z = x.mul(x);
        FloatVector p = z.fma(62f / 2835, -17f / 315);
        p = p.fma(z, FloatVector.broadcast(Simd.SPECIES, 2f / 15));
        p = p.fma(z, FloatVector.broadcast(Simd.SPECIES, -1f / 3));
        FloatVector series = p.mul(z).fma(x, x);
        FloatVector large = FloatVector.broadcast(Simd.SPECIES, 1f).sub(
                FloatVector.broadcast(Simd.SPECIES, 2f).div(exp(a.add(a)).add(1f)));
        large = large.blend(large.neg(), x.compare(LT, 0f));
        return large.blend(series, a.compare(LT, SMALL));
    }

    /** ⌊v⌋ for |v| &lt; 2³¹: truncate, then step down where truncation went up (negative v). */
    private static FloatVector floor(FloatVector v) {
        FloatVector truncated = ((IntVector) v.convert(F2I, 0)).convert(I2F, 0).reinterpretAsFloats();
        return truncated.sub(1f, truncated.compare(GT, v));
    }
}
