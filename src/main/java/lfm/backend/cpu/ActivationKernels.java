package lfm.backend.cpu;

import static lfm.backend.cpu.Simd.LANES;
import static lfm.backend.cpu.Simd.get;
import static lfm.backend.cpu.Simd.set;
import static lfm.backend.cpu.Simd.vectorEnd;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import lfm.backend.Activation;

/**
 * The fused dense-layer epilogues, row by row over (rows, cols) matrices:
 * <ul>
 *   <li>forward: pre ← pre + bias, out = act(pre), one pass;</li>
 *   <li>backward: gradPre = gradOut ⊙ act'(pre) and the column sums of gradPre (the bias gradient),
 *       one pass; the sums are per-chunk partials of {@link #ROW_CHUNK} rows added in chunk order,
 *       so they do not depend on the thread count;</li>
 *   <li>tangent: tangents (k·N, cols) row r ⊙= act'(pre[r mod N]).</li>
 * </ul>
 * The function values live in {@link ActivationMath}; act' is computed into a per-worker row of
 * slopes and then applied, so each activation has one forward and one slope routine.
 */
final class ActivationKernels implements WorkerPool.Task {
    static final int ROW_CHUNK = 64;
    private static final long MIN_PER_WORKER = 1 << 12;

    private enum Op {
        FORWARD,
        BACKWARD,
        TANGENT
    }

    private final WorkerPool pool;
    private final ActivationMath math;
    private final Scratch scratch;
    private Op op;
    private Activation activation;
    private MemorySegment pre;
    private MemorySegment bias; // forward: never null (zeros when there is no bias)
    private MemorySegment out;
    private MemorySegment gradOut;
    private MemorySegment gradPre;
    private int rows;
    private int cols;
    private int preRows; // tangent: N, the rows of pre
    private float[] partials; // backward: (chunks, cols) column sums, or null

    ActivationKernels(WorkerPool pool, boolean vector, Scratch scratch) {
        this.pool = pool;
        this.math = new ActivationMath(vector);
        this.scratch = scratch;
    }

    /** pre (rows, cols) += bias (1, cols) or nothing when bias is null; out = act(pre). */
    void forward(MemorySegment pre, MemorySegment bias, Activation activation, MemorySegment out, int rows, int cols) {
        this.op = Op.FORWARD;
        this.activation = activation;
        this.pre = pre;
        this.bias = bias != null ? bias : scratch.zeros(cols);
        this.out = out;
        this.rows = rows;
        this.cols = cols;
        pool.run(this, (long) rows * cols, MIN_PER_WORKER);
        clear();
    }

    /**
     * gradPre = gradOut ⊙ act'(pre) (out is the forward output, read by tanh); when gradBias is not
     * null, gradBias (1, cols) += column sums of gradPre.
     */
    void backward(
            MemorySegment pre,
            MemorySegment out,
            MemorySegment gradOut,
            Activation activation,
            MemorySegment gradPre,
            MemorySegment gradBias,
            int rows,
            int cols) {
        this.op = Op.BACKWARD;
        this.activation = activation;
        this.pre = pre;
        this.out = out;
        this.gradOut = gradOut;
        this.gradPre = gradPre;
        this.rows = rows;
        this.cols = cols;
        int chunks = (rows + ROW_CHUNK - 1) / ROW_CHUNK;
        this.partials = gradBias == null ? null : scratch.partials((long) chunks * cols);
        pool.run(this, (long) rows * cols, MIN_PER_WORKER);
        if (gradBias != null) {
            ColumnPartials.addInto(partials, chunks, cols, gradBias);
        }
        clear();
    }

    /** tangents (tangentRows, cols), row r ⊙= act'(pre[r mod preRows]). */
    void tangent(
            MemorySegment pre, Activation activation, MemorySegment tangents, int tangentRows, int preRows, int cols) {
        this.op = Op.TANGENT;
        this.activation = activation;
        this.pre = pre;
        this.gradPre = tangents;
        this.rows = tangentRows;
        this.preRows = preRows;
        this.cols = cols;
        pool.run(this, (long) tangentRows * cols, MIN_PER_WORKER);
        clear();
    }

    private void clear() {
        pre = bias = out = gradOut = gradPre = null;
        partials = null;
    }

    @Override
    public void run(int worker, int workers) {
        if (op == Op.BACKWARD) {
            // Whole chunks per worker, so each chunk's partial sums are made by one thread.
            int chunks = (rows + ROW_CHUNK - 1) / ROW_CHUNK;
            int firstChunk = (int) WorkerPool.splitPoint(chunks, worker, workers);
            int lastChunk = (int) WorkerPool.splitPoint(chunks, worker + 1, workers);
            float[] slopes = scratch.row(worker, cols);
            for (int chunk = firstChunk; chunk < lastChunk; chunk++) {
                backwardChunk(chunk, slopes);
            }
            return;
        }
        int from = (int) WorkerPool.splitPoint(rows, worker, workers);
        int to = (int) WorkerPool.splitPoint(rows, worker + 1, workers);
        if (op == Op.FORWARD) {
            for (int row = from; row < to; row++) {
                math.forwardRow(activation, pre, bias, out, (long) row * cols, cols);
            }
        } else {
            float[] slopes = scratch.row(worker, cols);
            for (int row = from; row < to; row++) {
                math.slopeRow(activation, pre, null, (long) (row % preRows) * cols, cols, slopes);
                multiplyRow(gradPre, gradPre, (long) row * cols, slopes, null, 0);
            }
        }
    }

    private void backwardChunk(int chunk, float[] slopes) {
        int first = chunk * ROW_CHUNK;
        int last = Math.min(rows, first + ROW_CHUNK);
        int partialBase = chunk * cols;
        if (partials != null) {
            java.util.Arrays.fill(partials, partialBase, partialBase + cols, 0f);
        }
        for (int row = first; row < last; row++) {
            long base = (long) row * cols;
            math.slopeRow(activation, pre, out, base, cols, slopes);
            multiplyRow(gradOut, gradPre, base, slopes, partials, partialBase);
        }
    }

    /** target[base + j] = source[base + j]·slopes[j]; sums[sumBase + j] += that when sums is not null. */
    private void multiplyRow(
            MemorySegment source, MemorySegment target, long base, float[] slopes, float[] sums, int sumBase) {
        int end = vectorEnd(math.vector(), 0, cols);
        int j = 0;
        for (; j < end; j += LANES) {
            FloatVector g = FloatVector.fromMemorySegment(Simd.SPECIES, source, (base + j) << 2, Simd.ORDER)
                    .mul(FloatVector.fromArray(Simd.SPECIES, slopes, j));
            g.intoMemorySegment(target, (base + j) << 2, Simd.ORDER);
            if (sums != null) {
                FloatVector.fromArray(Simd.SPECIES, sums, sumBase + j).add(g).intoArray(sums, sumBase + j);
            }
        }
        for (; j < cols; j++) {
            float g = get(source, base + j) * slopes[j];
            set(target, base + j, g);
            if (sums != null) {
                sums[sumBase + j] += g;
            }
        }
    }
}
