package lfm.backend.cpu;

import static lfm.backend.cpu.Simd.LANES;
import static lfm.backend.cpu.Simd.get;
import static lfm.backend.cpu.Simd.set;
import static lfm.backend.cpu.Simd.vectorEnd;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import lfm.backend.TimeEmbedding;
import lfm.random.Distributions;
import lfm.random.RandomKey;

/**
 * The row-wise ops of the UNet: the per-sample channel bias and its backward (workers split samples),
 * row softmax and its backward (workers split rows; exp by {@link VectorMath}), dropout (workers split
 * whole Philox blocks of four elements, so the mask equals {@link Distributions#uniform} element for
 * element) and the timestep embedding (a few hundred values, on the calling thread, in double).
 */
final class LayerKernels implements WorkerPool.Task {
    private static final long MIN_PER_WORKER = 1 << 13;

    private enum Op {
        SAMPLE_BIAS,
        SAMPLE_BIAS_BACKWARD,
        SOFTMAX,
        SOFTMAX_BACKWARD,
        DROPOUT
    }

    private final WorkerPool pool;
    private final boolean vector;
    private final int[][] words;
    private final float[][] draws;
    private Op op;
    private MemorySegment in;
    private MemorySegment other; // bias / gradOut
    private MemorySegment out;
    private long rows; // rows, samples, or elements (dropout)
    private int cols;
    private int pixels;
    private boolean accumulate;
    private float probability;
    private float keepScale;
    private RandomKey key;

    LayerKernels(WorkerPool pool, boolean vector) {
        this.pool = pool;
        this.vector = vector;
        this.words = new int[pool.size()][4];
        this.draws = new float[pool.size()][4];
    }

    /** out[b·P + p, c] = x[b·P + p, c] + bias[b, c]. */
    void addSampleBias(MemorySegment x, MemorySegment bias, MemorySegment out, int samples, int pixels, int cols) {
        dispatch(Op.SAMPLE_BIAS, x, bias, out, samples, cols, pixels, false, (long) samples * pixels * cols);
    }

    /** gradBias[b, c] (+)= Σ_p gradOut[b·P + p, c]. */
    void sampleBiasBackward(
            MemorySegment gradOut, MemorySegment gradBias, int samples, int pixels, int cols, boolean accumulate) {
        dispatch(
                Op.SAMPLE_BIAS_BACKWARD,
                gradOut,
                null,
                gradBias,
                samples,
                cols,
                pixels,
                accumulate,
                (long) samples * pixels * cols);
    }

    void softmax(MemorySegment x, MemorySegment out, int rows, int cols) {
        dispatch(Op.SOFTMAX, x, null, out, rows, cols, 0, false, 8L * rows * cols);
    }

    /** gradIn (+)= y ⊙ (gradOut − rowdot(gradOut, y)). */
    void softmaxBackward(
            MemorySegment y, MemorySegment gradOut, MemorySegment gradIn, int rows, int cols, boolean accumulate) {
        dispatch(Op.SOFTMAX_BACKWARD, y, gradOut, gradIn, rows, cols, 0, accumulate, 2L * rows * cols);
    }

    /** out[i] (+)= x[i]·[uᵢ ≥ p]/(1 − p). */
    void dropout(MemorySegment x, float probability, RandomKey key, MemorySegment out, long n, boolean accumulate) {
        this.probability = probability;
        this.keepScale = (float) (1.0 / (1.0 - probability));
        this.key = key;
        dispatch(Op.DROPOUT, x, null, out, n, 1, 0, accumulate, 4 * n);
        this.key = null;
    }

    private void dispatch(
            Op op,
            MemorySegment in,
            MemorySegment other,
            MemorySegment out,
            long rows,
            int cols,
            int pixels,
            boolean accumulate,
            long work) {
        this.op = op;
        this.in = in;
        this.other = other;
        this.out = out;
        this.rows = rows;
        this.cols = cols;
        this.pixels = pixels;
        this.accumulate = accumulate;
        pool.run(this, work, MIN_PER_WORKER);
        this.in = this.other = this.out = null;
    }

    @Override
    public void run(int worker, int workers) {
        long units = op == Op.DROPOUT ? (rows + 3) / 4 : rows;
        long first = WorkerPool.splitPoint(units, worker, workers);
        long last = WorkerPool.splitPoint(units, worker + 1, workers);
        for (long unit = first; unit < last; unit++) {
            switch (op) {
                case SAMPLE_BIAS -> {
                    for (long p = unit * pixels; p < (unit + 1) * pixels; p++) {
                        addRow(in, p * cols, other, unit * cols, out, p * cols);
                    }
                }
                case SAMPLE_BIAS_BACKWARD -> sampleSums(unit);
                case SOFTMAX -> softmaxRow(unit * cols);
                case SOFTMAX_BACKWARD -> softmaxBackwardRow(unit * cols);
                case DROPOUT -> dropoutBlock(unit, worker);
            }
        }
    }

    /** out[to..] = a[from..] + b[bias..], cols elements. */
    private void addRow(MemorySegment a, long from, MemorySegment b, long bias, MemorySegment target, long to) {
        int end = vectorEnd(vector, 0, cols);
        int j = 0;
        for (; j < end; j += LANES) {
            Simd.store(Simd.load(a, from + j).add(Simd.load(b, bias + j)), target, to + j);
        }
        for (; j < cols; j++) {
            set(target, to + j, get(a, from + j) + get(b, bias + j));
        }
    }

    /** Column sums of sample b's rows, in float along the rows, added to or stored in gradBias row b. */
    private void sampleSums(long b) {
        long target = b * cols;
        if (!accumulate) {
            for (int j = 0; j < cols; j++) {
                set(out, target + j, 0f);
            }
        }
        int end = vectorEnd(vector, 0, cols);
        int j = 0;
        for (; j < end; j += LANES) {
            FloatVector total = FloatVector.zero(Simd.SPECIES);
            for (long p = b * pixels; p < (b + 1) * pixels; p++) {
                total = total.add(Simd.load(in, p * cols + j));
            }
            Simd.store(Simd.load(out, target + j).add(total), out, target + j);
        }
        for (; j < cols; j++) {
            float total = 0;
            for (long p = b * pixels; p < (b + 1) * pixels; p++) {
                total += get(in, p * cols + j);
            }
            set(out, target + j, get(out, target + j) + total);
        }
    }

    private void softmaxRow(long base) {
        int end = vectorEnd(vector, 0, cols);
        float max = Float.NEGATIVE_INFINITY;
        int j = 0;
        if (end > 0) {
            FloatVector maxima = Simd.load(in, base);
            for (j = LANES; j < end; j += LANES) {
                maxima = maxima.max(Simd.load(in, base + j));
            }
            for (int lane = 0; lane < LANES; lane++) {
                max = Math.max(max, maxima.lane(lane));
            }
        }
        for (; j < cols; j++) {
            max = Math.max(max, get(in, base + j));
        }
        double total = 0;
        for (j = 0; j < end; j += LANES) {
            FloatVector e = VectorMath.exp(Simd.load(in, base + j).sub(max));
            Simd.store(e, out, base + j);
            total += Simd.sumLanes(e);
        }
        for (; j < cols; j++) {
            float e = (float) Math.exp(get(in, base + j) - max);
            set(out, base + j, e);
            total += e;
        }
        float inverse = (float) (1 / total);
        for (j = 0; j < end; j += LANES) {
            Simd.store(Simd.load(out, base + j).mul(inverse), out, base + j);
        }
        for (; j < cols; j++) {
            set(out, base + j, get(out, base + j) * inverse);
        }
    }

    /** in = y, other = gradOut, out = gradIn (may be gradOut when not accumulating: the dot comes first). */
    private void softmaxBackwardRow(long base) {
        int end = vectorEnd(vector, 0, cols);
        double dot = 0;
        int j = 0;
        for (; j < end; j += LANES) {
            dot += Simd.sumLanes(Simd.load(other, base + j).mul(Simd.load(in, base + j)));
        }
        for (; j < cols; j++) {
            dot += (double) get(other, base + j) * get(in, base + j);
        }
        float d = (float) dot;
        for (j = 0; j < end; j += LANES) {
            FloatVector value = Simd.load(other, base + j).sub(d).mul(Simd.load(in, base + j));
            if (accumulate) {
                value = value.add(Simd.load(out, base + j));
            }
            Simd.store(value, out, base + j);
        }
        for (; j < cols; j++) {
            float value = (get(other, base + j) - d) * get(in, base + j);
            set(out, base + j, accumulate ? get(out, base + j) + value : value);
        }
    }

    /** Elements [4·block, 4·block + 4) from one Philox block. */
    private void dropoutBlock(long block, int worker) {
        float[] four = draws[worker];
        Distributions.uniformBlock(key, block, words[worker], four);
        long start = block * 4;
        int count = (int) Math.min(4, rows - start);
        for (int lane = 0; lane < count; lane++) {
            float value = four[lane] >= probability ? get(in, start + lane) * keepScale : 0f;
            set(out, start + lane, accumulate ? get(out, start + lane) + value : value);
        }
    }

    // ---------------------------------------------------------------- timestep embedding

    /** out (rows, 2K) = [cos ωₖt | sin ωₖt], ωₖ = 10000^(−k/K), in double. */
    static void timestepEmbedding(MemorySegment t, MemorySegment out, int rows, int count) {
        for (int i = 0; i < rows; i++) {
            double time = get(t, i);
            long base = (long) i * 2 * count;
            for (int k = 0; k < count; k++) {
                double angle = TimeEmbedding.timestepFrequency(k, count) * time;
                set(out, base + k, (float) Math.cos(angle));
                set(out, base + count + k, (float) Math.sin(angle));
            }
        }
    }

    /** gradT (+)= Σₖ −g[i, k] ωₖ sin(ωₖ tᵢ) + g[i, K + k] ωₖ cos(ωₖ tᵢ). */
    static void timestepEmbeddingBackward(
            MemorySegment t, MemorySegment gradOut, MemorySegment gradT, int rows, int count, boolean accumulate) {
        for (int i = 0; i < rows; i++) {
            double time = get(t, i);
            long base = (long) i * 2 * count;
            double total = 0;
            for (int k = 0; k < count; k++) {
                double omega = TimeEmbedding.timestepFrequency(k, count);
                total += -get(gradOut, base + k) * omega * Math.sin(omega * time)
                        + get(gradOut, base + count + k) * omega * Math.cos(omega * time);
            }
            set(gradT, i, (float) ((accumulate ? get(gradT, i) : 0) + total));
        }
    }
}
