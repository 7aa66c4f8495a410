package lfm.backend.cpu;

import static lfm.backend.cpu.Simd.LANES;

import jdk.incubator.vector.FloatVector;

/** The 8 × 2-vector register tile (16 accumulators); see {@link MicroKernel}. */
final class MicroKernel8x2 extends MicroKernel {
    MicroKernel8x2() {
        super(8, 2);
    }

    @Override
    void accumulate(int kc, float[] a, int aBase, float[] b, int bBase) {
        var species = Simd.SPECIES;
        FloatVector c00 = FloatVector.zero(species), c01 = FloatVector.zero(species);
        FloatVector c10 = FloatVector.zero(species), c11 = FloatVector.zero(species);
        FloatVector c20 = FloatVector.zero(species), c21 = FloatVector.zero(species);
        FloatVector c30 = FloatVector.zero(species), c31 = FloatVector.zero(species);
        FloatVector c40 = FloatVector.zero(species), c41 = FloatVector.zero(species);
        FloatVector c50 = FloatVector.zero(species), c51 = FloatVector.zero(species);
        FloatVector c60 = FloatVector.zero(species), c61 = FloatVector.zero(species);
        FloatVector c70 = FloatVector.zero(species), c71 = FloatVector.zero(species);
        for (int p = 0, ai = aBase, bi = bBase; p < kc; p++, ai += 8, bi += 2 * LANES) {
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
            FloatVector a4 = FloatVector.broadcast(species, a[ai + 4]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(species, a[ai + 5]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
            FloatVector a6 = FloatVector.broadcast(species, a[ai + 6]);
            c60 = a6.fma(b0, c60);
            c61 = a6.fma(b1, c61);
            FloatVector a7 = FloatVector.broadcast(species, a[ai + 7]);
            c70 = a7.fma(b0, c70);
            c71 = a7.fma(b1, c71);
        }
        c00.intoArray(tile, 0 * nr + 0 * LANES);
        c01.intoArray(tile, 0 * nr + 1 * LANES);
        c10.intoArray(tile, 1 * nr + 0 * LANES);
        c11.intoArray(tile, 1 * nr + 1 * LANES);
        c20.intoArray(tile, 2 * nr + 0 * LANES);
        c21.intoArray(tile, 2 * nr + 1 * LANES);
        c30.intoArray(tile, 3 * nr + 0 * LANES);
        c31.intoArray(tile, 3 * nr + 1 * LANES);
        c40.intoArray(tile, 4 * nr + 0 * LANES);
        c41.intoArray(tile, 4 * nr + 1 * LANES);
        c50.intoArray(tile, 5 * nr + 0 * LANES);
        c51.intoArray(tile, 5 * nr + 1 * LANES);
        c60.intoArray(tile, 6 * nr + 0 * LANES);
        c61.intoArray(tile, 6 * nr + 1 * LANES);
        c70.intoArray(tile, 7 * nr + 0 * LANES);
        c71.intoArray(tile, 7 * nr + 1 * LANES);
    }

    @Override
    void accumulateRows(int kc, float[] a, int aBase, int aStride, float[] b, int bBase) {
        var species = Simd.SPECIES;
        FloatVector c00 = FloatVector.zero(species), c01 = FloatVector.zero(species);
        FloatVector c10 = FloatVector.zero(species), c11 = FloatVector.zero(species);
        FloatVector c20 = FloatVector.zero(species), c21 = FloatVector.zero(species);
        FloatVector c30 = FloatVector.zero(species), c31 = FloatVector.zero(species);
        FloatVector c40 = FloatVector.zero(species), c41 = FloatVector.zero(species);
        FloatVector c50 = FloatVector.zero(species), c51 = FloatVector.zero(species);
        FloatVector c60 = FloatVector.zero(species), c61 = FloatVector.zero(species);
        FloatVector c70 = FloatVector.zero(species), c71 = FloatVector.zero(species);
        int row1 = aBase + aStride;
        int row2 = aBase + 2 * aStride;
        int row3 = aBase + 3 * aStride;
        int row4 = aBase + 4 * aStride;
        int row5 = aBase + 5 * aStride;
        int row6 = aBase + 6 * aStride;
        int row7 = aBase + 7 * aStride;
        for (int p = 0, bi = bBase; p < kc; p++, bi += 2 * LANES) {
            FloatVector b0 = FloatVector.fromArray(species, b, bi);
            FloatVector b1 = FloatVector.fromArray(species, b, bi + LANES);
            FloatVector a0 = FloatVector.broadcast(species, a[aBase + p]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(species, a[row1 + p]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(species, a[row2 + p]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(species, a[row3 + p]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(species, a[row4 + p]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(species, a[row5 + p]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
            FloatVector a6 = FloatVector.broadcast(species, a[row6 + p]);
            c60 = a6.fma(b0, c60);
            c61 = a6.fma(b1, c61);
            FloatVector a7 = FloatVector.broadcast(species, a[row7 + p]);
            c70 = a7.fma(b0, c70);
            c71 = a7.fma(b1, c71);
        }
        c00.intoArray(tile, 0 * nr + 0 * LANES);
        c01.intoArray(tile, 0 * nr + 1 * LANES);
        c10.intoArray(tile, 1 * nr + 0 * LANES);
        c11.intoArray(tile, 1 * nr + 1 * LANES);
        c20.intoArray(tile, 2 * nr + 0 * LANES);
        c21.intoArray(tile, 2 * nr + 1 * LANES);
        c30.intoArray(tile, 3 * nr + 0 * LANES);
        c31.intoArray(tile, 3 * nr + 1 * LANES);
        c40.intoArray(tile, 4 * nr + 0 * LANES);
        c41.intoArray(tile, 4 * nr + 1 * LANES);
        c50.intoArray(tile, 5 * nr + 0 * LANES);
        c51.intoArray(tile, 5 * nr + 1 * LANES);
        c60.intoArray(tile, 6 * nr + 0 * LANES);
        c61.intoArray(tile, 6 * nr + 1 * LANES);
        c70.intoArray(tile, 7 * nr + 0 * LANES);
        c71.intoArray(tile, 7 * nr + 1 * LANES);
    }
}
