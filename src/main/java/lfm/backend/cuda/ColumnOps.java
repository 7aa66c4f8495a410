package lfm.backend.cuda;

import static lfm.backend.cuda.CudaRuntime.check;

import java.lang.foreign.MemorySegment;
import lfm.backend.Checks;
import lfm.bindings.kernels.LfmKernels;
import lfm.tensor.Tensor;

/**
 * Column concatenation and split and the time embeddings of the CUDA backend: checks, then our
 * kernels.
 */
final class ColumnOps extends CudaOperands {
    ColumnOps(CudaBackend backend, MemorySegment stream, MemorySegment scratch) {
        super(backend, stream, scratch);
    }

    public void concatColumns(Tensor left, Tensor right, Tensor out) {
        Checks.rows("concatColumns", right, left.rows());
        Checks.rows("concatColumns", out, left.rows());
        if (out.cols() != left.cols() + right.cols()) {
            throw new IllegalArgumentException(
                    "concatColumns: " + left.cols() + " + " + right.cols() + " columns into " + out.shape());
        }
        check(
                "lfm_concat_columns_forward",
                LfmKernels.lfm_concat_columns_forward(
                        stream, on(left), left.cols(), on(right), right.cols(), on(out), out.rows()));
    }

    public void splitColumns(Tensor in, Tensor left, Tensor right, boolean accumulate) {
        int leftCols = left != null ? left.cols() : in.cols() - right.cols();
        int rightCols = in.cols() - leftCols;
        check(
                "lfm_concat_columns_backward",
                LfmKernels.lfm_concat_columns_backward(
                        stream, on(in), on(left), leftCols, on(right), rightCols, in.rows(), flag(accumulate)));
    }

    public void timeEmbedding(Tensor t, Tensor out) {
        Checks.column("timeEmbedding", t, out.rows());
        requireEven("timeEmbedding", out);
        check(
                "lfm_time_embedding_forward",
                LfmKernels.lfm_time_embedding_forward(stream, on(t), t.rows(), out.cols() / 2, on(out)));
    }

    public void timeEmbeddingBackward(Tensor t, Tensor gradOut, Tensor gradT, boolean accumulate) {
        Checks.column("timeEmbeddingBackward", gradT, t.rows());
        Checks.rows("timeEmbeddingBackward", gradOut, t.rows());
        requireEven("timeEmbeddingBackward", gradOut);
        check(
                "lfm_time_embedding_backward",
                LfmKernels.lfm_time_embedding_backward(
                        stream, on(t), on(gradOut), t.rows(), gradOut.cols() / 2, on(gradT), flag(accumulate)));
    }

    public void timestepEmbedding(Tensor t, Tensor out) {
        Checks.column("timestepEmbedding", t, out.rows());
        Checks.evenColumns("timestepEmbedding", out);
        check(
                "lfm_timestep_embedding_forward",
                LfmKernels.lfm_timestep_embedding_forward(stream, on(t), t.rows(), out.cols() / 2, on(out)));
    }

    public void timestepEmbeddingBackward(Tensor t, Tensor gradOut, Tensor gradT, boolean accumulate) {
        Checks.column("timestepEmbeddingBackward", gradT, t.rows());
        Checks.rows("timestepEmbeddingBackward", gradOut, t.rows());
        Checks.evenColumns("timestepEmbeddingBackward", gradOut);
        check(
                "lfm_timestep_embedding_backward",
                LfmKernels.lfm_timestep_embedding_backward(
                        stream, on(t), on(gradOut), t.rows(), gradOut.cols() / 2, on(gradT), flag(accumulate)));
    }

    /** The kernels index an embedding row as 2K columns (sin block, then cos block). */
    private static void requireEven(String op, Tensor embedding) {
        if (embedding.cols() % 2 != 0) {
            throw new IllegalArgumentException(op + ": an embedding has 2K columns, got " + embedding.shape());
        }
    }
}
