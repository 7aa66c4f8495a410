package lfm.backend.cpu;

import java.lang.foreign.MemorySegment;

/**
 * Column sums made of per-chunk partials: partials (chunks, cols) holds the sums of consecutive row
 * chunks; they are added in chunk order, in double, so the result depends only on the chunk size,
 * never on how many threads made the partials.
 */
final class ColumnPartials {
    private ColumnPartials() {}

    /** out[j] (+)= Σ_c partials[c·cols + j], out a (1, cols) float segment. */
    static void store(float[] partials, int chunks, int cols, MemorySegment out, boolean accumulate) {
        for (int j = 0; j < cols; j++) {
            double total = 0;
            for (int c = 0; c < chunks; c++) {
                total += partials[c * cols + j];
            }
            double old = accumulate ? Simd.get(out, j) : 0;
            Simd.set(out, j, (float) (old + total));
        }
    }

    static void addInto(float[] partials, int chunks, int cols, MemorySegment out) {
        store(partials, chunks, cols, out, true);
    }
}
