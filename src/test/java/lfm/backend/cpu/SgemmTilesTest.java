package lfm.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every register tile the packed SGEMM can be told to use ({@code -Dlfm.cpu.tile}), not only the one
 * this machine picks, against double-precision loops: all four transpose pairs, β = 0 on a NaN-filled c
 * and β ≠ 0, on shapes with edge tiles in both directions, two K blocks and several M blocks.
 */
class SgemmTilesTest {
    private static final int[][] SHAPES = {{37, 70, 300}, {290, 33, 24}, {9, 129, 17}};

    @ParameterizedTest
    @ValueSource(strings = {"4x2", "6x2", "8x2", "12x2", "4x4"})
    void everyTileAgreesWithDoubleLoops(String tile) {
        try (WorkerPool pool = new WorkerPool(2);
                Arena arena = Arena.ofConfined()) {
            Sgemm gemm = new Sgemm(pool, true, new Scratch(2), tile);
            Random random = new Random(7);
            for (int[] shape : SHAPES) {
                for (int pair = 0; pair < 4; pair++) {
                    check(gemm, arena, random, shape[0], shape[1], shape[2], pair >= 2, (pair & 1) == 1, 0f);
                    check(gemm, arena, random, shape[0], shape[1], shape[2], pair >= 2, (pair & 1) == 1, -0.5f);
                }
            }
        }
    }

    private static void check(
            Sgemm gemm,
            Arena arena,
            Random random,
            int m,
            int n,
            int k,
            boolean transposeA,
            boolean transposeB,
            float beta) {
        float[] a = uniform(random, m * k);
        float[] b = uniform(random, k * n);
        float[] c = beta == 0 ? new float[m * n] : uniform(random, m * n);
        if (beta == 0) {
            java.util.Arrays.fill(c, Float.NaN);
        }
        MemorySegment cSegment = segment(arena, c);
        gemm.multiply(segment(arena, a), transposeA, segment(arena, b), transposeB, cSegment, m, n, k, 1.5f, beta);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    double left = transposeA ? a[p * m + i] : a[i * k + p];
                    double right = transposeB ? b[j * k + p] : b[p * n + j];
                    sum += left * right;
                }
                double expected = 1.5 * sum + (beta == 0 ? 0 : beta * (double) c[i * n + j]);
                double actual = Simd.get(cSegment, (long) i * n + j);
                double tolerance = 1e-5 * k + 1e-5 * Math.abs(expected);
                int row = i;
                int col = j;
                assertTrue(
                        Math.abs(actual - expected) <= tolerance,
                        () -> String.format(
                                "%s%s %dx%dx%d beta=%s: c[%d, %d] = %s, expected %s",
                                transposeA ? "T" : "N",
                                transposeB ? "T" : "N",
                                m,
                                n,
                                k,
                                beta,
                                row,
                                col,
                                actual,
                                expected));
            }
        }
    }

    private static float[] uniform(Random random, int size) {
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = random.nextFloat() * 2 - 1;
        }
        return values;
    }

    private static MemorySegment segment(Arena arena, float[] values) {
        MemorySegment segment = arena.allocate(4L * Math.max(1, values.length), 64);
        MemorySegment.copy(values, 0, segment, Simd.FLOAT, 0, values.length);
        return segment;
    }
}
