package lfm.backend.cpu;

import static lfm.backend.cpu.Simd.get;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;

/**
 * Copies blocks of op(a) and op(b) into the contiguous panels the {@link MicroKernel} streams through:
 * <ul>
 *   <li>A block (mc rows × kc) → micro-panels of MR rows; panel q holds rows [q·MR, q·MR + MR) as kc
 *       groups of MR values (element (r, p) at q·MR·kc + p·MR + r);</li>
 *   <li>B block (kc × nc) → micro-panels of NR columns; panel q holds columns [q·NR, q·NR + NR) as
 *       kc rows of NR values (element (p, j) at q·NR·kc + p·NR + j).</li>
 * </ul>
 * Rows or columns past the matrix edge are zero, so the kernel always runs whole tiles.
 * Storage: a (m, k) or, transposed, (k, m); b (k, n) or, transposed, (n, k); all row-major.
 * These two methods and {@link MicroKernel#accumulate} are the whole contract of the kernel: a caller
 * with another source of panels (an implicit-GEMM convolution, say) writes the same layouts.
 */
final class GemmPacking {
    private GemmPacking() {}

    /**
     * Packs op(a)[rowStart, rowStart + mc) × [kStart, kStart + kc) into packed[0, ⌈mc/mr⌉·mr·kc) as
     * micro-panels of mr rows, each kc·mr floats, rows past mc zero. The layout inside a panel follows
     * the storage so that packing is a contiguous copy either way:
     * <ul>
     *   <li>a stored (m, k), not transposed: row-major, element (r, p) at panel + r·kc + p
     *       ({@link MicroKernel#accumulateRows} with stride kc);</li>
     *   <li>a stored (k, m), transposed: k-major, element (r, p) at panel + p·mr + r
     *       ({@link MicroKernel#accumulate}).</li>
     * </ul>
     */
    static void packA(
            MemorySegment a,
            boolean transposed,
            int m,
            int k,
            int rowStart,
            int mc,
            int kStart,
            int kc,
            int mr,
            float[] packed) {
        for (int panel = 0; panel * mr < mc; panel++) {
            int base = panel * mr * kc;
            int rows = Math.min(mr, mc - panel * mr);
            if (transposed) {
                packTransposedPanel(a, m, rowStart + panel * mr, rows, kStart, kc, mr, packed, base);
                continue;
            }
            for (int r = 0; r < rows; r++) {
                long source = (long) (rowStart + panel * mr + r) * k + kStart;
                MemorySegment.copy(a, Simd.FLOAT, source << 2, packed, base + r * kc, kc);
            }
            java.util.Arrays.fill(packed, base + rows * kc, base + mr * kc, 0f);
        }
    }

    /**
     * One k-major A micro-panel from a stored (k, m): op(a)[i, p] = a[p, i], so for each p the panel's
     * rows are mr contiguous floats of a, copied a short vector at a time (mr a multiple of 4; rows
     * past the edge are zero).
     */
    private static void packTransposedPanel(
            MemorySegment a, int m, int row0, int rows, int kStart, int kc, int mr, float[] packed, int base) {
        long source = (long) kStart * m + row0;
        if (rows == mr && mr % 16 == 0 && Simd.LANES >= 16) {
            for (int p = 0; p < kc; p++, source += m) {
                for (int r = 0; r < mr; r += 16) {
                    FloatVector.fromMemorySegment(FloatVector.SPECIES_512, a, (source + r) << 2, Simd.ORDER)
                            .intoArray(packed, base + p * mr + r);
                }
            }
        } else if (rows == mr && mr % 8 == 0 && Simd.LANES >= 8) {
            for (int p = 0; p < kc; p++, source += m) {
                for (int r = 0; r < mr; r += 8) {
                    FloatVector.fromMemorySegment(FloatVector.SPECIES_256, a, (source + r) << 2, Simd.ORDER)
                            .intoArray(packed, base + p * mr + r);
                }
            }
        } else if (rows == mr && mr % 4 == 0 && Simd.LANES >= 4) {
            for (int p = 0; p < kc; p++, source += m) {
                for (int r = 0; r < mr; r += 4) {
                    FloatVector.fromMemorySegment(FloatVector.SPECIES_128, a, (source + r) << 2, Simd.ORDER)
                            .intoArray(packed, base + p * mr + r);
                }
            }
        } else {
            for (int p = 0; p < kc; p++, source += m) {
                for (int r = 0; r < mr; r++) {
                    packed[base + p * mr + r] = r < rows ? get(a, source + r) : 0f;
                }
            }
        }
    }

    /**
     * Packs micro-panels [firstPanel, lastPanel) of op(b)[kStart, kStart + kc) × [colStart, colStart + nc)
     * into packed (panel q at q·nr·kc).
     */
    static void packB(
            MemorySegment b,
            boolean transposed,
            int k,
            int n,
            int kStart,
            int kc,
            int colStart,
            int nc,
            int nr,
            int firstPanel,
            int lastPanel,
            float[] packed,
            boolean vector) {
        for (int panel = firstPanel; panel < lastPanel; panel++) {
            int base = panel * nr * kc;
            int col0 = colStart + panel * nr;
            int width = Math.min(nr, colStart + nc - col0);
            if (transposed) {
                packTransposedBPanel(b, k, kStart, kc, col0, width, nr, packed, base);
            } else if (width == nr && vector) {
                // op(b)[p, j] = b[p, j]: each packed row is nr contiguous floats of b, whole vectors.
                for (int p = 0; p < kc; p++) {
                    long source = (long) (kStart + p) * n + col0;
                    int target = base + p * nr;
                    for (int j = 0; j < nr; j += Simd.LANES) {
                        Simd.load(b, source + j).intoArray(packed, target + j);
                    }
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    long source = (long) (kStart + p) * n + col0;
                    int target = base + p * nr;
                    for (int j = 0; j < nr; j++) {
                        packed[target + j] = j < width ? get(b, source + j) : 0f;
                    }
                }
            }
        }
    }

    /** op(b)[p, j] = b[j, p]: row j of b is contiguous in p. */
    private static void packTransposedBPanel(
            MemorySegment b, int k, int kStart, int kc, int col0, int width, int nr, float[] packed, int base) {
        for (int j = 0; j < nr; j++) {
            if (j >= width) {
                for (int p = 0; p < kc; p++) {
                    packed[base + p * nr + j] = 0f;
                }
                continue;
            }
            long source = (long) (col0 + j) * k + kStart;
            for (int p = 0; p < kc; p++) {
                packed[base + p * nr + j] = get(b, source + p);
            }
        }
    }
}
