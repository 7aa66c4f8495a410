package lfm.backend.cpu;

import static lfm.backend.cpu.Simd.LANES;

import jdk.incubator.vector.FloatVector;

/**
 * The register tiles of the convolution: 8 rows × 1 or 2 vectors of columns (8 or 16 accumulators of
 * AVX-512's 32 registers), the shape of the SGEMM's 8 × 2 tile, but with the A operand read in place
 * from a zero-padded source image instead of a packed panel, so no im2col copy is ever made:
 * <ul>
 *   <li>{@link #forward}: tile[r, j] = Σ_t Σ_c src[base_r + tap_t + c] · w[(t·C + c)·NR + j]: row r is an
 *       output pixel whose receptive field starts at base_r, tap_t the offset of kernel tap t, w the
 *       packed weights of one panel of NR output channels;</li>
 *   <li>{@link #filter}: tile[r, j] = Σ_q src[pixel_q + row_r] · g[q·G + j0 + j]: row r is one (tap, input
 *       channel) of the weight gradient, q runs over the output pixels, g the output gradient. The pixels
 *       are walked row by row (pixel (y, x) at rowBase_y + x·step), so every index is linear in the
 *       inner loop and C2 hoists the bounds checks.</li>
 * </ul>
 * Each writes its tile (row r at r·NR) to a buffer: keeping stores out of the FMA loop keeps the method
 * small enough for C2 to hold every vector in a register. The scalar forms serve the forced-scalar
 * backend and the checks.
 */
final class ConvTiles {
    static final int ROWS = 8;

    /** Calls of each tile on a tiny problem before the first real one (see {@link #warmUp}). */
    private static final int WARM_UP_CALLS = 12_000;

    private static volatile boolean warm;

    private ConvTiles() {}

    /**
     * Runs every vector tile {@value #WARM_UP_CALLS} times on a one-tap, two-channel problem (a few
     * milliseconds once compiled), once per JVM. A convolution calls a tile a few thousand times, each
     * call a long FMA loop: until C2 has compiled the tile (after thousands of calls) the Vector API runs
     * interpreted, boxing every vector, and the first convolutions of a training run took minutes.
     * Thousands of tiny calls reach the compile thresholds in about a second instead.
     */
    static void warmUp(boolean vector) {
        if (warm || !vector) {
            return;
        }
        synchronized (ConvTiles.class) {
            if (warm) {
                return;
            }
            float[] src = new float[64];
            float[] w = new float[4 * 2 * LANES];
            float[] g = new float[4 * 2 * LANES];
            float[] tile = new float[ROWS * 2 * LANES];
            int[] base = {0, 2, 4, 6, 8, 10, 12, 14};
            int[] taps = {0};
            int[] rowBase = {0, 16};
            for (int call = 0; call < WARM_UP_CALLS; call++) {
                forward8x2(src, base, taps, 1, 2, w, 0, tile);
                forward8x1(src, base, taps, 1, 2, w, 0, tile);
                filter8x2(src, rowBase, 2, 2, 8, base, g, 2 * LANES, 0, tile);
                filter8x1(src, rowBase, 2, 2, 8, base, g, 2 * LANES, 0, tile);
            }
            warm = true;
        }
    }

    /** See the class comment; {@code vectors} is 1 or 2 (NR = vectors·LANES), base has 8 entries. */
    static void forward(
            boolean vector,
            int vectors,
            float[] src,
            int[] base,
            int[] taps,
            int tapCount,
            int channels,
            float[] w,
            int wBase,
            float[] tile) {
        if (!vector) {
            forwardScalar(vectors * LANES, src, base, taps, tapCount, channels, w, wBase, tile);
        } else if (vectors == 2) {
            forward8x2(src, base, taps, tapCount, channels, w, wBase, tile);
        } else {
            forward8x1(src, base, taps, tapCount, channels, w, wBase, tile);
        }
    }

    /**
     * See the class comment; rows has 8 entries; output pixel (y, x), y < height, x < width, reads the
     * source at rowBase[y] + x·step and the gradient at (y·width + x)·gStride + j0.
     */
    static void filter(
            boolean vector,
            int vectors,
            float[] src,
            int[] rowBase,
            int height,
            int width,
            int step,
            int[] rows,
            float[] g,
            int gStride,
            int j0,
            float[] tile) {
        if (!vector) {
            filterScalar(vectors * LANES, src, rowBase, height, width, step, rows, g, gStride, j0, tile);
        } else if (vectors == 2) {
            filter8x2(src, rowBase, height, width, step, rows, g, gStride, j0, tile);
        } else {
            filter8x1(src, rowBase, height, width, step, rows, g, gStride, j0, tile);
        }
    }

    private static void forward8x2(
            float[] src, int[] base, int[] taps, int tapCount, int channels, float[] w, int wBase, float[] tile) {
        var s = Simd.SPECIES;
        FloatVector c00 = FloatVector.zero(s), c01 = FloatVector.zero(s), c10 = FloatVector.zero(s);
        FloatVector c11 = FloatVector.zero(s), c20 = FloatVector.zero(s), c21 = FloatVector.zero(s);
        FloatVector c30 = FloatVector.zero(s), c31 = FloatVector.zero(s), c40 = FloatVector.zero(s);
        FloatVector c41 = FloatVector.zero(s), c50 = FloatVector.zero(s), c51 = FloatVector.zero(s);
        FloatVector c60 = FloatVector.zero(s), c61 = FloatVector.zero(s), c70 = FloatVector.zero(s);
        FloatVector c71 = FloatVector.zero(s);
        int wi = wBase;
        for (int t = 0; t < tapCount; t++) {
            int tap = taps[t];
            int o0 = base[0] + tap, o1 = base[1] + tap, o2 = base[2] + tap, o3 = base[3] + tap;
            int o4 = base[4] + tap, o5 = base[5] + tap, o6 = base[6] + tap, o7 = base[7] + tap;
            for (int c = 0; c < channels; c++, wi += 2 * LANES) {
                FloatVector b0 = FloatVector.fromArray(s, w, wi);
                FloatVector b1 = FloatVector.fromArray(s, w, wi + LANES);
                FloatVector a = FloatVector.broadcast(s, src[o0 + c]);
                c00 = a.fma(b0, c00);
                c01 = a.fma(b1, c01);
                a = FloatVector.broadcast(s, src[o1 + c]);
                c10 = a.fma(b0, c10);
                c11 = a.fma(b1, c11);
                a = FloatVector.broadcast(s, src[o2 + c]);
                c20 = a.fma(b0, c20);
                c21 = a.fma(b1, c21);
                a = FloatVector.broadcast(s, src[o3 + c]);
                c30 = a.fma(b0, c30);
                c31 = a.fma(b1, c31);
                a = FloatVector.broadcast(s, src[o4 + c]);
                c40 = a.fma(b0, c40);
                c41 = a.fma(b1, c41);
                a = FloatVector.broadcast(s, src[o5 + c]);
                c50 = a.fma(b0, c50);
                c51 = a.fma(b1, c51);
                a = FloatVector.broadcast(s, src[o6 + c]);
                c60 = a.fma(b0, c60);
                c61 = a.fma(b1, c61);
                a = FloatVector.broadcast(s, src[o7 + c]);
                c70 = a.fma(b0, c70);
                c71 = a.fma(b1, c71);
            }
        }
        store2(tile, c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71);
    }

    private static void forward8x1(
            float[] src, int[] base, int[] taps, int tapCount, int channels, float[] w, int wBase, float[] tile) {
        var s = Simd.SPECIES;
        FloatVector c0 = FloatVector.zero(s), c1 = FloatVector.zero(s), c2 = FloatVector.zero(s);
        FloatVector c3 = FloatVector.zero(s), c4 = FloatVector.zero(s), c5 = FloatVector.zero(s);
        FloatVector c6 = FloatVector.zero(s), c7 = FloatVector.zero(s);
        int wi = wBase;
        for (int t = 0; t < tapCount; t++) {
            int tap = taps[t];
            int o0 = base[0] + tap, o1 = base[1] + tap, o2 = base[2] + tap, o3 = base[3] + tap;
            int o4 = base[4] + tap, o5 = base[5] + tap, o6 = base[6] + tap, o7 = base[7] + tap;
            for (int c = 0; c < channels; c++, wi += LANES) {
                FloatVector b = FloatVector.fromArray(s, w, wi);
                c0 = FloatVector.broadcast(s, src[o0 + c]).fma(b, c0);
                c1 = FloatVector.broadcast(s, src[o1 + c]).fma(b, c1);
                c2 = FloatVector.broadcast(s, src[o2 + c]).fma(b, c2);
                c3 = FloatVector.broadcast(s, src[o3 + c]).fma(b, c3);
                c4 = FloatVector.broadcast(s, src[o4 + c]).fma(b, c4);
                c5 = FloatVector.broadcast(s, src[o5 + c]).fma(b, c5);
                c6 = FloatVector.broadcast(s, src[o6 + c]).fma(b, c6);
                c7 = FloatVector.broadcast(s, src[o7 + c]).fma(b, c7);
            }
        }
        store1(tile, c0, c1, c2, c3, c4, c5, c6, c7);
    }

    private static void filter8x2(
            float[] src,
            int[] rowBase,
            int height,
            int width,
            int step,
            int[] rows,
            float[] g,
            int gStride,
            int j0,
            float[] tile) {
        var s = Simd.SPECIES;
        FloatVector c00 = FloatVector.zero(s), c01 = FloatVector.zero(s), c10 = FloatVector.zero(s);
        FloatVector c11 = FloatVector.zero(s), c20 = FloatVector.zero(s), c21 = FloatVector.zero(s);
        FloatVector c30 = FloatVector.zero(s), c31 = FloatVector.zero(s), c40 = FloatVector.zero(s);
        FloatVector c41 = FloatVector.zero(s), c50 = FloatVector.zero(s), c51 = FloatVector.zero(s);
        FloatVector c60 = FloatVector.zero(s), c61 = FloatVector.zero(s), c70 = FloatVector.zero(s);
        FloatVector c71 = FloatVector.zero(s);
        for (int y = 0, gi = j0; y < height; y++) {
            int r0 = rowBase[y] + rows[0], r1 = rowBase[y] + rows[1], r2 = rowBase[y] + rows[2];
            int r3 = rowBase[y] + rows[3], r4 = rowBase[y] + rows[4], r5 = rowBase[y] + rows[5];
            int r6 = rowBase[y] + rows[6], r7 = rowBase[y] + rows[7];
            for (int x = 0, p = 0; x < width; x++, p += step, gi += gStride) {
                FloatVector b0 = FloatVector.fromArray(s, g, gi);
                FloatVector b1 = FloatVector.fromArray(s, g, gi + LANES);
                FloatVector a = FloatVector.broadcast(s, src[p + r0]);
                c00 = a.fma(b0, c00);
                c01 = a.fma(b1, c01);
                a = FloatVector.broadcast(s, src[p + r1]);
                c10 = a.fma(b0, c10);
                c11 = a.fma(b1, c11);
                a = FloatVector.broadcast(s, src[p + r2]);
                c20 = a.fma(b0, c20);
                c21 = a.fma(b1, c21);
                a = FloatVector.broadcast(s, src[p + r3]);
                c30 = a.fma(b0, c30);
                c31 = a.fma(b1, c31);
                a = FloatVector.broadcast(s, src[p + r4]);
                c40 = a.fma(b0, c40);
                c41 = a.fma(b1, c41);
                a = FloatVector.broadcast(s, src[p + r5]);
                c50 = a.fma(b0, c50);
                c51 = a.fma(b1, c51);
                a = FloatVector.broadcast(s, src[p + r6]);
                c60 = a.fma(b0, c60);
                c61 = a.fma(b1, c61);
                a = FloatVector.broadcast(s, src[p + r7]);
                c70 = a.fma(b0, c70);
                c71 = a.fma(b1, c71);
            }
        }
        store2(tile, c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71);
    }

    private static void filter8x1(
            float[] src,
            int[] rowBase,
            int height,
            int width,
            int step,
            int[] rows,
            float[] g,
            int gStride,
            int j0,
            float[] tile) {
        var s = Simd.SPECIES;
        FloatVector c0 = FloatVector.zero(s), c1 = FloatVector.zero(s), c2 = FloatVector.zero(s);
        FloatVector c3 = FloatVector.zero(s), c4 = FloatVector.zero(s), c5 = FloatVector.zero(s);
        FloatVector c6 = FloatVector.zero(s), c7 = FloatVector.zero(s);
        for (int y = 0, gi = j0; y < height; y++) {
            int r0 = rowBase[y] + rows[0], r1 = rowBase[y] + rows[1], r2 = rowBase[y] + rows[2];
            int r3 = rowBase[y] + rows[3], r4 = rowBase[y] + rows[4], r5 = rowBase[y] + rows[5];
            int r6 = rowBase[y] + rows[6], r7 = rowBase[y] + rows[7];
            for (int x = 0, p = 0; x < width; x++, p += step, gi += gStride) {
                FloatVector b = FloatVector.fromArray(s, g, gi);
                c0 = FloatVector.broadcast(s, src[p + r0]).fma(b, c0);
                c1 = FloatVector.broadcast(s, src[p + r1]).fma(b, c1);
                c2 = FloatVector.broadcast(s, src[p + r2]).fma(b, c2);
                c3 = FloatVector.broadcast(s, src[p + r3]).fma(b, c3);
                c4 = FloatVector.broadcast(s, src[p + r4]).fma(b, c4);
                c5 = FloatVector.broadcast(s, src[p + r5]).fma(b, c5);
                c6 = FloatVector.broadcast(s, src[p + r6]).fma(b, c6);
                c7 = FloatVector.broadcast(s, src[p + r7]).fma(b, c7);
            }
        }
        store1(tile, c0, c1, c2, c3, c4, c5, c6, c7);
    }

    private static void store2(
            float[] tile,
            FloatVector c00,
            FloatVector c01,
            FloatVector c10,
            FloatVector c11,
            FloatVector c20,
            FloatVector c21,
            FloatVector c30,
            FloatVector c31,
            FloatVector c40,
            FloatVector c41,
            FloatVector c50,
            FloatVector c51,
            FloatVector c60,
            FloatVector c61,
            FloatVector c70,
            FloatVector c71) {
        int nr = 2 * LANES;
        c00.intoArray(tile, 0);
        c01.intoArray(tile, LANES);
        c10.intoArray(tile, nr);
        c11.intoArray(tile, nr + LANES);
        c20.intoArray(tile, 2 * nr);
        c21.intoArray(tile, 2 * nr + LANES);
        c30.intoArray(tile, 3 * nr);
        c31.intoArray(tile, 3 * nr + LANES);
        c40.intoArray(tile, 4 * nr);
        c41.intoArray(tile, 4 * nr + LANES);
        c50.intoArray(tile, 5 * nr);
        c51.intoArray(tile, 5 * nr + LANES);
        c60.intoArray(tile, 6 * nr);
        c61.intoArray(tile, 6 * nr + LANES);
        c70.intoArray(tile, 7 * nr);
        c71.intoArray(tile, 7 * nr + LANES);
    }

    private static void store1(
            float[] tile,
            FloatVector c0,
            FloatVector c1,
            FloatVector c2,
            FloatVector c3,
            FloatVector c4,
            FloatVector c5,
            FloatVector c6,
            FloatVector c7) {
        c0.intoArray(tile, 0);
        c1.intoArray(tile, LANES);
        c2.intoArray(tile, 2 * LANES);
        c3.intoArray(tile, 3 * LANES);
        c4.intoArray(tile, 4 * LANES);
        c5.intoArray(tile, 5 * LANES);
        c6.intoArray(tile, 6 * LANES);
        c7.intoArray(tile, 7 * LANES);
    }

    private static void forwardScalar(
            int nr,
            float[] src,
            int[] base,
            int[] taps,
            int tapCount,
            int channels,
            float[] w,
            int wBase,
            float[] tile) {
        java.util.Arrays.fill(tile, 0, ROWS * nr, 0f);
        for (int t = 0, wi = wBase; t < tapCount; t++) {
            for (int c = 0; c < channels; c++, wi += nr) {
                for (int r = 0; r < ROWS; r++) {
                    float a = src[base[r] + taps[t] + c];
                    for (int j = 0; j < nr; j++) {
                        tile[r * nr + j] = Math.fma(a, w[wi + j], tile[r * nr + j]);
                    }
                }
            }
        }
    }

    private static void filterScalar(
            int nr,
            float[] src,
            int[] rowBase,
            int height,
            int width,
            int step,
            int[] rows,
            float[] g,
            int gStride,
            int j0,
            float[] tile) {
        java.util.Arrays.fill(tile, 0, ROWS * nr, 0f);
        for (int q = 0; q < height * width; q++) {
            int p = rowBase[q / width] + (q % width) * step;
            for (int r = 0; r < ROWS; r++) {
                float a = src[p + rows[r]];
                for (int j = 0; j < nr; j++) {
                    tile[r * nr + j] = Math.fma(a, g[q * gStride + j0 + j], tile[r * nr + j]);
                }
            }
        }
    }
}
