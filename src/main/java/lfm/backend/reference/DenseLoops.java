package lfm.backend.reference;

import static lfm.backend.reference.Elements.get;
import static lfm.backend.reference.Elements.set;
import static lfm.backend.reference.Elements.store;

import lfm.backend.Activation;
import lfm.backend.Checks;
import lfm.tensor.Tensor;

/**
 * The reference backend's matrix product (a triple loop with a double dot product) and the bias +
 * activation of a dense layer, forward, backward and along tangents.
 */
final class DenseLoops {
    private DenseLoops() {}

    static void matmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB, Tensor c, float alpha, float beta) {
        int[] mnk = Checks.matmul(a, transposeA, b, transposeB, c);
        int m = mnk[0], n = mnk[1], k = mnk[2];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double dot = 0;
                for (int p = 0; p < k; p++) {
                    double left = transposeA ? get(a, p, i) : get(a, i, p);
                    double right = transposeB ? get(b, j, p) : get(b, p, j);
                    dot += left * right;
                }
                double old = beta == 0 ? 0 : beta * get(c, i, j);
                set(c, i, j, alpha * dot + old);
            }
        }
    }

    static void biasActivation(Tensor pre, Tensor bias, Activation activation, Tensor out) {
        Checks.sameMatrix("biasActivation", pre, out);
        int cols = pre.cols();
        if (bias != null) {
            Checks.rowVector("biasActivation", bias, cols);
        }
        for (int i = 0; i < pre.rows(); i++) {
            for (int j = 0; j < cols; j++) {
                double x = get(pre, i, j) + (bias == null ? 0 : get(bias, j));
                set(pre, i, j, x);
                set(out, i, j, activation.apply(get(pre, i, j)));
            }
        }
    }

    static void activationBackward(
            Tensor pre, Tensor out, Tensor gradOut, Activation activation, Tensor gradPre, Tensor gradBias) {
        Checks.sameMatrix("activationBackward", pre, gradOut);
        Checks.sameMatrix("activationBackward", pre, gradPre);
        int cols = pre.cols();
        double[] columnTotals = new double[cols];
        for (int i = 0; i < pre.rows(); i++) {
            for (int j = 0; j < cols; j++) {
                double g = get(gradOut, i, j) * activation.derivative(get(pre, i, j));
                set(gradPre, i, j, g);
                columnTotals[j] += g;
            }
        }
        if (gradBias != null) {
            Checks.rowVector("activationBackward", gradBias, cols);
            for (int j = 0; j < cols; j++) {
                store(gradBias, j, columnTotals[j], true);
            }
        }
    }

    static void activationTangent(Tensor pre, Activation activation, Tensor tangents) {
        Checks.stackedRows("activationTangent", tangents, pre.rows());
        int n = pre.rows();
        for (int r = 0; r < tangents.rows(); r++) {
            for (int j = 0; j < pre.cols(); j++) {
                double slope = activation.derivative(get(pre, r % n, j));
                set(tangents, r, j, get(tangents, r, j) * slope);
            }
        }
    }
}
