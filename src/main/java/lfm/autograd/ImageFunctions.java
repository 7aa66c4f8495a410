package lfm.autograd;

import lfm.backend.Activation;
import lfm.backend.Backend;
import lfm.backend.ConvGeometry;
import lfm.random.RandomKey;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;

/**
 * The differentiable ops of convolutional networks on NHWC images, each a batch seen as a
 * (B·H·W, C) matrix: convolution (with a fused residual), group normalisation (with a fused
 * activation), the per-sample channel bias, dropout, reshapes, and the UNet's timestep embedding.
 */
public final class ImageFunctions {
    private ImageFunctions() {}

    /** y = conv(x) + bias (+ residual); see the next form. */
    public static Variable conv2d(
            Tape tape, Variable x, Variable weight, Variable bias, ConvGeometry geometry, Variable residual) {
        return conv2d(tape, x, weight, bias, null, geometry, residual);
    }

    /**
     * y = conv(x) + bias + sampleBias[b] + residual, in one op (the epilogue is fused), shapes as
     * {@link ConvGeometry} says; weight (C_out, C_in·k²), bias (C_out), sampleBias (B, C_out) and
     * residual (B·H_out·W_out, C_out) each optional. Backward: dx from conv2dBackwardData, dW and db
     * from conv2dBackwardFilter, d(sampleBias) the per-sample sums of dy, d(residual) = dy.
     */
    public static Variable conv2d(
            Tape tape,
            Variable x,
            Variable weight,
            Variable bias,
            Variable sampleBias,
            ConvGeometry geometry,
            Variable residual) {
        Backend backend = tape.backend();
        Tensor out = tape.allocateLike(Shape.matrix(geometry.outputRows(), geometry.outChannels()), x.value());
        backend.conv2d(
                x.value(), weight.value(), value(bias), value(sampleBias), value(residual), geometry, out, false);
        Variable result = tape.result(out, x, weight, bias, sampleBias, residual);
        tape.record(result, () -> {
            Tensor gradOut = result.grad();
            if (residual != null && residual.requiresGrad()) {
                addInto(tape, gradOut, residual);
            }
            if (sampleBias != null && sampleBias.requiresGrad()) {
                boolean accumulate = sampleBias.grad() != null;
                backend.sampleBiasBackward(gradOut, tape.gradForWrite(sampleBias), accumulate);
            }
            boolean biasGrad = bias != null && bias.requiresGrad();
            if (weight.requiresGrad()) {
                backend.conv2dBackwardFilter(
                        x.value(), gradOut, geometry, tape.gradOf(weight), biasGrad ? tape.gradOf(bias) : null, true);
            } else if (biasGrad) {
                backend.columnSums(gradOut, tape.gradOf(bias), true);
            }
            if (x.requiresGrad()) {
                boolean accumulate = x.grad() != null;
                backend.conv2dBackwardData(gradOut, weight.value(), geometry, tape.gradForWrite(x), accumulate);
            }
        });
        return result;
    }

    private static Tensor value(Variable variable) {
        return variable == null ? null : variable.value();
    }

    /** d(into) += gradient: a copy when nothing has flowed into it yet. */
    static void addInto(Tape tape, Tensor gradient, Variable into) {
        if (into.grad() == null) {
            tape.backend().copy(gradient, tape.gradForWrite(into));
        } else {
            tape.backend().axpy(1f, gradient, into.grad());
        }
    }

    /**
     * y = act(GroupNorm(x)) over B samples and {@code groups} channel groups (see
     * {@link Backend#groupNorm}); x (B·P, C), gamma and beta (C). μ and 1/σ are saved for the backward.
     */
    public static Variable groupNorm(
            Tape tape,
            Variable x,
            Variable gamma,
            Variable beta,
            int batch,
            int groups,
            float epsilon,
            Activation activation) {
        Backend backend = tape.backend();
        Tensor out = tape.allocateLike(x.value().shape(), x.value());
        Tensor mean = tape.allocateLike(Shape.matrix(batch, groups), x.value());
        Tensor inverseStd = tape.allocateLike(Shape.matrix(batch, groups), x.value());
        backend.groupNorm(x.value(), gamma.value(), beta.value(), epsilon, activation, out, mean, inverseStd);
        Variable result = tape.result(out, x, gamma, beta);
        tape.record(result, () -> {
            if (!x.requiresGrad() && !gamma.requiresGrad() && !beta.requiresGrad()) {
                return;
            }
            boolean accumulate = x.requiresGrad() && x.grad() != null;
            Tensor gradInput = x.requiresGrad()
                    ? tape.gradForWrite(x)
                    : tape.allocateLike(x.value().shape(), x.value());
            backend.groupNormBackward(
                    x.value(),
                    gamma.value(),
                    beta.value(),
                    mean,
                    inverseStd,
                    activation,
                    result.grad(),
                    gradInput,
                    accumulate,
                    gamma.requiresGrad() ? tape.gradOf(gamma) : null,
                    beta.requiresGrad() ? tape.gradOf(beta) : null);
        });
        return result;
    }

    /** y[b·P + p, c] = x[b·P + p, c] + bias[b, c]; x (B·P, C), bias (B, C). */
    public static Variable addSampleBias(Tape tape, Variable x, Variable bias) {
        Backend backend = tape.backend();
        Tensor out = tape.allocateLike(x.value().shape(), x.value());
        backend.addSampleBias(x.value(), bias.value(), out);
        Variable result = tape.result(out, x, bias);
        tape.record(result, () -> {
            if (x.requiresGrad()) {
                addInto(tape, result.grad(), x);
            }
            if (bias.requiresGrad()) {
                boolean accumulate = bias.grad() != null;
                backend.sampleBiasBackward(result.grad(), tape.gradForWrite(bias), accumulate);
            }
        });
        return result;
    }

    /**
     * Inverted dropout with probability p and the Philox mask of {@code key}; x itself when p = 0.
     * Backward: the same mask on the gradient. (Networks skip it at inference themselves.)
     */
    public static Variable dropout(Tape tape, Variable x, float probability, RandomKey key) {
        if (probability == 0f) {
            return x;
        }
        Backend backend = tape.backend();
        Tensor out = tape.allocateLike(x.value().shape(), x.value());
        backend.dropout(x.value(), probability, key, out, false);
        Variable result = tape.result(out, x);
        tape.record(result, () -> {
            boolean accumulate = x.grad() != null;
            backend.dropout(result.grad(), probability, key, tape.gradForWrite(x), accumulate);
        });
        return result;
    }

    /** The same values seen with another shape of the same size (no copy); the gradient flows back unchanged. */
    public static Variable reshape(Tape tape, Variable x, Shape shape) {
        Variable result = tape.result(x.value().view(shape), x);
        tape.record(result, () -> addInto(tape, result.grad(), x));
        return result;
    }

    /** The UNet's embedding of t (N, 1) into (N, width): [cos ωₖt | sin ωₖt], ωₖ = 10000^(−k/(width/2)). */
    public static Variable timestepEmbedding(Tape tape, Variable t, int width) {
        Backend backend = tape.backend();
        Tensor out = tape.allocateLike(Shape.matrix(t.rows(), width), t.value());
        backend.timestepEmbedding(t.value(), out);
        Variable result = tape.result(out, t);
        tape.record(result, () -> backend.timestepEmbeddingBackward(t.value(), result.grad(), tape.gradOf(t), true));
        return result;
    }
}
