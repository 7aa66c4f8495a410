package lfm.backend;

import java.util.Locale;
import lfm.bindings.kernels.LfmKernelConstants;

/**
 * Pointwise activation with its parameter. Formulas (x = pre-activation, y = output):
 * <ul>
 *   <li>IDENTITY: y = x</li>
 *   <li>RELU: y = max(x, 0); y' = [x > 0]</li>
 *   <li>SOFTPLUS(β): y = log(1 + e^{βx}) / β, and y = x where βx &gt; 20 (PyTorch's threshold);
 *       y' = sigmoid(βx) (1 past the threshold)</li>
 *   <li>SILU: y = x · sigmoid(x); y' = s + x s (1 − s) with s = sigmoid(x)</li>
 *   <li>ELU(α): y = x for x &gt; 0, α (e^x − 1) otherwise; y' = 1 or y + α</li>
 *   <li>TANH: y = tanh x; y' = 1 − y²</li>
 * </ul>
 *
 * @param kind      which function
 * @param parameter β for SOFTPLUS, α for ELU, unused otherwise
 */
public record Activation(Kind kind, float parameter) {

    public enum Kind {
        IDENTITY,
        RELU,
        SOFTPLUS,
        SILU,
        ELU,
        TANH;

        /**
         * The kind's code in native/lfm_kernels.h ({@code LFM_ACT_*}, generated into {@link LfmKernelConstants}):
         * the switch is exhaustive, so a new kind does not compile until it has its code.
         */
        public int code() {
            return switch (this) {
                case IDENTITY -> LfmKernelConstants.LFM_ACT_IDENTITY;
                case RELU -> LfmKernelConstants.LFM_ACT_RELU;
                case SOFTPLUS -> LfmKernelConstants.LFM_ACT_SOFTPLUS;
                case SILU -> LfmKernelConstants.LFM_ACT_SILU;
                case ELU -> LfmKernelConstants.LFM_ACT_ELU;
                case TANH -> LfmKernelConstants.LFM_ACT_TANH;
            };
        }
    }

    /** Past β·x above this, Softplus returns x (as PyTorch does). */
    public static final double SOFTPLUS_THRESHOLD = 20.0;

    public static final Activation IDENTITY = new Activation(Kind.IDENTITY, 0f);
    public static final Activation RELU = new Activation(Kind.RELU, 0f);
    public static final Activation SILU = new Activation(Kind.SILU, 0f);
    public static final Activation TANH = new Activation(Kind.TANH, 0f);

    public static Activation softplus(float beta) {
        if (!(beta > 0)) {
            throw new IllegalArgumentException("Softplus needs β > 0, got " + beta);
        }
        return new Activation(Kind.SOFTPLUS, beta);
    }

    public static Activation elu(float alpha) {
        return new Activation(Kind.ELU, alpha);
    }

    /**
     * Parses "relu", "silu", "tanh", "identity", "softplus" (β = 20, the authors' 2D setting),
     * "softplus:β", "elu" (α = 1) or "elu:α".
     */
    public static Activation parse(String text) {
        String[] parts = text.trim().toLowerCase(Locale.ROOT).split(":", 2);
        Float value = parts.length == 2 ? Float.parseFloat(parts[1]) : null;
        return switch (parts[0]) {
            case "identity", "linear", "none" -> IDENTITY;
            case "relu" -> RELU;
            case "silu", "swish" -> SILU;
            case "tanh" -> TANH;
            case "softplus" -> softplus(value == null ? 20f : value);
            case "elu" -> elu(value == null ? 1f : value);
            default ->
                throw new IllegalArgumentException("unknown activation '" + text
                        + "' (expected relu, softplus[:β], silu, elu[:α], tanh, identity)");
        };
    }

    /** y(x) in double: the reference formula every backend is tested against. */
    public double apply(double x) {
        return switch (kind) {
            case IDENTITY -> x;
            case RELU -> x > 0 ? x : 0;
            case SOFTPLUS -> parameter * x > SOFTPLUS_THRESHOLD ? x : Math.log1p(Math.exp(parameter * x)) / parameter;
            case SILU -> x / (1 + Math.exp(-x));
            case ELU -> x > 0 ? x : parameter * Math.expm1(x);
            case TANH -> Math.tanh(x);
        };
    }

    /** dy/dx at x, in double. */
    public double derivative(double x) {
        return switch (kind) {
            case IDENTITY -> 1;
            case RELU -> x > 0 ? 1 : 0;
            case SOFTPLUS -> parameter * x > SOFTPLUS_THRESHOLD ? 1 : 1 / (1 + Math.exp(-parameter * x));
            case SILU -> {
                double s = 1 / (1 + Math.exp(-x));
                yield s + x * s * (1 - s);
            }
            case ELU -> x > 0 ? 1 : parameter * Math.exp(x);
            case TANH -> {
                double y = Math.tanh(x);
                yield 1 - y * y;
            }
        };
    }

    @Override
    public String toString() {
        return switch (kind) {
            case SOFTPLUS -> "softplus:" + parameter;
            case ELU -> "elu:" + parameter;
            default -> kind.name().toLowerCase(Locale.ROOT);
        };
    }
}
