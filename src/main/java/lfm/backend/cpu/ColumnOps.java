package lfm.backend.cpu;

import lfm.backend.Backend;
import lfm.backend.Checks;
import lfm.tensor.Tensor;

/**
 * Column concatenation and split and the time embeddings of the CPU backend: checks, then
 * {@link ColumnKernels} and {@link LayerKernels}.
 */
final class ColumnOps extends CpuOperands {
    private final ColumnKernels columns;

    ColumnOps(Backend backend, ColumnKernels columns) {
        super(backend);
        this.columns = columns;
    }

    public void concatColumns(Tensor left, Tensor right, Tensor out) {
        Checks.rows("concatColumns", right, left.rows());
        Checks.rows("concatColumns", out, left.rows());
        if (out.cols() != left.cols() + right.cols()) {
            throw new IllegalArgumentException(
                    "concatColumns: " + left.cols() + " + " + right.cols() + " columns into " + out.shape());
        }
        columns.concat(data(left), left.cols(), data(right), right.cols(), data(out), out.rows());
    }

    public void splitColumns(Tensor in, Tensor left, Tensor right, boolean accumulate) {
        if (left == null && right == null) {
            return;
        }
        int leftCols = left != null ? left.cols() : in.cols() - right.cols();
        int rightCols = in.cols() - leftCols;
        if (left != null) {
            Checks.rows("splitColumns", left, in.rows());
        }
        if (right != null) {
            Checks.rows("splitColumns", right, in.rows());
            if (right.cols() != rightCols) {
                throw new IllegalArgumentException(
                        "splitColumns: " + in.shape() + " into " + leftCols + " + " + right.cols() + " columns");
            }
        }
        columns.split(data(in), dataOrNull(left), leftCols, dataOrNull(right), rightCols, in.rows(), accumulate);
    }

    public void timeEmbedding(Tensor t, Tensor out) {
        Checks.column("timeEmbedding", t, out.rows());
        columns.timeEmbedding(data(t), data(out), out.rows(), out.cols() / 2);
    }

    public void timeEmbeddingBackward(Tensor t, Tensor gradOut, Tensor gradT, boolean accumulate) {
        Checks.column("timeEmbeddingBackward", gradT, t.rows());
        Checks.rows("timeEmbeddingBackward", gradOut, t.rows());
        columns.timeEmbeddingBackward(data(t), data(gradOut), data(gradT), t.rows(), gradOut.cols() / 2, accumulate);
    }

    public void timestepEmbedding(Tensor t, Tensor out) {
        Checks.column("timestepEmbedding", t, out.rows());
        Checks.evenColumns("timestepEmbedding", out);
        LayerKernels.timestepEmbedding(data(t), data(out), t.rows(), out.cols() / 2);
    }

    public void timestepEmbeddingBackward(Tensor t, Tensor gradOut, Tensor gradT, boolean accumulate) {
        Checks.column("timestepEmbeddingBackward", gradT, t.rows());
        Checks.rows("timestepEmbeddingBackward", gradOut, t.rows());
        Checks.evenColumns("timestepEmbeddingBackward", gradOut);
        LayerKernels.timestepEmbeddingBackward(
                data(t), data(gradOut), data(gradT), t.rows(), gradOut.cols() / 2, accumulate);
    }
}
