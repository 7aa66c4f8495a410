package lfm.autograd;

import java.util.ArrayList;
import java.util.List;
import lfm.backend.Activation;
import lfm.backend.Backend;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;

/**
 * A chain of dense layers recorded as one tape op, so that its backward can fuse across layers:
 * <pre>
 *   forward:  h₀ = x;  preₗ = hₗ₋₁·Wₗᵀ + bₗ;  hₗ = act(preₗ) (l &lt; L);  y = pre_L   (the last layer is linear)
 *   backward: g_L = dy;  db_L += Σ_rows g_L
 *             for l = L … 1:  dWₗ += gₗᵀ·hₗ₋₁;
 *                             gₗ₋₁ = (gₗ·Wₗ) ⊙ act'(preₗ₋₁), dbₗ₋₁ += Σ_rows gₗ₋₁   (one op: no zero fill,
 *                                                                                  no pass over gₗ·Wₗ)
 *             dx += g₁·W₁ (only when x needs a gradient)
 * </pre>
 * Each layer's forward is {@link Backend#denseForward} and each gₗ₋₁ one
 * {@link Backend#denseBackwardInput}, so values and gradients are those of the layer-by-layer
 * {@link Functions#dense} chain (the same backend operations, without the intermediate gradients
 * being zero-filled and accumulated into). Shapes: x (N, in), Wₗ (outₗ, inₗ), bₗ (1, outₗ) or null.
 */
public final class DenseChain {
    private DenseChain() {}

    /** y = the chain applied to x; {@code activation} after every layer but the last. */
    public static Variable apply(
            Tape tape, Variable x, List<Variable> weights, List<Variable> biases, Activation activation) {
        if (weights.isEmpty() || weights.size() != biases.size()) {
            throw new IllegalArgumentException(
                    "a dense chain needs as many biases (or nulls) as weights, at least one");
        }
        Backend backend = tape.backend();
        int layers = weights.size();
        if (!tape.isRecording()) {
            // Inference: no intermediate is kept, so the backend may take tiles of rows through every layer.
            Tensor out = tape.allocateLike(
                    Shape.matrix(x.rows(), weights.get(layers - 1).rows()), x.value());
            List<Tensor> weightValues = new ArrayList<>(layers);
            List<Tensor> biasValues = new ArrayList<>(layers);
            for (int l = 0; l < layers; l++) {
                weightValues.add(weights.get(l).value());
                biasValues.add(biases.get(l) == null ? null : biases.get(l).value());
            }
            backend.denseChainForward(x.value(), weightValues, biasValues, activation, out, tape.arena());
            return tape.result(out, x);
        }
        List<Tensor> inputs = new ArrayList<>(layers);
        List<Tensor> pres = new ArrayList<>(layers);
        Tensor h = x.value();
        for (int l = 0; l < layers; l++) {
            boolean last = l == layers - 1;
            Tensor pre = tape.allocateLike(Shape.matrix(h.rows(), weights.get(l).rows()), h);
            Tensor out = last ? pre : tape.allocateLike(pre.shape(), pre);
            Variable bias = biases.get(l);
            backend.denseForward(
                    h,
                    weights.get(l).value(),
                    bias == null ? null : bias.value(),
                    last ? Activation.IDENTITY : activation,
                    pre,
                    out);
            inputs.add(h);
            pres.add(pre);
            h = out;
        }
        List<Variable> all = new ArrayList<>(weights);
        all.add(x);
        for (Variable bias : biases) {
            if (bias != null) {
                all.add(bias);
            }
        }
        Variable result = tape.result(h, all.toArray(Variable[]::new));
        tape.record(result, () -> backward(tape, result, x, weights, biases, activation, inputs, pres));
        return result;
    }

    private static void backward(
            Tape tape,
            Variable result,
            Variable x,
            List<Variable> weights,
            List<Variable> biases,
            Activation activation,
            List<Tensor> inputs,
            List<Tensor> pres) {
        Backend backend = tape.backend();
        int last = weights.size() - 1;
        Tensor g = result.grad();
        // The linear last layer: act' = 1, so its pass only takes the bias gradient (in place, as Functions.dense).
        Variable lastBias = biases.get(last);
        backend.activationBackward(
                pres.get(last), null, g, Activation.IDENTITY, g, needs(lastBias) ? tape.gradOf(lastBias) : null);
        for (int l = last; l >= 0; l--) {
            Variable weight = weights.get(l);
            if (weight.requiresGrad()) {
                backend.matmul(g, true, inputs.get(l), false, tape.gradOf(weight), 1f, 1f);
            }
            if (l == 0) {
                if (x.requiresGrad()) {
                    backend.matmul(g, false, weight.value(), false, tape.gradOf(x), 1f, 1f);
                }
                return;
            }
            Tensor below = tape.allocateLike(pres.get(l - 1).shape(), g);
            Variable bias = biases.get(l - 1);
            backend.denseBackwardInput(
                    g,
                    weight.value(),
                    pres.get(l - 1),
                    inputs.get(l),
                    activation,
                    below,
                    needs(bias) ? tape.gradOf(bias) : null);
            g = below;
        }
    }

    private static boolean needs(Variable bias) {
        return bias != null && bias.requiresGrad();
    }
}
