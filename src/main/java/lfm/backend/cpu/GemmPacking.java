package lfm.backend.cpu;

import static lfm.backend.cpu.Simd.get;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;

/**
 * Copies blocks of op(a) and op(b) into the contiguous panels the micro-kernel streams through:
 * <ul>
 *   <li>A block (mc rows × kc) → micro-panels of {@link Sgemm#MR} rows; panel q holds rows
 *       [q·MR, q·MR + MR) as kc groups of MR values (element (r, p) at q·MR·kc + p·MR + r);</li>
 *   <li>B block (kc × nc) → micro-panels of NR columns; panel q holds columns [q·NR, q·NR + NR) as
 *       kc rows of NR values (element (p, j) at q·NR·kc + p·NR + j).</li>
 * </ul>
 * Rows or columns past the matrix edge are zero, so the kernel always runs whole tiles.
 * Storage: a (m, k) or, transposed, (k, m); b (k, n) or, transposed, (n, k); all row-major.
 */
final class GemmPacking {
    private GemmPacking() {
    }

    /** Packs op(a)[rowStart, rowStart + mc) × [kStart, kStart + kc) into packed[0, ⌈mc/MR⌉·MR·kc). */
    static void packA(MemorySegment a, boolean transposed, int m, int k, int rowStart, int mc, int kStart, int kc,
                      float[] packed) {
        int mr = Sgemm.MR;
        for (int panel = 0; panel * mr < mc; panel++) {
            int base = panel * mr * kc;
            for (int r = 0; r < mr; r++) {
                int row = panel * mr + r;
                if (row >= mc) {
                    for (int p = 0; p < kc; p++) {
                        packed[base + p * mr + r] = 0f;
                    }
                } else if (transposed) {
                    // op(a)[i, p] = a[p, i]: column i of a, stride m.
                    long source = (long) kStart * m + rowStart + row;
                    for (int p = 0; p < kc; p++) {
                        packed[base + p * mr + r] = get(a, source + (long) p * m);
                    }
                } else {
                    long source = (long) (rowStart + row) * k + kStart;
                    for (int p = 0; p < kc; p++) {
                        packed[base + p * mr + r] = get(a, source + p);
                    }
                }
            }
        }
    }

    /**
     * Packs micro-panels [firstPanel, lastPanel) of op(b)[kStart, kStart + kc) × [colStart, colStart + nc)
     * into packed (panel q at q·NR·kc).
     */
    static void packB(MemorySegment b, boolean transposed, int k, int n, int kStart, int kc, int colStart, int nc,
                      int nr, int firstPanel, int lastPanel, float[] packed, boolean vector) {
        for (int panel = firstPanel; panel < lastPanel; panel++) {
            int base = panel * nr * kc;
            int col0 = colStart + panel * nr;
            int width = Math.min(nr, colStart + nc - col0);
            if (transposed) {
                packTransposedPanel(b, k, kStart, kc, col0, width, nr, packed, base);
            } else if (width == nr && vector) {
                // op(b)[p, j] = b[p, j]: each packed row is nr contiguous floats of b, two vectors.
                for (int p = 0; p < kc; p++) {
                    long source = (long) (kStart + p) * n + col0;
                    int target = base + p * nr;
                    for (int j = 0; j < nr; j += Simd.LANES) {
                        FloatVector.fromMemorySegment(Simd.SPECIES, b, (source + j) << 2, Simd.ORDER)
                                .intoArray(packed, target + j);
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
    private static void packTransposedPanel(MemorySegment b, int k, int kStart, int kc, int col0, int width, int nr,
                                            float[] packed, int base) {
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
