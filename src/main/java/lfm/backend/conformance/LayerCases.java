package lfm.backend.conformance;

import java.util.ArrayList;
import java.util.List;
import lfm.backend.Activation;
import lfm.tensor.Tensor;

/**
 * The fused dense-layer ops for every activation: denseForward (thin, edge and packed shapes),
 * biasActivation (with and without a bias, and the
 * identity in place), activationBackward (with and without the bias gradient, gradPre aliasing
 * gradOut) and activationTangent (3 stacked tangents). Pre-activations span [−3, 3] so Softplus(β = 20)
 * crosses its threshold and ELU / ReLU both signs.
 */
final class LayerCases {
    private static final Activation[] ACTIVATIONS = {
        Activation.IDENTITY,
        Activation.RELU,
        Activation.softplus(20f),
        Activation.softplus(1f),
        Activation.SILU,
        Activation.elu(1f),
        Activation.elu(0.5f),
        Activation.TANH,
    };
    /** {rows, cols}: odd edges, a wide layer, and 300 × 256 (several row chunks, split over threads). */
    private static final int[][] SHAPES = {{1, 1}, {7, 3}, {33, 65}, {1000, 257}, {300, 256}};

    private static final Tolerance VALUES = new Tolerance(1e-6, 1e-5);
    /**
     * denseChainForward widths in → … → out: the shape a CPU backend takes through every layer per row
     * tile (thin in and out, equal hidden widths, one of them a whole 256), and two it does not.
     */
    private static final int[][] CHAIN_WIDTHS = {{3, 40, 40, 2}, {7, 256, 256, 256, 6}, {20, 30, 5}, {3, 33, 17, 2}};
    /** denseForward {rows, in, out}: a thin first layer (in ≤ 16), odd edges, a packed product over two K blocks. */
    private static final int[][] DENSE_SHAPES = {{1000, 3, 257}, {7, 5, 3}, {300, 260, 70}};

    private LayerCases() {}

    static List<ConformanceCase> all() {
        List<ConformanceCase> cases = new ArrayList<>();
        for (Activation activation : ACTIVATIONS) {
            for (int[] shape : SHAPES) {
                cases.add(forward(activation, shape[0], shape[1], true));
                cases.add(backward(activation, shape[0], shape[1], true, false));
                cases.add(tangent(activation, shape[0], shape[1]));
            }
            cases.add(forward(activation, 33, 65, false));
            for (int[] shape : DENSE_SHAPES) {
                cases.add(dense(activation, shape[0], shape[1], shape[2], true));
            }
            cases.add(dense(activation, 33, 65, 17, false));
            for (int[] shape : DENSE_SHAPES) {
                cases.add(denseBackward(activation, shape[0], shape[2], shape[1], true));
            }
            cases.add(denseBackward(activation, 300, 256, 256, true)); // a hidden layer
            cases.add(denseBackward(activation, 1000, 2, 257, true)); // through a thin output layer
            cases.add(denseBackward(activation, 70, 300, 40, true)); // two K blocks
            cases.add(denseBackward(activation, 33, 17, 65, false));
            cases.add(backward(activation, 33, 65, false, true));
        }
        for (int[] widths : CHAIN_WIDTHS) {
            cases.add(chain(Activation.softplus(20f), 700, widths));
            cases.add(chain(Activation.RELU, 301, widths));
        }
        cases.add(ConformanceCases.of("biasActivation identity in place 1000x257", "biasActivation", VALUES, w -> {
            Tensor pre = w.uniform(1000, 257, -3, 3);
            w.backend().biasActivation(pre, w.uniform(1, 257), Activation.IDENTITY, pre);
            w.record("pre", pre);
        }));
        return cases;
    }

    private static ConformanceCase forward(Activation activation, int rows, int cols, boolean withBias) {
        String name = String.format("biasActivation %s %dx%d%s", activation, rows, cols, withBias ? "" : " no bias");
        return ConformanceCases.of(name, "biasActivation", VALUES, w -> {
            Tensor pre = w.uniform(rows, cols, -3, 3);
            Tensor bias = withBias ? w.uniform(1, cols) : null;
            Tensor out = w.output(rows, cols);
            w.backend().biasActivation(pre, bias, activation, out);
            w.record("pre", pre);
            w.record("out", out);
        });
    }

    /** denseChainForward against the reference's layer-by-layer default; the middle layers have no bias. */
    private static ConformanceCase chain(Activation activation, int rows, int[] widths) {
        String name =
                String.format("denseChainForward %s %d rows %s", activation, rows, java.util.Arrays.toString(widths));
        int widest = java.util.Arrays.stream(widths).max().orElse(1);
        Tolerance tolerance = new Tolerance(1e-5 * widths.length * Math.sqrt(widest), 1e-4);
        return ConformanceCases.of(name, "denseChainForward", tolerance, w -> {
            Tensor x = w.uniform(rows, widths[0], -1, 1);
            java.util.List<Tensor> weights = new java.util.ArrayList<>();
            java.util.List<Tensor> biases = new java.util.ArrayList<>();
            for (int l = 0; l + 1 < widths.length; l++) {
                float bound = (float) (1 / Math.sqrt(widths[l]));
                weights.add(w.uniform(widths[l + 1], widths[l], -bound, bound));
                biases.add(l == 0 || l + 2 == widths.length ? w.uniform(1, widths[l + 1]) : null);
            }
            Tensor out = w.filled(rows, widths[widths.length - 1], Float.NaN);
            w.backend().denseChainForward(x, weights, biases, activation, out, w.arena());
            w.record("out", out);
        });
    }

    /** denseForward against matmul + biasActivation in the reference; pre and out both recorded. */
    private static ConformanceCase dense(Activation activation, int rows, int inputs, int outputs, boolean withBias) {
        String name = String.format(
                "denseForward %s %dx%d->%d%s", activation, rows, inputs, outputs, withBias ? "" : " no bias");
        Tolerance tolerance = new Tolerance(1e-6 * (inputs + 1), 1e-5);
        return ConformanceCases.of(name, "denseForward", tolerance, w -> {
            Tensor x = w.uniform(rows, inputs, -1, 1);
            Tensor weight = w.uniform(outputs, inputs, -1, 1);
            Tensor bias = withBias ? w.uniform(1, outputs) : null;
            Tensor pre = w.filled(rows, outputs, Float.NaN);
            Tensor out = w.filled(rows, outputs, Float.NaN);
            w.backend().denseForward(x, weight, bias, activation, pre, out);
            w.record("pre", pre);
            w.record("out", out);
        });
    }

    /**
     * denseBackwardInput: gradAbove (rows, k) through weight (k, cols) and act'(pre); gradBias starts
     * non-zero (it accumulates); gradPre starts NaN (it is overwritten).
     */
    private static ConformanceCase denseBackward(Activation activation, int rows, int k, int cols, boolean withBias) {
        String name = String.format(
                "denseBackwardInput %s %dx%d->%d%s", activation, rows, k, cols, withBias ? "" : " no bias grad");
        Tolerance tolerance = new Tolerance(1e-6 * (k + Math.sqrt(rows)) + 1e-6, 1e-5);
        return ConformanceCases.of(name, "denseBackwardInput", tolerance, w -> {
            Tensor pre = w.uniform(rows, cols, -3, 3);
            Tensor out = w.output(rows, cols);
            w.backend().biasActivation(pre, null, activation, out);
            Tensor gradAbove = w.uniform(rows, k, -1, 1);
            Tensor weight = w.uniform(k, cols, -1, 1);
            Tensor gradPre = w.filled(rows, cols, Float.NaN);
            Tensor gradBias = withBias ? w.uniform(1, cols) : null;
            w.backend().denseBackwardInput(gradAbove, weight, pre, out, activation, gradPre, gradBias);
            w.record("gradPre", gradPre);
            if (withBias) {
                w.record("gradBias", gradBias);
            }
        });
    }

    /** gradBias starts non-zero (it accumulates); aliased: gradPre is gradOut's buffer. */
    private static ConformanceCase backward(
            Activation activation, int rows, int cols, boolean withBias, boolean aliased) {
        String name = String.format(
                "activationBackward %s %dx%d%s%s",
                activation, rows, cols, withBias ? "" : " no bias grad", aliased ? " gradPre=gradOut" : "");
        Tolerance tolerance = new Tolerance(1e-6 * Math.sqrt(rows) + 1e-6, 1e-5);
        return ConformanceCases.of(name, "activationBackward", tolerance, w -> {
            Tensor pre = w.uniform(rows, cols, -3, 3);
            Tensor out = w.output(rows, cols);
            w.backend().biasActivation(pre, null, activation, out);
            Tensor gradOut = w.uniform(rows, cols);
            Tensor gradPre = aliased ? gradOut : w.output(rows, cols);
            Tensor gradBias = withBias ? w.uniform(1, cols) : null;
            w.backend().activationBackward(pre, out, gradOut, activation, gradPre, gradBias);
            w.record("gradPre", gradPre);
            if (withBias) {
                w.record("gradBias", gradBias);
            }
        });
    }

    private static ConformanceCase tangent(Activation activation, int rows, int cols) {
        String name = String.format("activationTangent %s 3x(%dx%d)", activation, rows, cols);
        return ConformanceCases.of(name, "activationTangent", VALUES, w -> {
            Tensor pre = w.uniform(rows, cols, -3, 3);
            Tensor tangents = w.uniform(3 * rows, cols);
            w.backend().activationTangent(pre, activation, tangents);
            w.record("tangents", tangents);
        });
    }
}
