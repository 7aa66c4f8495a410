package lfm.backend.cpu;

import static lfm.backend.cpu.Simd.LANES;
import static lfm.backend.cpu.Simd.get;
import static lfm.backend.cpu.Simd.set;
import static lfm.backend.cpu.Simd.vectorEnd;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;

/**
 * Reductions. Flat ones (Σ x, Σ x², Σ (a − b)², the ODE error ratio) sum fixed chunks of
 * {@link #CHUNK} floats in float vectors, then add the chunk totals in chunk order in double; column
 * sums use row chunks the same way ({@link ColumnPartials}). Neither depends on the thread count, so a
 * seeded run reproduces bit for bit with any number of threads. Row-wise ones (row dot products,
 * stacked traces) write one output per row and need no combining.
 */
final class ReductionKernels implements WorkerPool.Task {
    static final int CHUNK = 1024;
    private static final long MIN_PER_WORKER = 1 << 15;

    private enum Op {
        SUM,
        SUM_OF_SQUARES,
        SQUARED_DIFFERENCE,
        ERROR_RATIO,
        COLUMN_SUMS,
        ROW_DOT,
        STACKED_DIAGONAL
    }

    private final WorkerPool pool;
    private final boolean vector;
    private final Scratch scratch;
    private Op op;
    private MemorySegment a;
    private MemorySegment b;
    private MemorySegment c;
    private MemorySegment out;
    private long n;
    private int rows;
    private int cols;
    private float s;
    private float rtol;
    private float atol;
    private boolean accumulate;
    private double[] chunkTotals;
    private float[] partials;

    ReductionKernels(WorkerPool pool, boolean vector, Scratch scratch) {
        this.pool = pool;
        this.vector = vector;
        this.scratch = scratch;
    }

    /** Σ a (n floats), in double. */
    double sum(MemorySegment a, long n) {
        return flat(Op.SUM, a, null, null, n);
    }

    /** Σ a². */
    double sumOfSquares(MemorySegment a, long n) {
        return flat(Op.SUM_OF_SQUARES, a, null, null, n);
    }

    /** Σ (a − b)². */
    double squaredDifference(MemorySegment a, MemorySegment b, long n) {
        return flat(Op.SQUARED_DIFFERENCE, a, b, null, n);
    }

    /** Σ (error / (atol + rtol·max(|x0|, |x1|)))². */
    double errorRatioSquares(MemorySegment error, MemorySegment x0, MemorySegment x1, float rtol, float atol, long n) {
        this.rtol = rtol;
        this.atol = atol;
        return flat(Op.ERROR_RATIO, error, x0, x1, n);
    }

    private double flat(Op op, MemorySegment a, MemorySegment b, MemorySegment c, long n) {
        this.op = op;
        this.a = a;
        this.b = b;
        this.c = c;
        this.n = n;
        int chunks = (int) ((n + CHUNK - 1) / CHUNK);
        this.chunkTotals = scratch.doubles(chunks);
        pool.run(this, n, MIN_PER_WORKER);
        double total = 0;
        for (int chunk = 0; chunk < chunks; chunk++) {
            total += chunkTotals[chunk];
        }
        this.a = this.b = this.c = null;
        return total;
    }

    /** out (1, cols) (+)= Σ over rows of a (rows, cols). */
    void columnSums(MemorySegment a, int rows, int cols, MemorySegment out, boolean accumulate) {
        this.op = Op.COLUMN_SUMS;
        this.a = a;
        this.rows = rows;
        this.cols = cols;
        int chunks = (rows + ActivationKernels.ROW_CHUNK - 1) / ActivationKernels.ROW_CHUNK;
        this.partials = scratch.partials((long) chunks * cols);
        pool.run(this, (long) rows * cols, MIN_PER_WORKER);
        ColumnPartials.store(partials, chunks, cols, out, accumulate);
        this.a = null;
    }

    /** out (rows, 1) (+)= s·Σⱼ a[i, j]·b[i, j]. */
    void rowDot(MemorySegment a, MemorySegment b, int rows, int cols, float s, MemorySegment out, boolean accumulate) {
        rowWise(Op.ROW_DOT, a, b, rows, cols, s, out, accumulate);
    }

    /** stacked (cols·rows, cols): out (rows, 1) (+)= s·Σ_d stacked[d·rows + i, d]. */
    void stackedDiagonal(MemorySegment stacked, int rows, int cols, float s, MemorySegment out, boolean accumulate) {
        rowWise(Op.STACKED_DIAGONAL, stacked, null, rows, cols, s, out, accumulate);
    }

    private void rowWise(
            Op op,
            MemorySegment a,
            MemorySegment b,
            int rows,
            int cols,
            float s,
            MemorySegment out,
            boolean accumulate) {
        this.op = op;
        this.a = a;
        this.b = b;
        this.rows = rows;
        this.cols = cols;
        this.s = s;
        this.out = out;
        this.accumulate = accumulate;
        pool.run(this, (long) rows * cols, MIN_PER_WORKER);
        this.a = this.b = this.out = null;
    }

    @Override
    public void run(int worker, int workers) {
        switch (op) {
            case COLUMN_SUMS -> {
                int chunks = (rows + ActivationKernels.ROW_CHUNK - 1) / ActivationKernels.ROW_CHUNK;
                int first = (int) WorkerPool.splitPoint(chunks, worker, workers);
                int last = (int) WorkerPool.splitPoint(chunks, worker + 1, workers);
                for (int chunk = first; chunk < last; chunk++) {
                    columnChunk(chunk);
                }
            }
            case ROW_DOT, STACKED_DIAGONAL -> {
                int first = (int) WorkerPool.splitPoint(rows, worker, workers);
                int last = (int) WorkerPool.splitPoint(rows, worker + 1, workers);
                for (int row = first; row < last; row++) {
                    double value = op == Op.ROW_DOT ? dot((long) row * cols) : trace(row);
                    double old = accumulate ? get(out, row) : 0;
                    set(out, row, (float) (old + s * value));
                }
            }
            default -> {
                int chunks = (int) ((n + CHUNK - 1) / CHUNK);
                int first = (int) WorkerPool.splitPoint(chunks, worker, workers);
                int last = (int) WorkerPool.splitPoint(chunks, worker + 1, workers);
                for (int chunk = first; chunk < last; chunk++) {
                    long from = (long) chunk * CHUNK;
                    chunkTotals[chunk] = flatChunk(from, Math.min(n, from + CHUNK));
                }
            }
        }
    }

    /** One chunk's total; each kind has its own loop so no vector value crosses a branch. */
    private double flatChunk(long from, long to) {
        long end = vectorEnd(vector, from, to);
        double total = switch (op) {
            case SUM -> sumVectors(from, end);
            case SUM_OF_SQUARES -> squareVectors(from, end);
            case SQUARED_DIFFERENCE -> differenceVectors(from, end);
            default -> ratioVectors(from, end);
        };
        for (long i = end; i < to; i++) {
            total += scalarTerm(i);
        }
        return total;
    }

    private double sumVectors(long from, long end) {
        FloatVector sum = FloatVector.zero(Simd.SPECIES);
        for (long i = from; i < end; i += LANES) {
            sum = sum.add(FloatVector.fromMemorySegment(Simd.SPECIES, a, i << 2, Simd.ORDER));
        }
        return Simd.sumLanes(sum);
    }

    private double squareVectors(long from, long end) {
        FloatVector sum = FloatVector.zero(Simd.SPECIES);
        for (long i = from; i < end; i += LANES) {
            FloatVector x = FloatVector.fromMemorySegment(Simd.SPECIES, a, i << 2, Simd.ORDER);
            sum = x.fma(x, sum);
        }
        return Simd.sumLanes(sum);
    }

    private double differenceVectors(long from, long end) {
        FloatVector sum = FloatVector.zero(Simd.SPECIES);
        for (long i = from; i < end; i += LANES) {
            FloatVector d = FloatVector.fromMemorySegment(Simd.SPECIES, a, i << 2, Simd.ORDER)
                    .sub(FloatVector.fromMemorySegment(Simd.SPECIES, b, i << 2, Simd.ORDER));
            sum = d.fma(d, sum);
        }
        return Simd.sumLanes(sum);
    }

    /** (error / (atol + rtol·max(|x0|, |x1|)))² with a = error, b = x0, c = x1. */
    private double ratioVectors(long from, long end) {
        FloatVector sum = FloatVector.zero(Simd.SPECIES);
        for (long i = from; i < end; i += LANES) {
            FloatVector scale = FloatVector.fromMemorySegment(Simd.SPECIES, b, i << 2, Simd.ORDER)
                    .abs()
                    .max(FloatVector.fromMemorySegment(Simd.SPECIES, c, i << 2, Simd.ORDER)
                            .abs())
                    .mul(rtol)
                    .add(atol);
            FloatVector ratio = FloatVector.fromMemorySegment(Simd.SPECIES, a, i << 2, Simd.ORDER)
                    .div(scale);
            sum = ratio.fma(ratio, sum);
        }
        return Simd.sumLanes(sum);
    }

    private double scalarTerm(long i) {
        double x = get(a, i);
        return switch (op) {
            case SUM -> x;
            case SUM_OF_SQUARES -> x * x;
            case SQUARED_DIFFERENCE -> {
                double d = x - get(b, i);
                yield d * d;
            }
            default -> {
                double ratio = x / (atol + rtol * Math.max(Math.abs(get(b, i)), Math.abs(get(c, i))));
                yield ratio * ratio;
            }
        };
    }

    private void columnChunk(int chunk) {
        int first = chunk * ActivationKernels.ROW_CHUNK;
        int last = Math.min(rows, first + ActivationKernels.ROW_CHUNK);
        int base = chunk * cols;
        java.util.Arrays.fill(partials, base, base + cols, 0f);
        int end = vectorEnd(vector, 0, cols);
        for (int row = first; row < last; row++) {
            long offset = (long) row * cols;
            int j = 0;
            for (; j < end; j += LANES) {
                FloatVector.fromArray(Simd.SPECIES, partials, base + j)
                        .add(FloatVector.fromMemorySegment(Simd.SPECIES, a, (offset + j) << 2, Simd.ORDER))
                        .intoArray(partials, base + j);
            }
            for (; j < cols; j++) {
                partials[base + j] += get(a, offset + j);
            }
        }
    }

    private double dot(long offset) {
        int end = vectorEnd(vector, 0, cols);
        FloatVector sum = FloatVector.zero(Simd.SPECIES);
        int j = 0;
        for (; j < end; j += LANES) {
            sum = FloatVector.fromMemorySegment(Simd.SPECIES, a, (offset + j) << 2, Simd.ORDER)
                    .fma(FloatVector.fromMemorySegment(Simd.SPECIES, b, (offset + j) << 2, Simd.ORDER), sum);
        }
        double total = Simd.sumLanes(sum);
        for (; j < cols; j++) {
            total += (double) get(a, offset + j) * get(b, offset + j);
        }
        return total;
    }

    /** Σ_d stacked[d·rows + i, d], stacked (cols·rows, cols). */
    private double trace(int i) {
        double total = 0;
        for (int d = 0; d < cols; d++) {
            total += get(a, ((long) d * rows + i) * cols + d);
        }
        return total;
    }
}
