package lfm.likelihood;

import java.util.List;
import lfm.autograd.Tape;
import lfm.backend.Activation;
import lfm.backend.Backend;
import lfm.nn.Linear;
import lfm.nn.MlpField;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;

/**
 * Forward-mode differentiation of a velocity field: v(x, t) and J·u for k tangent directions u per
 * point, in one pass. The tangents are stacked as a (k·N, width) batch, so every layer's tangent
 * product is one large GEMM:
 * <pre>
 *   h₀ = [time | x | cond]          U₀ = [0 | u | 0]        (k·N, in)
 *   preₗ = hₗ₋₁ Wₗᵀ + bₗ            Uₗ = act'(preₗ) ⊙ (Uₗ₋₁ Wₗᵀ)
 *   v = h_L W_outᵀ + b_out          J u = U_L W_outᵀ          (k·N, D)
 * </pre>
 * Row r of a tangent batch belongs to point r mod N (block d = r / N is direction d). The condition
 * columns of a conditional field (c or its encoding, and the null flag) do not depend on x, so their
 * tangents are zero: J is ∂v/∂x at fixed c.
 */
final class TangentForward {
    private TangentForward() {}

    /**
     * The velocity and its Jacobian-vector products in one forward pass.
     *
     * @param x        points (N, D)
     * @param t        time shared by all points
     * @param condition the points' conditions (N, C), or null (unconditional field, or the null condition)
     * @param tangents input tangents U₀ over the network's input columns (k·N, in): zero on the time columns
     * @param velocity receives v(x, t) (N, D)
     * @return J·u stacked (k·N, D), allocated in {@code scratch}
     */
    static Tensor evaluate(
            MlpField field,
            Tensor x,
            double t,
            Tensor condition,
            Tensor tangents,
            Tensor velocity,
            TensorArena scratch) {
        Backend backend = x.backend();
        int n = x.rows();
        var config = field.config();
        Tensor time = scratch.allocate(Shape.matrix(n, 1));
        backend.fill(time, (float) t);
        Tensor timeInput = time;
        if (config.timeFrequencies() > 0) {
            timeInput = scratch.allocate(Shape.matrix(n, config.timeColumns()));
            backend.timeEmbedding(time, timeInput);
        }
        Tensor h = scratch.allocate(Shape.matrix(n, config.timeColumns() + config.dimension()));
        backend.concatColumns(timeInput, x, h);
        if (config.condition().present()) {
            Tape inference = Tape.inference(backend, scratch);
            Tensor columns = field.conditionColumns(
                            inference, condition == null ? null : inference.constant(condition), n)
                    .value();
            Tensor input = scratch.allocate(Shape.matrix(n, config.inputWidth()));
            backend.concatColumns(h, columns, input);
            h = input;
        }
        Tensor u = tangents;
        List<Linear> layers = field.net().layers();
        for (int i = 0; i < layers.size(); i++) {
            Linear layer = layers.get(i);
            boolean last = i == layers.size() - 1;
            Tensor weight = layer.weight().value();
            Activation activation = last ? Activation.IDENTITY : field.net().activation();
            Tensor pre = last ? velocity : scratch.allocate(Shape.matrix(n, layer.outputs()));
            Tensor out = last ? velocity : scratch.allocate(pre.shape());
            backend.denseForward(h, weight, layer.bias().value(), activation, pre, out);
            Tensor tangentPre = scratch.allocate(Shape.matrix(u.rows(), layer.outputs()));
            backend.matmul(u, false, weight, true, tangentPre, 1f, 0f);
            if (last) {
                return tangentPre;
            }
            backend.activationTangent(pre, activation, tangentPre);
            h = out;
            u = tangentPre;
        }
        throw new IllegalStateException("a velocity field has at least one layer");
    }
}
