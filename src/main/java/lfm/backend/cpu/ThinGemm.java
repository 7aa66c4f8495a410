package lfm.backend.cpu;

import static lfm.backend.cpu.Simd.LANES;
import static lfm.backend.cpu.Simd.SPECIES;
import static lfm.backend.cpu.Simd.get;
import static lfm.backend.cpu.Simd.set;
import static lfm.backend.cpu.Simd.vectorEnd;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;

/**
 * Matrix products with a thin side, where packing for the register-tiled kernel would cost more than
 * it saves (an MLP's first layer has k = D + 1 inputs, its last n = D outputs). Three loop shapes, each
 * vectorised along a contiguous dimension; the small operand is first copied ("staged") into a float
 * array in the layout the loop wants:
 * <ul>
 *   <li>few inner terms (k ≤ {@link #SMALL_INNER}): c[i, :] = Σ_p op(a)[i, p]·op(b)[p, :], op(b) staged;</li>
 *   <li>dot form: c[i, j] = R_r · S_s with R the rows of a big operand whose rows run along k, S the
 *       staged rows of the small one;</li>
 *   <li>outer form: c[s, :] = Σ_p coef[s, p]·Q[p, :] streaming the big operand Q (k, cols) row by row
 *       into per-thread accumulators (the weight gradients gᵀ·x of thin layers).</li>
 * </ul>
 * A thin side of rows is handled as the transposed problem cᵀ = op(b)ᵀ·op(a)ᵀ by writing c with
 * swapped strides. Threads split the big dimension; k is never split, so results do not depend on the
 * thread count.
 */
final class ThinGemm {
    /** Work on a finished row of c while it is in L1 (the first layer's bias and activation). */
    interface RowEpilogue {
        /** Row {@code row} of c, c[base, base + cols), is final; {@code worker} is the calling participant. */
        void finishRow(int row, long base, int cols, int worker);
    }

    static final int SMALL_INNER = 16;
    static final int THIN = 8;
    private static final long MIN_FLOPS_PER_WORKER = 1L << 20;

    /**
     * One task object per loop shape: the pool calls each through its own class, so C2 compiles each
     * loop as a separate unit instead of inlining all three into one method, which would exceed its
     * inlining budget and leave Vector API calls un-intrinsified (boxed vectors, 10× slower).
     */
    private final WorkerPool.Task smallInnerTask = this::smallInnerRows;

    private final WorkerPool.Task dotTask = this::dotRows;
    private final WorkerPool.Task outerTask = this::outerPart;

    private final WorkerPool pool;
    private final boolean vector;
    private final Scratch scratch;
    private float[] staged = new float[0];
    private MemorySegment big; // SMALL_INNER: a; DOT: R; OUTER: Q
    private MemorySegment c;
    private boolean transposeA;
    private int m;
    private int n;
    private int k;
    private int bigRows; // DOT: rows of R; OUTER: columns of Q
    private int smallRows; // rows of the staged operand (DOT, OUTER)
    private long bigStride; // index step in c per big row / column
    private long smallStride; // index step in c per staged row
    private float alpha;
    private float beta;
    private RowEpilogue rowEpilogue; // SMALL_INNER only, or null
    private int rowGrain = 1; // SMALL_INNER: threads split rows at multiples of this

    ThinGemm(WorkerPool pool, boolean vector, Scratch scratch) {
        this.pool = pool;
        this.vector = vector;
        this.scratch = scratch;
    }

    /** Handles the product if a side is thin; returns false to leave it to the packed kernel. */
    boolean multiply(
            MemorySegment a,
            boolean transposeA,
            MemorySegment b,
            boolean transposeB,
            MemorySegment c,
            int m,
            int n,
            int k,
            float alpha,
            float beta) {
        this.c = c;
        this.m = m;
        this.n = n;
        this.k = k;
        this.alpha = alpha;
        this.beta = beta;
        this.transposeA = transposeA;
        if (k <= SMALL_INNER) {
            // staged = op(b) as (k, n); big = a.
            stage(b, transposeB, k, n, false);
            start(smallInnerTask, a);
        } else if (n <= THIN && !transposeA) {
            // R = rows of a (m, k); staged S = op(b)ᵀ (n, k); c[r, s] at r·n + s.
            stage(b, transposeB, k, n, true);
            dot(a, m, n, n, 1);
        } else if (n <= THIN) {
            // Q = a stored (k, m); coef[s, p] = op(b)[p, s]; c[col, s] at col·n + s.
            stage(b, transposeB, k, n, true);
            outer(a, m, n, n, 1);
        } else if (m <= THIN && !transposeB) {
            // Q = b (k, n); coef[s, p] = op(a)[s, p]; c[s, col] at s·n + col.
            stage(a, !transposeA, k, m, true);
            outer(b, n, m, 1, n);
        } else if (m <= THIN) {
            // R = rows of b stored (n, k); staged S = op(a) (m, k); c[s, r] at s·n + r.
            stage(a, !transposeA, k, m, true);
            dot(b, n, m, 1, n);
        } else {
            this.c = null;
            return false;
        }
        this.big = this.c = null;
        return true;
    }

    /**
     * c (m, n) = op(a)·op(b) with k ≤ {@link #SMALL_INNER}, each finished row then handed to
     * {@code epilogue} by the thread that wrote it.
     */
    void multiplySmallInner(
            MemorySegment a,
            boolean transposeA,
            MemorySegment b,
            boolean transposeB,
            MemorySegment c,
            int m,
            int n,
            int k,
            RowEpilogue epilogue,
            int rowGrain) {
        if (k > SMALL_INNER || k == 0) {
            throw new IllegalArgumentException("multiplySmallInner: k = " + k + " is not in [1, " + SMALL_INNER + "]");
        }
        this.rowEpilogue = epilogue;
        this.rowGrain = rowGrain;
        try {
            multiply(a, transposeA, b, transposeB, c, m, n, k, 1f, 0f);
        } finally {
            this.rowEpilogue = null;
            this.rowGrain = 1;
        }
    }

    /** c = β·c (c = 0 when β = 0): the product with k = 0 or α = 0. */
    void scaleOnly(MemorySegment c, int m, int n, float beta) {
        long size = (long) m * n;
        for (long i = 0; i < size; i++) {
            set(c, i, beta == 0f ? 0f : beta * get(c, i));
        }
    }

    private void dot(MemorySegment rows, int bigRows, int smallRows, long bigStride, long smallStride) {
        this.bigRows = bigRows;
        this.smallRows = smallRows;
        this.bigStride = bigStride;
        this.smallStride = smallStride;
        start(dotTask, rows);
    }

    private void outer(MemorySegment q, int columns, int smallRows, long bigStride, long smallStride) {
        this.bigRows = columns;
        this.smallRows = smallRows;
        this.bigStride = bigStride;
        this.smallStride = smallStride;
        start(outerTask, q);
    }

    private void start(WorkerPool.Task task, MemorySegment big) {
        this.big = big;
        pool.run(task, 2L * m * n * k, MIN_FLOPS_PER_WORKER);
    }

    /**
     * Copies the (k, cols) view X of x into {@code staged}. x is stored (k, cols), X[p, j] = x[p·cols + j],
     * or with {@code transposed} (cols, k), X[p, j] = x[j·k + p]. The staged layout is X itself (k, cols)
     * or, with {@code byColumn}, Xᵀ (cols, k) so that each column of X is contiguous.
     */
    private void stage(MemorySegment x, boolean transposed, int k, int cols, boolean byColumn) {
        int size = k * cols;
        if (staged.length < size) {
            staged = new float[size];
        }
        for (int p = 0; p < k; p++) {
            for (int j = 0; j < cols; j++) {
                float value = transposed ? get(x, (long) j * k + p) : get(x, (long) p * cols + j);
                staged[byColumn ? j * k + p : p * cols + j] = value;
            }
        }
    }

    private void smallInnerRows(int worker, int workers) {
        int from = (int) Simd.partStart(m, rowGrain, worker, workers);
        int to = (int) Simd.partStart(m, rowGrain, worker + 1, workers);
        float[] row = scratch.row(worker, k);
        for (int i = from; i < to; i++) {
            smallInnerRow(i, row, worker);
        }
    }

    private void dotRows(int worker, int workers) {
        int from = (int) WorkerPool.splitPoint(bigRows, worker, workers);
        int to = (int) WorkerPool.splitPoint(bigRows, worker + 1, workers);
        for (int r = from; r < to; r++) {
            dotRow(r);
        }
    }

    /** Columns of Q in whole pairs of vectors per worker. */
    private void outerPart(int worker, int workers) {
        int from = (int) Simd.partStart(bigRows, 2L * LANES, worker, workers);
        int to = (int) Simd.partStart(bigRows, 2L * LANES, worker + 1, workers);
        if (from < to) {
            outerColumns(from, to, scratch.row(worker, smallRows * (to - from)));
        }
    }

    /** c[i, :] = α·Σ_p op(a)[i, p]·staged[p, :] + β·c[i, :], staged = op(b) (k, n). */
    private void smallInnerRow(int i, float[] row, int worker) {
        for (int p = 0; p < k; p++) {
            row[p] = transposeA ? get(big, (long) p * m + i) : get(big, (long) i * k + p);
        }
        long base = (long) i * n;
        int end = vectorEnd(vector, 0, n);
        int j = 0;
        for (; j < end; j += LANES) {
            FloatVector sum = FloatVector.zero(SPECIES);
            for (int p = 0; p < k; p++) {
                sum = FloatVector.fromArray(SPECIES, staged, p * n + j)
                        .fma(FloatVector.broadcast(SPECIES, row[p]), sum);
            }
            if (beta == 0f) {
                sum.mul(alpha).intoMemorySegment(c, (base + j) << 2, Simd.ORDER);
            } else {
                FloatVector.fromMemorySegment(Simd.SPECIES, c, (base + j) << 2, Simd.ORDER)
                        .mul(beta)
                        .add(sum.mul(alpha))
                        .intoMemorySegment(c, (base + j) << 2, Simd.ORDER);
            }
        }
        for (; j < n; j++) {
            float sum = 0f;
            for (int p = 0; p < k; p++) {
                sum = Math.fma(row[p], staged[p * n + j], sum);
            }
            write(base + j, sum);
        }
        if (rowEpilogue != null) {
            rowEpilogue.finishRow(i, base, n, worker);
        }
    }

    /** For big row r: c at r·bigStride + s·smallStride = α·(R_r · staged_s) + β·c. */
    private void dotRow(int r) {
        long rowBase = (long) r * k;
        int end = vectorEnd(vector, 0, k);
        for (int s = 0; s < smallRows; s++) {
            int stagedBase = s * k;
            FloatVector sum = FloatVector.zero(SPECIES);
            int p = 0;
            for (; p < end; p += LANES) {
                sum = FloatVector.fromMemorySegment(Simd.SPECIES, big, (rowBase + p) << 2, Simd.ORDER)
                        .fma(FloatVector.fromArray(SPECIES, staged, stagedBase + p), sum);
            }
            float total = (float) Simd.sumLanes(sum);
            for (; p < k; p++) {
                total = Math.fma(get(big, rowBase + p), staged[stagedBase + p], total);
            }
            write(r * bigStride + s * smallStride, total);
        }
    }

    /**
     * Columns [from, to) of Q (k, bigRows): acc[s, col] = Σ_p staged[s, p]·Q[p, col], one pass over Q's
     * rows; then c at col·bigStride + s·smallStride = α·acc + β·c.
     */
    private void outerColumns(int from, int to, float[] acc) {
        int width = to - from;
        java.util.Arrays.fill(acc, 0, smallRows * width, 0f);
        int end = vectorEnd(vector, 0, width);
        for (int p = 0; p < k; p++) {
            long qBase = (long) p * bigRows + from;
            for (int s = 0; s < smallRows; s++) {
                float coefficient = staged[s * k + p];
                FloatVector broadcast = FloatVector.broadcast(SPECIES, coefficient);
                int accBase = s * width;
                int j = 0;
                for (; j < end; j += LANES) {
                    FloatVector.fromMemorySegment(Simd.SPECIES, big, (qBase + j) << 2, Simd.ORDER)
                            .fma(broadcast, FloatVector.fromArray(SPECIES, acc, accBase + j))
                            .intoArray(acc, accBase + j);
                }
                for (; j < width; j++) {
                    acc[accBase + j] = Math.fma(coefficient, get(big, qBase + j), acc[accBase + j]);
                }
            }
        }
        for (int s = 0; s < smallRows; s++) {
            for (int j = 0; j < width; j++) {
                write((from + j) * bigStride + s * smallStride, acc[s * width + j]);
            }
        }
    }

    /** c[index] = α·product + β·c[index], the old value unread when β = 0. */
    private void write(long index, float product) {
        float value = alpha * product;
        if (beta != 0f) {
            value = Math.fma(beta, get(c, index), value);
        }
        set(c, index, value);
    }
}
