package lfm.backend.reference;

import static lfm.backend.reference.Elements.get;
import static lfm.backend.reference.Elements.set;
import static lfm.backend.reference.Elements.store;

import lfm.backend.Checks;
import lfm.tensor.Tensor;

/**
 * The reference backend's reductions and mean-squared-error loss: plain sums in double.
 */
final class ReductionLoops {
    private ReductionLoops() {}

    static void sum(Tensor a, Tensor out, boolean accumulate) {
        Checks.scalar("sum", out);
        double total = 0;
        for (long i = 0; i < a.size(); i++) {
            total += get(a, i);
        }
        store(out, 0, total, accumulate);
    }

    static void sumOfSquares(Tensor a, Tensor out, boolean accumulate) {
        Checks.scalar("sumOfSquares", out);
        double total = 0;
        for (long i = 0; i < a.size(); i++) {
            double x = get(a, i);
            total += x * x;
        }
        store(out, 0, total, accumulate);
    }

    static void columnSums(Tensor a, Tensor out, boolean accumulate) {
        Checks.rowVector("columnSums", out, a.cols());
        for (int j = 0; j < a.cols(); j++) {
            double total = 0;
            for (int i = 0; i < a.rows(); i++) {
                total += get(a, i, j);
            }
            store(out, j, total, accumulate);
        }
    }

    static void rowDot(Tensor a, Tensor b, float s, Tensor out, boolean accumulate) {
        Checks.sameMatrix("rowDot", a, b);
        Checks.column("rowDot", out, a.rows());
        for (int i = 0; i < a.rows(); i++) {
            double dot = 0;
            for (int j = 0; j < a.cols(); j++) {
                dot += get(a, i, j) * get(b, i, j);
            }
            store(out, i, s * dot, accumulate);
        }
    }

    static void stackedDiagonal(Tensor stacked, float s, Tensor out, boolean accumulate) {
        int d = stacked.cols();
        Checks.stackedRows("stackedDiagonal", stacked, d);
        int n = stacked.rows() / d;
        Checks.column("stackedDiagonal", out, n);
        for (int i = 0; i < n; i++) {
            double trace = 0;
            for (int block = 0; block < d; block++) {
                trace += get(stacked, block * n + i, block);
            }
            store(out, i, s * trace, accumulate);
        }
    }

    static void errorRatioSquares(Tensor error, Tensor x0, Tensor x1, float rtol, float atol, Tensor out) {
        Checks.sameSize("errorRatioSquares", error, x0);
        Checks.sameSize("errorRatioSquares", error, x1);
        Checks.scalar("errorRatioSquares", out);
        double total = 0;
        for (long i = 0; i < error.size(); i++) {
            double tolerance = atol + rtol * Math.max(Math.abs(get(x0, i)), Math.abs(get(x1, i)));
            double ratio = get(error, i) / tolerance;
            total += ratio * ratio;
        }
        set(out, 0, total);
    }

    static void mseForward(Tensor prediction, Tensor target, Tensor out) {
        Checks.sameSize("mseForward", prediction, target);
        Checks.scalar("mseForward", out);
        double total = 0;
        for (long i = 0; i < prediction.size(); i++) {
            double diff = get(prediction, i) - get(target, i);
            total += diff * diff;
        }
        set(out, 0, total / prediction.size());
    }

    static void mseBackward(Tensor prediction, Tensor target, Tensor gradLoss, Tensor gradPrediction) {
        Checks.sameSize("mseBackward", prediction, target);
        Checks.sameSize("mseBackward", prediction, gradPrediction);
        double factor = 2 * get(gradLoss, 0) / prediction.size();
        for (long i = 0; i < prediction.size(); i++) {
            store(gradPrediction, i, factor * (get(prediction, i) - get(target, i)), true);
        }
    }
}
