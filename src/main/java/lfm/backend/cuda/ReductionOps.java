package lfm.backend.cuda;

import static lfm.backend.cuda.CudaRuntime.check;

import java.lang.foreign.MemorySegment;
import lfm.backend.Checks;
import lfm.bindings.kernels.LfmKernels;
import lfm.tensor.Tensor;

/**
 * Reductions and the mean-squared-error loss of the CUDA backend: checks, then our kernels, which
 * accumulate in double through a fixed-shape two-pass scheme (results repeat exactly run to run).
 */
final class ReductionOps extends CudaOperands {
    ReductionOps(CudaBackend backend, MemorySegment stream, MemorySegment scratch) {
        super(backend, stream, scratch);
    }

    public void sum(Tensor a, Tensor out, boolean accumulate) {
        Checks.scalar("sum", out);
        check(
                "lfm_sum",
                LfmKernels.lfm_sum(stream, on(a), a.size(), 0, on(out), flag(accumulate), scratch, REDUCTION_SCRATCH));
    }

    public void sumOfSquares(Tensor a, Tensor out, boolean accumulate) {
        Checks.scalar("sumOfSquares", out);
        check(
                "lfm_sum",
                LfmKernels.lfm_sum(stream, on(a), a.size(), 1, on(out), flag(accumulate), scratch, REDUCTION_SCRATCH));
    }

    public void columnSums(Tensor a, Tensor out, boolean accumulate) {
        Checks.rowVector("columnSums", out, a.cols());
        check(
                "lfm_column_sums",
                LfmKernels.lfm_column_sums(
                        stream, on(a), a.rows(), a.cols(), on(out), flag(accumulate), scratch, REDUCTION_SCRATCH));
    }

    public void rowDot(Tensor a, Tensor b, float s, Tensor out, boolean accumulate) {
        Checks.sameMatrix("rowDot", a, b);
        Checks.column("rowDot", out, a.rows());
        check(
                "lfm_row_dot",
                LfmKernels.lfm_row_dot(stream, on(a), on(b), a.rows(), a.cols(), s, on(out), flag(accumulate)));
    }

    public void stackedDiagonal(Tensor stacked, float s, Tensor out, boolean accumulate) {
        int d = stacked.cols();
        Checks.stackedRows("stackedDiagonal", stacked, d);
        int n = stacked.rows() / d;
        Checks.column("stackedDiagonal", out, n);
        check(
                "lfm_stacked_diagonal",
                LfmKernels.lfm_stacked_diagonal(stream, on(stacked), n, d, s, on(out), flag(accumulate)));
    }

    public void errorRatioSquares(Tensor error, Tensor x0, Tensor x1, float rtol, float atol, Tensor out) {
        Checks.sameSize("errorRatioSquares", error, x0);
        Checks.sameSize("errorRatioSquares", error, x1);
        Checks.scalar("errorRatioSquares", out);
        check(
                "lfm_error_ratio_squares",
                LfmKernels.lfm_error_ratio_squares(
                        stream,
                        on(error),
                        on(x0),
                        on(x1),
                        error.size(),
                        rtol,
                        atol,
                        on(out),
                        scratch,
                        REDUCTION_SCRATCH));
    }

    public void mseForward(Tensor prediction, Tensor target, Tensor out) {
        Checks.sameSize("mseForward", prediction, target);
        Checks.scalar("mseForward", out);
        check(
                "lfm_mse_forward",
                LfmKernels.lfm_mse_forward(
                        stream, on(prediction), on(target), prediction.size(), on(out), scratch, REDUCTION_SCRATCH));
    }

    public void mseBackward(Tensor prediction, Tensor target, Tensor gradLoss, Tensor gradPrediction) {
        Checks.sameSize("mseBackward", prediction, target);
        Checks.sameSize("mseBackward", prediction, gradPrediction);
        Checks.scalar("mseBackward", gradLoss);
        check(
                "lfm_mse_backward",
                LfmKernels.lfm_mse_backward(
                        stream, on(prediction), on(target), on(gradLoss), on(gradPrediction), prediction.size()));
    }
}
