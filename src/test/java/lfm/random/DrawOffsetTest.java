package lfm.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import lfm.backend.Backend;
import lfm.backend.cpu.CpuBackend;
import lfm.backend.reference.ReferenceBackend;
import lfm.flow.Interpolant;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;
import org.junit.jupiter.api.Test;

/**
 * One global draw, filled in pieces: a fill with {@code key.skip(k)} equals elements [k, k + n) of a
 * fill of the whole draw, on every CPU backend and thread count, for offsets inside and across Philox
 * blocks; and the pieces of a batch split as P ranks split it (rows drawn from the pool, times, the
 * noise of the training pair) put back together the single draw: the union of the rows the ranks draw
 * is the single process's draw.
 */
class DrawOffsetTest {
    private static final RandomKey KEY = new RandomKey(0x5EED_0FF5E7L, 42);
    private static final int[] OFFSETS = {0, 1, 2, 3, 4, 5, 7, 33, 4097};
    private static final int[] LENGTHS = {1, 3, 7, 33, 1000};

    private static List<Backend> backends() {
        return List.of(new ReferenceBackend(), new CpuBackend(1), new CpuBackend(3));
    }

    @Test
    void aFillFromAnOffsetIsThatSliceOfTheWholeDraw() {
        for (Backend backend : backends()) {
            try (backend;
                    TensorArena arena = backend.newArena("draws")) {
                for (int offset : OFFSETS) {
                    for (int n : LENGTHS) {
                        for (String op : new String[] {"uniform", "normal", "beta", "rows"}) {
                            float[] whole = fill(backend, arena, op, KEY, offset + n);
                            float[] piece = fill(backend, arena, op, KEY.skip(offset), n);
                            assertArrayEquals(
                                    Arrays.copyOfRange(whole, offset * width(op), (offset + n) * width(op)),
                                    piece,
                                    backend.name() + " " + op + " " + n + " from " + offset);
                        }
                    }
                    arena.reset();
                }
            }
        }
    }

    @Test
    void ranksFillingTheirRowsOfOneBatchMakeTheSingleProcessDraw() {
        int rows = 1001, cols = 3;
        for (int ranks : new int[] {1, 2, 3, 7}) {
            try (Backend backend = new CpuBackend(2);
                    TensorArena arena = backend.newArena("batch")) {
                Tensor xLeft = arena.allocate(Shape.matrix(rows, cols));
                backend.fillUniform(xLeft, new RandomKey(1, 1));
                Tensor t = arena.allocate(Shape.matrix(rows, 1));
                backend.fillUniform(t, new RandomKey(1, 2));
                float[][] whole = pathSample(backend, arena, xLeft, t, KEY);
                float[] xt = new float[rows * cols], target = new float[rows * cols];
                for (int rank = 0; rank < ranks; rank++) {
                    int from = (int) ((long) rows * rank / ranks), to = (int) ((long) rows * (rank + 1) / ranks);
                    float[][] piece = pathSample(
                            backend,
                            arena,
                            xLeft.rowSlice(from, to - from),
                            t.rowSlice(from, to - from),
                            KEY.skip((long) from * cols));
                    System.arraycopy(piece[0], 0, xt, from * cols, piece[0].length);
                    System.arraycopy(piece[1], 0, target, from * cols, piece[1].length);
                }
                assertArrayEquals(whole[0], xt, ranks + " ranks: x_t");
                assertArrayEquals(whole[1], target, ranks + " ranks: target");
                for (String op : new String[] {"rows", "uniform", "beta"}) {
                    float[] single = fill(backend, arena, op, KEY, rows);
                    float[] union = new float[single.length];
                    for (int rank = 0; rank < ranks; rank++) {
                        int from = (int) ((long) rows * rank / ranks), to = (int) ((long) rows * (rank + 1) / ranks);
                        float[] piece = fill(backend, arena, op, KEY.skip(from), to - from);
                        System.arraycopy(piece, 0, union, from * width(op), piece.length);
                    }
                    assertArrayEquals(single, union, ranks + " ranks: the union of their " + op + " draws");
                }
            }
        }
    }

    @Test
    void skippingAddsUpAndANegativeOffsetIsRefused() {
        assertEquals(12, KEY.skip(5).skip(7).offset());
        assertEquals(KEY, KEY.skip(0));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> KEY.skip(-1));
    }

    private static int width(String op) {
        return op.equals("rows") ? 2 : 1;
    }

    private static float[] fill(Backend backend, TensorArena arena, String op, RandomKey key, int n) {
        if (op.equals("rows")) {
            Tensor source = arena.allocate(Shape.matrix(50, 2));
            float[] values = new float[100];
            for (int i = 0; i < values.length; i++) {
                values[i] = i;
            }
            backend.fromHost(values, source);
            Tensor out = arena.allocate(Shape.matrix(n, 2));
            backend.gatherRandomRows(source, key, out);
            return backend.toHost(out);
        }
        Tensor out = arena.allocate(Shape.matrix(1, n));
        switch (op) {
            case "uniform" -> backend.fillUniform(out, key);
            case "normal" -> backend.fillNormal(out, key);
            default -> backend.fillBeta(out, 0.7, 2, key);
        }
        return backend.toHost(out);
    }

    private static float[][] pathSample(Backend backend, TensorArena arena, Tensor xLeft, Tensor t, RandomKey key) {
        Tensor xt = arena.allocate(xLeft.shape());
        Tensor target = arena.allocate(xLeft.shape());
        backend.pathSample(xLeft, t, 0.9f, 0.4f, Interpolant.TRIG, key, xt, target);
        return new float[][] {backend.toHost(xt), backend.toHost(target)};
    }
}
