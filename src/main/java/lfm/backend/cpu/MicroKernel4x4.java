package lfm.backend.cpu;

import static lfm.backend.cpu.Simd.LANES;

import jdk.incubator.vector.FloatVector;

/** The 4 × 4-vector register tile (16 accumulators); see {@link MicroKernel}. */
final class MicroKernel4x4 extends MicroKernel {
    MicroKernel4x4() {
        super(4, 4);
    }

    @Override
    void accumulate(int kc, float[] a, int aBase, float[] b, int bBase) {
        var species = Simd.SPECIES;
        FloatVector c00 = FloatVector.zero(species),
                c01 = FloatVector.zero(species),
                c02 = FloatVector.zero(species),
                c03 = FloatVector.zero(species);
        FloatVector c10 = FloatVector.zero(species),
                c11 = FloatVector.zero(species),
                c12 = FloatVector.zero(species),
                c13 = FloatVector.zero(species);
        FloatVector c20 = FloatVector.zero(species),
                c21 = FloatVector.zero(species),
                c22 = FloatVector.zero(species),
                c23 = FloatVector.zero(species);
        FloatVector c30 = FloatVector.zero(species),
                c31 = FloatVector.zero(species),
                c32 = FloatVector.zero(species),
                c33 = FloatVector.zero(species);
        for (int p = 0, ai = aBase, bi = bBase; p < kc; p++, ai += 4, bi += 4 * LANES) {
            FloatVector b0 = FloatVector.fromArray(species, b, bi);
            FloatVector b1 = FloatVector.fromArray(species, b, bi + LANES);
            FloatVector b2 = FloatVector.fromArray(species, b, bi + 2 * LANES);
            FloatVector b3 = FloatVector.fromArray(species, b, bi + 3 * LANES);
            FloatVector a0 = FloatVector.broadcast(species, a[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            c02 = a0.fma(b2, c02);
            c03 = a0.fma(b3, c03);
            FloatVector a1 = FloatVector.broadcast(species, a[ai + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            c12 = a1.fma(b2, c12);
            c13 = a1.fma(b3, c13);
            FloatVector a2 = FloatVector.broadcast(species, a[ai + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            c22 = a2.fma(b2, c22);
            c23 = a2.fma(b3, c23);
            FloatVector a3 = FloatVector.broadcast(species, a[ai + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            c32 = a3.fma(b2, c32);
            c33 = a3.fma(b3, c33);
        }
        c00.intoArray(tile, 0 * nr + 0 * LANES);
        c01.intoArray(tile, 0 * nr + 1 * LANES);
        c02.intoArray(tile, 0 * nr + 2 * LANES);
        c03.intoArray(tile, 0 * nr + 3 * LANES);
        c10.intoArray(tile, 1 * nr + 0 * LANES);
        c11.intoArray(tile, 1 * nr + 1 * LANES);
        c12.intoArray(tile, 1 * nr + 2 * LANES);
        c13.intoArray(tile, 1 * nr + 3 * LANES);
        c20.intoArray(tile, 2 * nr + 0 * LANES);
        c21.intoArray(tile, 2 * nr + 1 * LANES);
        c22.intoArray(tile, 2 * nr + 2 * LANES);
        c23.intoArray(tile, 2 * nr + 3 * LANES);
        c30.intoArray(tile, 3 * nr + 0 * LANES);
        c31.intoArray(tile, 3 * nr + 1 * LANES);
        c32.intoArray(tile, 3 * nr + 2 * LANES);
        c33.intoArray(tile, 3 * nr + 3 * LANES);
    }

    @Override
    void accumulateRows(int kc, float[] a, int aBase, int aStride, float[] b, int bBase) {
        var species = Simd.SPECIES;
        FloatVector c00 = FloatVector.zero(species),
                c01 = FloatVector.zero(species),
                c02 = FloatVector.zero(species),
                c03 = FloatVector.zero(species);
        FloatVector c10 = FloatVector.zero(species),
                c11 = FloatVector.zero(species),
                c12 = FloatVector.zero(species),
                c13 = FloatVector.zero(species);
        FloatVector c20 = FloatVector.zero(species),
                c21 = FloatVector.zero(species),
                c22 = FloatVector.zero(species),
                c23 = FloatVector.zero(species);
        FloatVector c30 = FloatVector.zero(species),
                c31 = FloatVector.zero(species),
                c32 = FloatVector.zero(species),
                c33 = FloatVector.zero(species);
        int row1 = aBase + aStride;
        int row2 = aBase + 2 * aStride;
        int row3 = aBase + 3 * aStride;
        for (int p = 0, bi = bBase; p < kc; p++, bi += 4 * LANES) {
            FloatVector b0 = FloatVector.fromArray(species, b, bi);
            FloatVector b1 = FloatVector.fromArray(species, b, bi + LANES);
            FloatVector b2 = FloatVector.fromArray(species, b, bi + 2 * LANES);
            FloatVector b3 = FloatVector.fromArray(species, b, bi + 3 * LANES);
            FloatVector a0 = FloatVector.broadcast(species, a[aBase + p]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            c02 = a0.fma(b2, c02);
            c03 = a0.fma(b3, c03);
            FloatVector a1 = FloatVector.broadcast(species, a[row1 + p]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            c12 = a1.fma(b2, c12);
            c13 = a1.fma(b3, c13);
            FloatVector a2 = FloatVector.broadcast(species, a[row2 + p]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            c22 = a2.fma(b2, c22);
            c23 = a2.fma(b3, c23);
            FloatVector a3 = FloatVector.broadcast(species, a[row3 + p]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            c32 = a3.fma(b2, c32);
            c33 = a3.fma(b3, c33);
        }
        c00.intoArray(tile, 0 * nr + 0 * LANES);
        c01.intoArray(tile, 0 * nr + 1 * LANES);
        c02.intoArray(tile, 0 * nr + 2 * LANES);
        c03.intoArray(tile, 0 * nr + 3 * LANES);
        c10.intoArray(tile, 1 * nr + 0 * LANES);
        c11.intoArray(tile, 1 * nr + 1 * LANES);
        c12.intoArray(tile, 1 * nr + 2 * LANES);
        c13.intoArray(tile, 1 * nr + 3 * LANES);
        c20.intoArray(tile, 2 * nr + 0 * LANES);
        c21.intoArray(tile, 2 * nr + 1 * LANES);
        c22.intoArray(tile, 2 * nr + 2 * LANES);
        c23.intoArray(tile, 2 * nr + 3 * LANES);
        c30.intoArray(tile, 3 * nr + 0 * LANES);
        c31.intoArray(tile, 3 * nr + 1 * LANES);
        c32.intoArray(tile, 3 * nr + 2 * LANES);
        c33.intoArray(tile, 3 * nr + 3 * LANES);
    }
}
