package lfm.backend.cpu;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;

/**
 * The plain GEMM epilogue, c = α·op(a)·op(b) + β·c, one K block at a time:
 * <pre>
 *   first K block: c = α·tile + β·c   (β = 0: c = α·tile, the old c, NaN included, is never read)
 *   later blocks:  c = c + α·tile
 * </pre>
 * C is row-major (m, ldc) in a float segment. Whole-width tiles go a vector at a time, edge tiles
 * element by element.
 */
final class ScaledStore implements TileEpilogue {
    private final boolean vector;
    private MemorySegment c;
    private int ldc;
    private float alpha;
    private float beta;

    ScaledStore(boolean vector) {
        this.vector = vector;
    }

    /** Targets c (·, ldc) with these scalars; {@link #clear} drops the reference afterwards. */
    ScaledStore target(MemorySegment c, int ldc, float alpha, float beta) {
        this.c = c;
        this.ldc = ldc;
        this.alpha = alpha;
        this.beta = beta;
        return this;
    }

    void clear() {
        this.c = null;
    }

    @Override
    public void store(
            float[] tile, int nr, int row, int col, int rows, int cols, boolean first, boolean last, int worker) {
        boolean overwrite = first && beta == 0f;
        float oldScale = first ? beta : 1f;
        int vectorCols = cols == nr && vector ? nr : 0;
        for (int r = 0; r < rows; r++) {
            long index = (long) (row + r) * ldc + col;
            int t = r * nr;
            for (int j = 0; j < vectorCols; j += Simd.LANES) {
                FloatVector product =
                        FloatVector.fromArray(Simd.SPECIES, tile, t + j).mul(alpha);
                if (!overwrite) {
                    product = Simd.load(c, index + j).fma(FloatVector.broadcast(Simd.SPECIES, oldScale), product);
                }
                Simd.store(product, c, index + j);
            }
            for (int j = vectorCols; j < cols; j++) {
                float product = alpha * tile[t + j];
                Simd.set(c, index + j, overwrite ? product : Math.fma(Simd.get(c, index + j), oldScale, product));
            }
        }
    }
}
