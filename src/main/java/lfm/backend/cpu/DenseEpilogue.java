package lfm.backend.cpu;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import lfm.backend.Activation;

/**
 * The dense layer's forward fused into its product: pre = x·Wᵀ + bias, out = act(pre), applied to
 * each register tile of the packed SGEMM ({@link TileEpilogue}) or to each row of a thin product
 * ({@link ThinGemm.RowEpilogue}) while it is still in L1, instead of a second pass over pre. The
 * values are those of matmul followed by {@link ActivationKernels#forward}: the same float
 * operations in the same order.
 */
final class DenseEpilogue implements TileEpilogue, ThinGemm.RowEpilogue {
    private final boolean vector;
    private final ActivationMath math;
    private final Scratch scratch;
    private MemorySegment pre;
    private MemorySegment out;
    private MemorySegment[] biasFromColumn = new MemorySegment[0]; // bias sliced at each tile's column
    private Activation activation;
    private int ldc;
    private int sliceWidth;

    DenseEpilogue(boolean vector, Scratch scratch) {
        this.vector = vector;
        this.math = new ActivationMath(vector);
        this.scratch = scratch;
    }

    /**
     * Targets pre and out (·, cols); bias (1, cols) or null. {@code sliceWidth} is the column step at
     * which tiles start (NR), or cols for whole rows.
     */
    DenseEpilogue target(
            MemorySegment pre, MemorySegment out, MemorySegment bias, Activation activation, int cols, int sliceWidth) {
        this.pre = pre;
        this.out = out;
        this.activation = activation;
        this.ldc = cols;
        this.sliceWidth = sliceWidth;
        MemorySegment source = bias != null ? bias : scratch.zeros(cols);
        int slices = (cols + sliceWidth - 1) / sliceWidth;
        if (biasFromColumn.length < slices) {
            biasFromColumn = new MemorySegment[slices];
        }
        for (int s = 0; s < slices; s++) {
            biasFromColumn[s] = source.asSlice(4L * s * sliceWidth);
        }
        return this;
    }

    void clear() {
        pre = out = null;
        java.util.Arrays.fill(biasFromColumn, null);
    }

    @Override
    public void store(
            float[] tile, int nr, int row, int col, int rows, int cols, boolean first, boolean last, int worker) {
        int vectorCols = cols == nr && vector ? nr : 0;
        for (int r = 0; r < rows; r++) {
            long index = (long) (row + r) * ldc + col;
            int t = r * nr;
            for (int j = 0; j < vectorCols; j += Simd.LANES) {
                FloatVector sum = FloatVector.fromArray(Simd.SPECIES, tile, t + j);
                Simd.store(first ? sum : Simd.load(pre, index + j).add(sum), pre, index + j);
            }
            for (int j = vectorCols; j < cols; j++) {
                Simd.set(pre, index + j, first ? tile[t + j] : Simd.get(pre, index + j) + tile[t + j]);
            }
            if (last) {
                math.forwardRow(activation, pre, biasFromColumn[col / sliceWidth], out, index, cols);
            }
        }
    }

    @Override
    public void finishRow(int row, long base, int cols, int worker) {
        math.forwardRow(activation, pre, biasFromColumn[0], out, base, cols);
    }
}
