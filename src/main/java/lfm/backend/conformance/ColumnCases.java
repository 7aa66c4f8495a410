package lfm.backend.conformance;

import java.util.ArrayList;
import java.util.List;
import lfm.tensor.Tensor;

/**
 * Column concatenation and its backward, and the sinusoidal time embedding with its backward. The
 * embedding is defined by double arithmetic the fast backends can reproduce, so it is compared
 * almost exactly.
 */
final class ColumnCases {
    /** {rows, left cols, right cols}: t | x of a 2-D and a 6-D model, wide, degenerate. */
    private static final int[][] SPLITS = {{1, 1, 1}, {1000, 1, 2}, {4097, 1, 6}, {33, 16, 257}, {7, 3, 5}};

    private static final Tolerance NEAR_EXACT = new Tolerance(1e-7, 1e-6);

    private ColumnCases() {}

    static List<ConformanceCase> all() {
        List<ConformanceCase> cases = new ArrayList<>();
        for (int[] split : SPLITS) {
            int rows = split[0], left = split[1], right = split[2];
            String shape = rows + "x(" + left + "+" + right + ")";
            cases.add(ConformanceCases.of("concatColumns " + shape, "concatColumns", Tolerance.EXACT, w -> {
                Tensor out = w.output(rows, left + right);
                w.backend().concatColumns(w.uniform(rows, left), w.uniform(rows, right), out);
                w.record("out", out);
            }));
            for (boolean accumulate : new boolean[] {false, true}) {
                cases.add(splitCase(rows, left, right, accumulate, true, true));
            }
            cases.add(splitCase(rows, left, right, true, false, true));
            cases.add(splitCase(rows, left, right, false, true, false));
        }
        for (int[] nk : new int[][] {{1, 1}, {7, 4}, {1000, 16}, {4097, 3}}) {
            int n = nk[0], k = nk[1];
            cases.add(ConformanceCases.of(
                    "timeEmbedding " + n + " rows, " + k + " frequencies", "timeEmbedding", NEAR_EXACT, w -> {
                        Tensor out = w.output(n, 2 * k);
                        w.backend().timeEmbedding(w.uniform(n, 1, 0, 1), out);
                        w.record("out", out);
                    }));
            for (boolean accumulate : new boolean[] {false, true}) {
                cases.add(ConformanceCases.of(
                        "timeEmbeddingBackward " + n + " rows, " + k + " frequencies"
                                + (accumulate ? " accumulate" : ""),
                        "timeEmbeddingBackward",
                        new Tolerance(1e-5, 1e-5),
                        w -> {
                            Tensor t = w.uniform(n, 1, 0, 1);
                            Tensor gradOut = w.uniform(n, 2 * k);
                            Tensor gradT = accumulate ? w.uniform(n, 1) : w.output(n, 1);
                            w.backend().timeEmbeddingBackward(t, gradOut, gradT, accumulate);
                            w.record("gradT", gradT);
                        }));
            }
        }
        return cases;
    }

    private static ConformanceCase splitCase(
            int rows, int left, int right, boolean accumulate, boolean withLeft, boolean withRight) {
        String name = String.format(
                "splitColumns %dx(%d+%d)%s%s%s",
                rows,
                left,
                right,
                accumulate ? " accumulate" : "",
                withLeft ? "" : " no left",
                withRight ? "" : " no right");
        return ConformanceCases.of(name, "splitColumns", NEAR_EXACT, w -> {
            Tensor in = w.uniform(rows, left + right);
            Tensor l = withLeft ? (accumulate ? w.uniform(rows, left) : w.output(rows, left)) : null;
            Tensor r = withRight ? (accumulate ? w.uniform(rows, right) : w.output(rows, right)) : null;
            w.backend().splitColumns(in, l, r, accumulate);
            if (l != null) {
                w.record("left", l);
            }
            if (r != null) {
                w.record("right", r);
            }
        });
    }
}
