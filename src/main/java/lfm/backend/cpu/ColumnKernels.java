package lfm.backend.cpu;

import static lfm.backend.cpu.Simd.LANES;
import static lfm.backend.cpu.Simd.get;
import static lfm.backend.cpu.Simd.set;
import static lfm.backend.cpu.Simd.vectorEnd;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import lfm.backend.TimeEmbedding;

/**
 * Row-wise column plumbing: concatenation [left | right] and its backward (split, optionally
 * accumulating), and the sinusoidal time embedding with its backward. The embedding is computed in
 * double with the reference's expressions, so it equals the reference bit for bit.
 */
final class ColumnKernels implements WorkerPool.Task {
    private static final long MIN_PER_WORKER = 1 << 14;

    private enum Op {
        CONCAT,
        SPLIT,
        EMBED,
        EMBED_BACKWARD
    }

    private final WorkerPool pool;
    private final boolean vector;
    private Op op;
    private MemorySegment whole; // (rows, leftCols + rightCols)
    private MemorySegment left; // (rows, leftCols) or null
    private MemorySegment right; // (rows, rightCols) or null
    private int rows;
    private int leftCols;
    private int rightCols;
    private boolean accumulate;
    private double[] frequencies = new double[0];
    private int frequencyCount = -1;

    ColumnKernels(WorkerPool pool, boolean vector) {
        this.pool = pool;
        this.vector = vector;
    }

    /** whole = [left | right]. */
    void concat(MemorySegment left, int leftCols, MemorySegment right, int rightCols, MemorySegment whole, int rows) {
        dispatch(Op.CONCAT, whole, left, leftCols, right, rightCols, rows, false);
    }

    /** left (+)= whole[:, :leftCols], right (+)= whole[:, leftCols:]; either may be null. */
    void split(
            MemorySegment whole,
            MemorySegment left,
            int leftCols,
            MemorySegment right,
            int rightCols,
            int rows,
            boolean accumulate) {
        dispatch(Op.SPLIT, whole, left, leftCols, right, rightCols, rows, accumulate);
    }

    /** t (rows, 1) → out (rows, 2K): sin(ωₖ tᵢ) then cos(ωₖ tᵢ). */
    void timeEmbedding(MemorySegment t, MemorySegment out, int rows, int count) {
        prepareFrequencies(count);
        dispatch(Op.EMBED, out, t, count, null, 0, rows, false);
    }

    /** gradT (rows, 1) (+)= Σₖ g[i, k] ωₖ cos(ωₖ tᵢ) − g[i, K + k] ωₖ sin(ωₖ tᵢ). */
    void timeEmbeddingBackward(
            MemorySegment t, MemorySegment gradOut, MemorySegment gradT, int rows, int count, boolean accumulate) {
        prepareFrequencies(count);
        dispatch(Op.EMBED_BACKWARD, gradOut, t, count, gradT, 0, rows, accumulate);
    }

    private void prepareFrequencies(int count) {
        if (count != frequencyCount) {
            frequencies = new double[count];
            for (int k = 0; k < count; k++) {
                frequencies[k] = TimeEmbedding.frequency(k, count);
            }
            frequencyCount = count;
        }
    }

    private void dispatch(
            Op op,
            MemorySegment whole,
            MemorySegment left,
            int leftCols,
            MemorySegment right,
            int rightCols,
            int rows,
            boolean accumulate) {
        this.op = op;
        this.whole = whole;
        this.left = left;
        this.leftCols = leftCols;
        this.right = right;
        this.rightCols = rightCols;
        this.rows = rows;
        this.accumulate = accumulate;
        long perRow = op == Op.EMBED || op == Op.EMBED_BACKWARD ? 16L * leftCols : leftCols + rightCols;
        pool.run(this, rows * Math.max(1, perRow), MIN_PER_WORKER);
        this.whole = this.left = this.right = null;
    }

    @Override
    public void run(int worker, int workers) {
        int first = (int) WorkerPool.splitPoint(rows, worker, workers);
        int last = (int) WorkerPool.splitPoint(rows, worker + 1, workers);
        int width = leftCols + rightCols;
        for (int row = first; row < last; row++) {
            switch (op) {
                case CONCAT -> {
                    copy(left, (long) row * leftCols, whole, (long) row * width, leftCols, false);
                    copy(right, (long) row * rightCols, whole, (long) row * width + leftCols, rightCols, false);
                }
                case SPLIT -> {
                    if (left != null) {
                        copy(whole, (long) row * width, left, (long) row * leftCols, leftCols, accumulate);
                    }
                    if (right != null) {
                        copy(
                                whole,
                                (long) row * width + leftCols,
                                right,
                                (long) row * rightCols,
                                rightCols,
                                accumulate);
                    }
                }
                case EMBED -> embedRow(row);
                case EMBED_BACKWARD -> embedBackwardRow(row);
            }
        }
    }

    /** to[toStart + j] (+)= from[fromStart + j] for j in [0, count). */
    private void copy(MemorySegment from, long fromStart, MemorySegment to, long toStart, int count, boolean add) {
        if (!add && count > 8) {
            MemorySegment.copy(from, fromStart << 2, to, toStart << 2, (long) count << 2);
            return;
        }
        int end = add ? vectorEnd(vector, 0, count) : 0;
        int j = 0;
        for (; j < end; j += LANES) {
            FloatVector.fromMemorySegment(Simd.SPECIES, to, (toStart + j) << 2, Simd.ORDER)
                    .add(FloatVector.fromMemorySegment(Simd.SPECIES, from, (fromStart + j) << 2, Simd.ORDER))
                    .intoMemorySegment(to, (toStart + j) << 2, Simd.ORDER);
        }
        for (; j < count; j++) {
            float value = get(from, fromStart + j);
            set(to, toStart + j, add ? get(to, toStart + j) + value : value);
        }
    }

    /** whole = out (rows, 2K), left = t, leftCols = K. */
    private void embedRow(int row) {
        int count = leftCols;
        double time = get(left, row);
        long base = (long) row * 2 * count;
        for (int k = 0; k < count; k++) {
            double omega = frequencies[k];
            set(whole, base + k, (float) Math.sin(omega * time));
            set(whole, base + count + k, (float) Math.cos(omega * time));
        }
    }

    /** whole = gradOut (rows, 2K), left = t, right = gradT, leftCols = K. */
    private void embedBackwardRow(int row) {
        int count = leftCols;
        double time = get(left, row);
        long base = (long) row * 2 * count;
        double total = 0;
        for (int k = 0; k < count; k++) {
            double omega = frequencies[k];
            total += get(whole, base + k) * omega * Math.cos(omega * time)
                    - get(whole, base + count + k) * omega * Math.sin(omega * time);
        }
        double old = accumulate ? get(right, row) : 0;
        set(right, row, (float) (old + total));
    }
}
