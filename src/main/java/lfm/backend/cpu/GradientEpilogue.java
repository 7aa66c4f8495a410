package lfm.backend.cpu;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import lfm.backend.Activation;

/**
 * A dense layer's input gradient taken through the activation below it, fused into the product:
 * gradPre = (gradAbove·W) ⊙ act'(pre), with the bias gradient's per-chunk column sums, applied to each
 * finished register tile ({@link TileEpilogue}) or thin-product row ({@link ThinGemm.RowEpilogue}).
 * The values and sums are those of matmul followed by {@link ActivationKernels#backward}: the same
 * float products, and partial sums over chunks of {@link ActivationKernels#ROW_CHUNK} rows added in
 * row order; the caller splits rows between threads at chunk boundaries so that each chunk has one
 * writer, and then adds the chunks in order ({@link ColumnPartials}).
 */
final class GradientEpilogue implements TileEpilogue, ThinGemm.RowEpilogue {
    private final boolean vector;
    private final ActivationMath math;
    private final float[][] slopes; // per worker
    private MemorySegment pre;
    private MemorySegment out;
    private MemorySegment gradPre;
    private Activation activation;
    private float[] partials; // (chunks, cols) or null
    private int ldc;

    GradientEpilogue(boolean vector, int workers) {
        this.vector = vector;
        this.math = new ActivationMath(vector);
        this.slopes = new float[workers][0];
    }

    /**
     * Targets gradPre (·, cols) with the layer's pre and out; {@code partials} (chunks × cols, zeroed)
     * receives the column sums, or null for none.
     */
    GradientEpilogue target(
            MemorySegment pre,
            MemorySegment out,
            MemorySegment gradPre,
            Activation activation,
            float[] partials,
            int cols) {
        this.pre = pre;
        this.out = out;
        this.gradPre = gradPre;
        this.activation = activation;
        this.partials = partials;
        this.ldc = cols;
        return this;
    }

    void clear() {
        pre = out = gradPre = null;
        partials = null;
    }

    @Override
    public void store(
            float[] tile, int nr, int row, int col, int rows, int cols, boolean first, boolean last, int worker) {
        if (!last) {
            throw new IllegalStateException("the gradient epilogue needs the whole sum over k in one block");
        }
        float[] slope = slopesOf(worker, nr);
        for (int r = 0; r < rows; r++) {
            long index = (long) (row + r) * ldc + col;
            math.slopeRow(activation, pre, out, index, cols, slope);
            multiply(tile, r * nr, slope, index, cols, row + r, col);
        }
    }

    @Override
    public void finishRow(int row, long base, int cols, int worker) {
        float[] slope = slopesOf(worker, cols);
        math.slopeRow(activation, pre, out, base, cols, slope);
        int end = Simd.vectorEnd(vector, 0, cols);
        int sumBase = partials == null ? 0 : (row / ActivationKernels.ROW_CHUNK) * ldc;
        int j = 0;
        for (; j < end; j += Simd.LANES) {
            FloatVector g = Simd.load(gradPre, base + j).mul(FloatVector.fromArray(Simd.SPECIES, slope, j));
            Simd.store(g, gradPre, base + j);
            if (partials != null) {
                FloatVector.fromArray(Simd.SPECIES, partials, sumBase + j)
                        .add(g)
                        .intoArray(partials, sumBase + j);
            }
        }
        for (; j < cols; j++) {
            float g = Simd.get(gradPre, base + j) * slope[j];
            Simd.set(gradPre, base + j, g);
            if (partials != null) {
                partials[sumBase + j] += g;
            }
        }
    }

    /** gradPre row segment = tile row ⊙ slope; its chunk's column sums += it. */
    private void multiply(float[] tile, int t, float[] slope, long index, int cols, int row, int col) {
        int end = Simd.vectorEnd(vector, 0, cols);
        int sumBase = partials == null ? 0 : (row / ActivationKernels.ROW_CHUNK) * ldc + col;
        int j = 0;
        for (; j < end; j += Simd.LANES) {
            FloatVector g =
                    FloatVector.fromArray(Simd.SPECIES, tile, t + j).mul(FloatVector.fromArray(Simd.SPECIES, slope, j));
            Simd.store(g, gradPre, index + j);
            if (partials != null) {
                FloatVector.fromArray(Simd.SPECIES, partials, sumBase + j)
                        .add(g)
                        .intoArray(partials, sumBase + j);
            }
        }
        for (; j < cols; j++) {
            float g = tile[t + j] * slope[j];
            Simd.set(gradPre, index + j, g);
            if (partials != null) {
                partials[sumBase + j] += g;
            }
        }
    }

    private float[] slopesOf(int worker, int length) {
        if (slopes[worker].length < length) {
            slopes[worker] = new float[length];
        }
        return slopes[worker];
    }
}
