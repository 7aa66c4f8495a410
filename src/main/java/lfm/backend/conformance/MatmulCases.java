package lfm.backend.conformance;

import java.util.ArrayList;
import java.util.List;
import lfm.tensor.Tensor;

/**
 * matmul: every transpose pair on shapes that reach each code path of a fast backend: tiny, edge
 * tiles, several K / M / N blocks of a packed kernel, and the thin shapes of an MLP's first and last
 * layers (k ≤ 16, n ≤ 8, m ≤ 8). β = 0 runs on a NaN-filled c (its old contents must be ignored);
 * accumulate (β = 1) and general α, β on a subset. Shapes stay moderate: the reference is a triple loop.
 */
final class MatmulCases {
    /** {m, n, k}. */
    private static final int[][] SHAPES = {
        {1, 1, 1},
        {7, 3, 5},
        {33, 65, 17},
        {64, 48, 300},
        {133, 270, 260}, // tiny, edges, blocks
        {1100, 70, 20}, // several M blocks per thread
        {1000, 3, 257},
        {3, 257, 1000}, // thin n, thin m
        {1000, 257, 3},
        {4097, 5, 7}, // thin k (first layers)
    };

    private static final int[][] ACCUMULATE_SHAPES = {
        {33, 65, 17}, {64, 48, 300}, {1000, 3, 257}, {3, 257, 1000}, {1000, 257, 3}
    };

    private MatmulCases() {}

    static List<ConformanceCase> all() {
        List<ConformanceCase> cases = new ArrayList<>();
        for (int[] shape : SHAPES) {
            for (int pair = 0; pair < 4; pair++) {
                cases.add(matmul(shape, pair >= 2, (pair & 1) == 1, 1f, 0f));
            }
        }
        for (int[] shape : ACCUMULATE_SHAPES) {
            for (int pair = 0; pair < 4; pair++) {
                cases.add(matmul(shape, pair >= 2, (pair & 1) == 1, 1f, 1f));
                cases.add(matmul(shape, pair >= 2, (pair & 1) == 1, 0.5f, -2f));
            }
        }
        return cases;
    }

    /** c = α·op(a)·op(b) + β·c with op(a) (m, k), op(b) (k, n). */
    private static ConformanceCase matmul(
            int[] shape, boolean transposeA, boolean transposeB, float alpha, float beta) {
        int m = shape[0], n = shape[1], k = shape[2];
        String pair = (transposeA ? "T" : "N") + (transposeB ? "T" : "N");
        String scalars = beta == 0
                ? "beta=0 (NaN c)"
                : alpha == 1 && beta == 1 ? "accumulate" : "alpha=" + alpha + " beta=" + beta;
        Tolerance tolerance = new Tolerance(1e-6 * (k + 1), 1e-5);
        return ConformanceCases.of(
                String.format("matmul %s %dx%dx%d %s", pair, m, n, k, scalars), "matmul", tolerance, w -> {
                    Tensor a = transposeA ? w.uniform(k, m) : w.uniform(m, k);
                    Tensor b = transposeB ? w.uniform(n, k) : w.uniform(k, n);
                    Tensor c = beta == 0 ? w.filled(m, n, Float.NaN) : w.uniform(m, n);
                    w.backend().matmul(a, transposeA, b, transposeB, c, alpha, beta);
                    w.record("c", c);
                });
    }
}
