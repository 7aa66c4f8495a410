package lfm.backend.cpu;

import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.LT;

import jdk.incubator.vector.FloatVector;

/**
 * exp, softplus, expm1 and tanh on float vectors from +, ×, fma, ÷ and bit operations only
 * (Cephes-style range reduction and polynomials, about 1–2 ulp). Why not the Vector API's own
 * {@code lanewise(EXP)}: it runs Java fallback code until C2 compiles the caller and a vendor library
 * (SVML) after, and the two differ in the last bits, so a seeded run would depend on JIT timing. Basic
 * IEEE operations give the same bits in the interpreter and in compiled code, so these do not.
 */
final class VectorMath {
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HIGH = 0.693359375f; // ln 2 split for exact n·ln 2
    private static final float LN2_LOW = -2.12194440e-4f;
    private static final float EXP_MAX = 88.37f; // n ≤ 127: 2ⁿ stays finite
    private static final float EXP_MIN = -87.33f; // n ≥ −126: 2ⁿ stays normal
    private static final float SMALL = 0.25f; // Taylor series below this |x|
    private static final float ROUNDING_SHIFT = 12582912f; // 1.5·2²³: v + it − it rounds v

    private VectorMath() {}

    /**
     * eˣ: x = n·ln 2 + r, |r| ≤ ln 2 / 2, eʳ by a degree-6 polynomial, 2ⁿ built in the exponent bits.
     * n is rounded by adding 1.5·2²³: the sum's low mantissa bits then hold n as an integer, so one
     * add gives both n (subtract the constant again) and the bits of 2ⁿ (shift them into the exponent),
     * with no float↔int conversion.
     */
    static FloatVector exp(FloatVector x) {
        // Compare-and-blend clamps (2 instructions each; max / min with Java's NaN and −0 rules take 6).
        x = x.blend(EXP_MIN, x.compare(LT, EXP_MIN)).blend(EXP_MAX, x.compare(GT, EXP_MAX));
        FloatVector shifted = x.mul(LOG2E).add(ROUNDING_SHIFT);
        FloatVector n = shifted.sub(ROUNDING_SHIFT);
        FloatVector r = n.fma(FloatVector.broadcast(Simd.SPECIES, -LN2_HIGH), x);
        r = n.fma(FloatVector.broadcast(Simd.SPECIES, -LN2_LOW), r);
        FloatVector p = r.fma(1.9875691500e-4f, 1.3981999507e-3f);
        p = p.fma(r, FloatVector.broadcast(Simd.SPECIES, 8.3334519073e-3f));
        p = p.fma(r, FloatVector.broadcast(Simd.SPECIES, 4.1665795894e-2f));
        p = p.fma(r, FloatVector.broadcast(Simd.SPECIES, 1.6666665459e-1f));
        p = p.fma(r, FloatVector.broadcast(Simd.SPECIES, 5.0000001201e-1f));
        FloatVector e = p.mul(r.mul(r)).add(r).add(1f);
        // bits(shifted) = bits(1.5·2²³) + n, and bits(1.5·2²³) has its low 9 bits clear: after the
        // shift only n + 127 is left, in the exponent field (n + 127 is in [1, 254] after the clamp).
        FloatVector powerOfTwo =
                shifted.reinterpretAsInts().add(127).lanewise(LSHL, 23).reinterpretAsFloats();
        return e.mul(powerOfTwo);
    }

    /**
     * log(1 + eᵃ) for any a, as max(a, 0) + log1p(u) with u = e^{−|a|} in (0, 1]: then
     * log1p(u) = 2·atanh(s) with s = u / (2 + u) in [0, 1/3], whose odd series in s² ≤ 1/9 is
     * accurate to 1e-8 (relative) after seven terms, for tiny u as well. One exp, one division.
     */
    static FloatVector softplus(FloatVector a) {
        FloatVector u = exp(a.abs().neg());
        FloatVector s = u.div(u.add(2f));
        FloatVector z = s.mul(s);
        FloatVector p = z.fma(2f / 13, 2f / 11);
        p = p.fma(z, FloatVector.broadcast(Simd.SPECIES, 2f / 9));
        p = p.fma(z, FloatVector.broadcast(Simd.SPECIES, 2f / 7));
        p = p.fma(z, FloatVector.broadcast(Simd.SPECIES, 2f / 5));
        p = p.fma(z, FloatVector.broadcast(Simd.SPECIES, 2f / 3));
        p = p.fma(z, FloatVector.broadcast(Simd.SPECIES, 2f));
        return p.fma(s, a.blend(0f, a.compare(LT, 0f)));
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
        FloatVector large = FloatVector.broadcast(Simd.SPECIES, 1f)
                .sub(FloatVector.broadcast(Simd.SPECIES, 2f).div(exp(a.add(a)).add(1f)));
        large = large.blend(large.neg(), x.compare(LT, 0f));
        return large.blend(series, a.compare(LT, SMALL));
    }
}
