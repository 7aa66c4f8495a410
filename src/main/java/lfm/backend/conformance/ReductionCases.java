package lfm.backend.conformance;

import static lfm.backend.conformance.ConformanceCases.MATRICES;
import static lfm.backend.conformance.ConformanceCases.SIZES;

import java.util.ArrayList;
import java.util.List;
import lfm.tensor.Tensor;

/**
 * Reductions and the MSE loss. Float accumulation over n values of magnitude ~1 may drift by about
 * n·2⁻²⁴ in the worst case, so the absolute tolerance grows with n (sums of 65537 values sit around
 * ±150, where float spacing alone is 1.5e-5).
 */
final class ReductionCases {
    private ReductionCases() {}

    private static Tolerance sumTolerance(long n) {
        return new Tolerance(1e-7 * n + 1e-6, 1e-5);
    }

    static List<ConformanceCase> all() {
        List<ConformanceCase> cases = new ArrayList<>();
        for (int n : SIZES) {
            cases.addAll(flat(n));
        }
        for (int[] shape : MATRICES) {
            cases.addAll(rowsAndColumns(shape[0], shape[1]));
        }
        for (int[] nd : new int[][] {{1, 1}, {7, 2}, {33, 3}, {1000, 6}, {4097, 2}}) {
            int n = nd[0], d = nd[1];
            for (boolean accumulate : new boolean[] {false, true}) {
                cases.add(ConformanceCases.of(
                        String.format("stackedDiagonal %d blocks of %dx%d%s", d, n, d, accumulate ? " accumulate" : ""),
                        "stackedDiagonal",
                        new Tolerance(1e-6, 1e-5),
                        w -> {
                            Tensor out = accumulate ? w.uniform(n, 1) : w.output(n, 1);
                            w.backend().stackedDiagonal(w.uniform(d * n, d), 0.5f, out, accumulate);
                            w.record("out", out);
                        }));
            }
        }
        return cases;
    }

    private static List<ConformanceCase> flat(int n) {
        Tolerance sums = sumTolerance(n);
        return List.of(
                ConformanceCases.of("sum " + n, "sum", sums, w -> {
                    Tensor out = w.output(1, 1);
                    w.backend().sum(w.uniform(1, n), out, false);
                    w.record("out", out);
                }),
                ConformanceCases.of("sum accumulate " + n, "sum", sums, w -> {
                    Tensor out = w.tensor(1, 1, new float[] {3f});
                    w.backend().sum(w.uniform(1, n), out, true);
                    w.record("out", out);
                }),
                ConformanceCases.of("sumOfSquares " + n, "sumOfSquares", sums, w -> {
                    Tensor out = w.output(1, 1);
                    w.backend().sumOfSquares(w.uniform(1, n), out, false);
                    w.record("out", out);
                }),
                ConformanceCases.of("sumOfSquares accumulate " + n, "sumOfSquares", sums, w -> {
                    Tensor out = w.tensor(1, 1, new float[] {-1f});
                    w.backend().sumOfSquares(w.uniform(1, n), out, true);
                    w.record("out", out);
                }),
                ConformanceCases.of("errorRatioSquares " + n, "errorRatioSquares", new Tolerance(1e-6, 1e-5), w -> {
                    Tensor out = w.output(1, 1);
                    w.backend()
                            .errorRatioSquares(
                                    w.uniform(1, n, -1e-3, 1e-3), w.uniform(1, n), w.uniform(1, n), 1e-3f, 1e-4f, out);
                    w.record("out", out);
                }),
                ConformanceCases.of("mseForward " + n, "mseForward", new Tolerance(1e-6, 1e-5), w -> {
                    Tensor out = w.output(1, 1);
                    w.backend().mseForward(w.uniform(1, n), w.uniform(1, n), out);
                    w.record("out", out);
                }),
                ConformanceCases.of("mseBackward " + n, "mseBackward", new Tolerance(1e-7, 1e-5), w -> {
                    Tensor grad = w.uniform(1, n, -1e-3, 1e-3);
                    w.backend().mseBackward(w.uniform(1, n), w.uniform(1, n), w.tensor(1, 1, new float[] {0.7f}), grad);
                    w.record("gradPrediction", grad);
                }));
    }

    private static List<ConformanceCase> rowsAndColumns(int rows, int cols) {
        List<ConformanceCase> cases = new ArrayList<>();
        String shape = rows + "x" + cols;
        for (boolean accumulate : new boolean[] {false, true}) {
            String suffix = accumulate ? " accumulate" : "";
            cases.add(ConformanceCases.of("columnSums " + shape + suffix, "columnSums", sumTolerance(rows), w -> {
                Tensor out = accumulate ? w.uniform(1, cols) : w.output(1, cols);
                w.backend().columnSums(w.uniform(rows, cols), out, accumulate);
                w.record("out", out);
            }));
            cases.add(ConformanceCases.of("rowDot " + shape + suffix, "rowDot", sumTolerance(cols), w -> {
                Tensor out = accumulate ? w.uniform(rows, 1) : w.output(rows, 1);
                w.backend().rowDot(w.uniform(rows, cols), w.uniform(rows, cols), -0.5f, out, accumulate);
                w.record("out", out);
            }));
        }
        return cases;
    }
}
