package lfm.backend.cpu;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import lfm.backend.Backend;
import lfm.backend.Checks;
import lfm.tensor.Tensor;

/**
 * Reductions and the mean-squared-error loss of the CPU backend: checks, then {@link ReductionKernels}
 * (fixed chunks in a fixed order, so sums do not depend on the thread count).
 */
final class ReductionOps extends CpuOperands {
    private final ReductionKernels reductions;
    private final ElementwiseKernels elementwise;

    ReductionOps(Backend backend, ReductionKernels reductions, ElementwiseKernels elementwise) {
        super(backend);
        this.reductions = reductions;
        this.elementwise = elementwise;
    }

    public void sum(Tensor a, Tensor out, boolean accumulate) {
        Checks.scalar("sum", out);
        storeScalar(out, reductions.sum(data(a), a.size()), accumulate);
    }

    public void sumOfSquares(Tensor a, Tensor out, boolean accumulate) {
        Checks.scalar("sumOfSquares", out);
        storeScalar(out, reductions.sumOfSquares(data(a), a.size()), accumulate);
    }

    private void storeScalar(Tensor out, double value, boolean accumulate) {
        MemorySegment target = data(out);
        double old = accumulate ? target.getAtIndex(ValueLayout.JAVA_FLOAT, 0) : 0;
        target.setAtIndex(ValueLayout.JAVA_FLOAT, 0, (float) (old + value));
    }

    public void columnSums(Tensor a, Tensor out, boolean accumulate) {
        Checks.rowVector("columnSums", out, a.cols());
        reductions.columnSums(data(a), a.rows(), a.cols(), data(out), accumulate);
    }

    public void rowDot(Tensor a, Tensor b, float s, Tensor out, boolean accumulate) {
        Checks.sameMatrix("rowDot", a, b);
        Checks.column("rowDot", out, a.rows());
        reductions.rowDot(data(a), data(b), a.rows(), a.cols(), s, data(out), accumulate);
    }

    public void stackedDiagonal(Tensor stacked, float s, Tensor out, boolean accumulate) {
        int d = stacked.cols();
        Checks.stackedRows("stackedDiagonal", stacked, d);
        int n = stacked.rows() / d;
        Checks.column("stackedDiagonal", out, n);
        reductions.stackedDiagonal(data(stacked), n, d, s, data(out), accumulate);
    }

    public void errorRatioSquares(Tensor error, Tensor x0, Tensor x1, float rtol, float atol, Tensor out) {
        Checks.sameSize("errorRatioSquares", error, x0);
        Checks.sameSize("errorRatioSquares", error, x1);
        Checks.scalar("errorRatioSquares", out);
        storeScalar(
                out, reductions.errorRatioSquares(data(error), data(x0), data(x1), rtol, atol, error.size()), false);
    }

    public void mseForward(Tensor prediction, Tensor target, Tensor out) {
        Checks.sameSize("mseForward", prediction, target);
        Checks.scalar("mseForward", out);
        double total = reductions.squaredDifference(data(prediction), data(target), prediction.size());
        storeScalar(out, total / prediction.size(), false);
    }

    public void mseBackward(Tensor prediction, Tensor target, Tensor gradLoss, Tensor gradPrediction) {
        Checks.sameSize("mseBackward", prediction, target);
        Checks.sameSize("mseBackward", prediction, gradPrediction);
        Checks.scalar("mseBackward", gradLoss);
        float factor = (float) (2.0 * scalarValue(gradLoss) / prediction.size());
        elementwise.addScaledDifference(
                factor, data(prediction), data(target), data(gradPrediction), prediction.size());
    }
}
