package lfm.backend.conformance;

import java.util.ArrayList;
import java.util.List;
import lfm.backend.MatrixBatch;
import lfm.tensor.Tensor;

/**
 * Attention's building blocks: softmaxRows (rows of one element, attention-sized rows, a row with a
 * spread of ±50 that would overflow a naive exp, in place) and its backward (overwriting, in place,
 * accumulating), and matmulBatched for every transpose pair, on contiguous batches and on strided ones
 * that sit inside a wider tensor with an offset (as the per-head blocks of q, k and v do), with
 * β = 0 on a NaN-filled c and β = 1.
 */
final class AttentionCases {
    /** {rows, cols}; the last two are "large". */
    private static final int[][] SOFTMAX_SHAPES = {{1, 1}, {7, 3}, {33, 65}, {49, 49}, {300, 256}};
    /** {count, m, n, k}; the last one is "large". */
    private static final int[][] PRODUCTS = {{1, 1, 1, 1}, {8, 7, 33, 5}, {3, 49, 49, 16}, {2, 64, 32, 64}};

    private static final Tolerance PROBABILITIES = new Tolerance(1e-7, 1e-5);

    private AttentionCases() {}

    /** @param large whether to include the larger shapes (not where the kernels run on the CUDA emulator) */
    static List<ConformanceCase> all(boolean large) {
        List<ConformanceCase> cases = new ArrayList<>();
        for (int[] shape : large ? SOFTMAX_SHAPES : java.util.Arrays.copyOf(SOFTMAX_SHAPES, 3)) {
            int rows = shape[0], cols = shape[1];
            cases.add(ConformanceCases.of("softmaxRows " + rows + "x" + cols, "softmaxRows", PROBABILITIES, w -> {
                Tensor out = w.output(rows, cols);
                w.backend().softmaxRows(w.uniform(rows, cols, -5, 5), out);
                w.record("out", out);
            }));
            for (int variant = 0; variant < 3; variant++) {
                cases.add(softmaxBackward(rows, cols, variant));
            }
        }
        cases.add(ConformanceCases.of("softmaxRows 7x100 spread ±50 in place", "softmaxRows", PROBABILITIES, w -> {
            Tensor x = w.uniform(7, 100, -50, 50);
            w.backend().softmaxRows(x, x);
            w.record("x", x);
        }));
        for (int[] product : large ? PRODUCTS : java.util.Arrays.copyOf(PRODUCTS, 3)) {
            for (int pair = 0; pair < 4; pair++) {
                for (boolean strided : new boolean[] {false, true}) {
                    cases.add(batched(product, pair >= 2, (pair & 1) == 1, strided, strided ? 1f : 0f));
                }
            }
        }
        return cases;
    }

    /** variant 0: gradIn fresh (NaN), 1: gradIn = gradOut in place, 2: accumulate. */
    private static ConformanceCase softmaxBackward(int rows, int cols, int variant) {
        String name = "softmaxRowsBackward " + rows + "x" + cols
                + (variant == 1 ? " gradIn=gradOut" : variant == 2 ? " accumulate" : "");
        return ConformanceCases.of(name, "softmaxRowsBackward", new Tolerance(1e-6, 1e-5), w -> {
            Tensor y = w.output(rows, cols);
            w.backend().softmaxRows(w.uniform(rows, cols, -3, 3), y);
            Tensor gradOut = w.uniform(rows, cols);
            Tensor gradIn = variant == 1 ? gradOut : variant == 2 ? w.uniform(rows, cols) : w.output(rows, cols);
            w.backend().softmaxRowsBackward(y, gradOut, gradIn, variant == 2);
            w.record("gradIn", gradIn);
        });
    }

    private static ConformanceCase batched(
            int[] product, boolean transposeA, boolean transposeB, boolean strided, float beta) {
        int count = product[0], m = product[1], n = product[2], k = product[3];
        String name = String.format(
                "matmulBatched %s%s %dx(%dx%dx%d)%s",
                transposeA ? "T" : "N",
                transposeB ? "T" : "N",
                count,
                m,
                n,
                k,
                strided ? " strided, accumulate" : " beta=0 (NaN c)");
        return ConformanceCases.of(name, "matmulBatched", new Tolerance(1e-6 * (k + 1), 1e-5), w -> {
            MatrixBatch a = operand(w, count, transposeA ? k : m, transposeA ? m : k, strided, 3, 2, false);
            MatrixBatch b = operand(w, count, transposeB ? n : k, transposeB ? k : n, strided, 5, 1, false);
            MatrixBatch c = operand(w, count, m, n, strided, 2, 3, beta == 0);
            w.backend().matmulBatched(count, a, transposeA, b, transposeB, c, 0.75f, beta);
            w.record("c", c.tensor());
        });
    }

    /**
     * count (rows, cols) matrices: contiguous, or each inside rows of {@code cols + extraCols} elements
     * starting {@code offset} elements in, with a spare row between matrices.
     */
    private static MatrixBatch operand(
            Workspace w, int count, int rows, int cols, boolean strided, int extraCols, int offset, boolean nan) {
        int leading = strided ? cols + extraCols : Math.max(1, cols);
        int rowsPerMatrix = strided ? rows + 1 : rows;
        int totalRows = Math.max(1, count * rowsPerMatrix + (strided ? 1 : 0));
        Tensor tensor = nan ? w.filled(totalRows, leading, Float.NaN) : w.uniform(totalRows, leading);
        return new MatrixBatch(tensor, strided ? offset : 0, rows, cols, leading, (long) rowsPerMatrix * leading);
    }
}
