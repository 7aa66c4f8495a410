package lfm.flow;

import java.util.Locale;
import lfm.bindings.kernels.LfmKernelConstants;

/**
 * The path I_t = α(t)·x_l + σ(t)·x_r between a left point x_l (t = 0, data side) and a right point
 * x_r (t = 1, noise side), with closed-form coefficients and their time derivatives, so that the
 * regression target is ∂_t I_t = α'(t)·x_l + σ'(t)·x_r.
 * <ul>
 *   <li>OT (linear): α = 1 − t, σ = t; α' = −1, σ' = 1.</li>
 *   <li>TRIG: α = cos(πt/2), σ = sin(πt/2); α' = −(π/2) sin(πt/2), σ' = (π/2) cos(πt/2); α² + σ² = 1.</li>
 * </ul>
 */
public enum Interpolant {
    OT,
    TRIG;

    private static final double HALF_PI = Math.PI / 2;

    // Switch expressions over this enum: a new interpolant does not compile until each formula has its case.

    /** The interpolant's code in native/lfm_kernels.h ({@code LFM_INTERPOLANT_*}, in {@link LfmKernelConstants}). */
    public int code() {
        return switch (this) {
            case OT -> LfmKernelConstants.LFM_INTERPOLANT_OT;
            case TRIG -> LfmKernelConstants.LFM_INTERPOLANT_TRIG;
        };
    }

    public double alpha(double t) {
        return switch (this) {
            case OT -> 1 - t;
            case TRIG -> Math.cos(HALF_PI * t);
        };
    }

    public double sigma(double t) {
        return switch (this) {
            case OT -> t;
            case TRIG -> Math.sin(HALF_PI * t);
        };
    }

    public double alphaDot(double t) {
        return switch (this) {
            case OT -> -1;
            case TRIG -> -HALF_PI * Math.sin(HALF_PI * t);
        };
    }

    public double sigmaDot(double t) {
        return switch (this) {
            case OT -> 1;
            case TRIG -> HALF_PI * Math.cos(HALF_PI * t);
        };
    }

    public static Interpolant parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "ot", "linear" -> OT;
            case "trig", "trigonometric" -> TRIG;
            default -> throw new IllegalArgumentException("unknown interpolant '" + text + "' (expected trig or ot)");
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
