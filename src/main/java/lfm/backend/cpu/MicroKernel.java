package lfm.backend.cpu;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;

/**
 * The register tile of the SGEMM: C[MR × NR] (+)= A panel (kc × MR) · B panel (kc × NR), with
 * MR = 4 rows and NR = two vectors (16 floats with AVX2). Eight vector accumulators plus two B vectors
 * and one broadcast A value fit the 16 AVX2 registers without spilling (measured: ~2× faster under C2
 * than 12-accumulator shapes). The tile is then written to C as
 * <pre>
 *   first K block: c = α·acc + β·c   (β = 0: c = α·acc, the old c, NaN included, is never read)
 *   later blocks:  c = c + α·acc
 * </pre>
 * Partial tiles at the matrix edge go through a small buffer and a scalar store.
 */
final class MicroKernel {
    static final int MR = 4;
    static final int LANES = Simd.LANES;
    static final int NR = 2 * LANES;

    private final boolean vector;
    private final float[] tile = new float[MR * NR];   // edge tiles and the scalar kernel

    MicroKernel(boolean vector) {
        this.vector = vector;
    }

    /**
     * @param rows,cols the valid part of the tile (≤ MR, ≤ NR)
     * @param c         C storage; the tile's top-left element at cIndex, rows ldc apart
     * @param first     whether this is the first K block (apply β) or a later one (add)
     */
    void multiply(int kc, float[] a, int aBase, float[] b, int bBase, MemorySegment c, long cIndex, int ldc,
                  int rows, int cols, float alpha, float beta, boolean first) {
        if (!vector) {
            scalarTile(kc, a, aBase, b, bBase);
            storeTile(c, cIndex, ldc, rows, cols, alpha, beta, first);
            return;
        }
        var species = Simd.SPECIES;
        FloatVector c00 = FloatVector.zero(species), c01 = FloatVector.zero(species);
        FloatVector c10 = FloatVector.zero(species), c11 = FloatVector.zero(species);
        FloatVector c20 = FloatVector.zero(species), c21 = FloatVector.zero(species);
        FloatVector c30 = FloatVector.zero(species), c31 = FloatVector.zero(species);
        int ai = aBase;
        int bi = bBase;
        for (int p = 0; p < kc; p++, ai += MR, bi += NR) {
            FloatVector b0 = FloatVector.fromArray(species, b, bi);
            FloatVector b1 = FloatVector.fromArray(species, b, bi + LANES);
            FloatVector a0 = FloatVector.broadcast(species, a[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(species, a[ai + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(species, a[ai + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(species, a[ai + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
        }
        // Through the tile buffer rather than straight to C: keeping the C update out of this method
        // keeps it small enough for C2 to inline every Vector API call (else vectors get boxed).
        c00.intoArray(tile, 0);
        c01.intoArray(tile, LANES);
        c10.intoArray(tile, NR);
        c11.intoArray(tile, NR + LANES);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + LANES);
        c30.intoArray(tile, 3 * NR);
        c31.intoArray(tile, 3 * NR + LANES);
        if (cols == NR) {
            storeFullRows(c, cIndex, ldc, rows, alpha, beta, first);
        } else {
            storeTile(c, cIndex, ldc, rows, cols, alpha, beta, first);
        }
    }

    /** C rows (all NR columns valid) from the tile buffer, a vector at a time. */
    private void storeFullRows(MemorySegment c, long cIndex, int ldc, int rows, float alpha, float beta,
                               boolean first) {
        boolean overwrite = first && beta == 0f;
        float oldScale = first ? beta : 1f;
        for (int r = 0; r < rows; r++) {
            long row = cIndex + (long) r * ldc;
            for (int j = 0; j < NR; j += LANES) {
                FloatVector product = FloatVector.fromArray(Simd.SPECIES, tile, r * NR + j).mul(alpha);
                if (overwrite) {
                    product.intoMemorySegment(c, (row + j) << 2, Simd.ORDER);
                } else {
                    FloatVector.fromMemorySegment(Simd.SPECIES, c, (row + j) << 2, Simd.ORDER).mul(oldScale).add(product).intoMemorySegment(c, (row + j) << 2, Simd.ORDER);
                }
            }
        }
    }

    /** tile (MR × NR) = A panel · B panel, plain loops. */
    private void scalarTile(int kc, float[] a, int aBase, float[] b, int bBase) {
        java.util.Arrays.fill(tile, 0f);
        for (int p = 0; p < kc; p++) {
            int ai = aBase + p * MR;
            int bi = bBase + p * NR;
            for (int r = 0; r < MR; r++) {
                float value = a[ai + r];
                int row = r * NR;
                for (int j = 0; j < NR; j++) {
                    tile[row + j] = Math.fma(value, b[bi + j], tile[row + j]);
                }
            }
        }
    }

    /** Writes the valid rows × cols of the buffered tile into C. */
    private void storeTile(MemorySegment c, long cIndex, int ldc, int rows, int cols, float alpha, float beta,
                           boolean first) {
        for (int r = 0; r < rows; r++) {
            long row = cIndex + (long) r * ldc;
            for (int j = 0; j < cols; j++) {
                float product = alpha * tile[r * NR + j];
                float value;
                if (!first) {
                    value = Simd.get(c, row + j) + product;
                } else if (beta == 0f) {
                    value = product;
                } else {
                    value = product + beta * Simd.get(c, row + j);
                }
                Simd.set(c, row + j, value);
            }
        }
    }
}
