package lfm.backend.reference;

import static lfm.backend.reference.Elements.get;
import static lfm.backend.reference.Elements.set;
import static lfm.backend.reference.Elements.store;

import lfm.backend.Checks;
import lfm.backend.TimeEmbedding;
import lfm.tensor.Tensor;

/**
 * The reference backend's column concatenation and split, and the time embeddings (sin/cos of the
 * MLP's time input; the UNet's timestep embedding is in {@link LayerLoops}).
 */
final class ColumnLoops {
    private ColumnLoops() {}

    static void concatColumns(Tensor left, Tensor right, Tensor out) {
        int cl = left.cols();
        Checks.rows("concatColumns", right, left.rows());
        Checks.rows("concatColumns", out, left.rows());
        if (out.cols() != cl + right.cols()) {
            throw new IllegalArgumentException(
                    "concatColumns: " + cl + " + " + right.cols() + " columns into " + out.shape());
        }
        for (int i = 0; i < out.rows(); i++) {
            for (int j = 0; j < out.cols(); j++) {
                set(out, i, j, j < cl ? get(left, i, j) : get(right, i, j - cl));
            }
        }
    }

    static void splitColumns(Tensor in, Tensor left, Tensor right, boolean accumulate) {
        int cl = left != null ? left.cols() : in.cols() - right.cols();
        for (int i = 0; i < in.rows(); i++) {
            for (int j = 0; j < in.cols(); j++) {
                double value = get(in, i, j);
                if (j < cl && left != null) {
                    store(left, (long) i * cl + j, value, accumulate);
                } else if (j >= cl && right != null) {
                    store(right, (long) i * right.cols() + j - cl, value, accumulate);
                }
            }
        }
    }

    static void timeEmbedding(Tensor t, Tensor out) {
        Checks.column("timeEmbedding", t, out.rows());
        int count = out.cols() / 2;
        for (int i = 0; i < t.rows(); i++) {
            double time = get(t, i);
            for (int k = 0; k < count; k++) {
                double omega = TimeEmbedding.frequency(k, count);
                set(out, i, k, Math.sin(omega * time));
                set(out, i, count + k, Math.cos(omega * time));
            }
        }
    }

    static void timeEmbeddingBackward(Tensor t, Tensor gradOut, Tensor gradT, boolean accumulate) {
        Checks.column("timeEmbeddingBackward", gradT, t.rows());
        int count = gradOut.cols() / 2;
        for (int i = 0; i < t.rows(); i++) {
            double time = get(t, i);
            double total = 0;
            for (int k = 0; k < count; k++) {
                double omega = TimeEmbedding.frequency(k, count);
                total += get(gradOut, i, k) * omega * Math.cos(omega * time)
                        - get(gradOut, i, count + k) * omega * Math.sin(omega * time);
            }
            store(gradT, i, total, accumulate);
        }
    }

    static void timestepEmbedding(Tensor t, Tensor out) {
        Checks.column("timestepEmbedding", t, out.rows());
        Checks.evenColumns("timestepEmbedding", out);
        LayerLoops.timestepEmbedding(t, out);
    }

    static void timestepEmbeddingBackward(Tensor t, Tensor gradOut, Tensor gradT, boolean accumulate) {
        Checks.column("timestepEmbeddingBackward", gradT, t.rows());
        Checks.rows("timestepEmbeddingBackward", gradOut, t.rows());
        Checks.evenColumns("timestepEmbeddingBackward", gradOut);
        LayerLoops.timestepEmbeddingBackward(t, gradOut, gradT, accumulate);
    }
}
