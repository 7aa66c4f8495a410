package lfm.backend.cpu;

import static lfm.backend.cpu.Simd.LANES;
import static lfm.backend.cpu.Simd.get;
import static lfm.backend.cpu.Simd.set;
import static lfm.backend.cpu.Simd.vectorEnd;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import lfm.backend.MatrixBatch;

/**
 * The strided batched product c_i = α·op(a_i)·op(b_i) + β·c_i for the small matrices of attention
 * (P × P scores, P × d heads, P ≤ a few hundred). Workers split the batch; each packs op(b_i) into a
 * contiguous (k, n) buffer once and then builds every row of c_i as Σ_p a(r, p)·b(p, :) with vectors
 * along the row. Each element is one sum in a fixed order, whatever the thread count.
 */
final class BatchedGemm implements WorkerPool.Task {
    private static final long MIN_FLOPS_PER_WORKER = 1 << 16;

    private final WorkerPool pool;
    private final boolean vector;
    private final float[][] packed; // per worker: op(b_i), (k, n)
    private final float[][] rows; // per worker: one row of the product, n
    private MemorySegment a;
    private MemorySegment b;
    private MemorySegment c;
    private MatrixBatch aLayout;
    private MatrixBatch bLayout;
    private MatrixBatch cLayout;
    private boolean transposeA;
    private boolean transposeB;
    private int count;
    private int m;
    private int n;
    private int k;
    private float alpha;
    private float beta;

    BatchedGemm(WorkerPool pool, boolean vector) {
        this.pool = pool;
        this.vector = vector;
        this.packed = new float[pool.size()][0];
        this.rows = new float[pool.size()][0];
    }

    /** mnk = {m, n, k}; the segments are the tensors' storage. */
    void multiply(
            int count,
            MemorySegment a,
            MatrixBatch aLayout,
            boolean transposeA,
            MemorySegment b,
            MatrixBatch bLayout,
            boolean transposeB,
            MemorySegment c,
            MatrixBatch cLayout,
            int[] mnk,
            float alpha,
            float beta) {
        this.count = count;
        this.a = a;
        this.b = b;
        this.c = c;
        this.aLayout = aLayout;
        this.bLayout = bLayout;
        this.cLayout = cLayout;
        this.transposeA = transposeA;
        this.transposeB = transposeB;
        this.m = mnk[0];
        this.n = mnk[1];
        this.k = mnk[2];
        this.alpha = alpha;
        this.beta = beta;
        pool.run(this, 2L * count * m * n * Math.max(1, k), MIN_FLOPS_PER_WORKER);
        this.a = this.b = this.c = null;
        this.aLayout = this.bLayout = this.cLayout = null;
    }

    @Override
    public void run(int worker, int workers) {
        int first = (int) WorkerPool.splitPoint(count, worker, workers);
        int last = (int) WorkerPool.splitPoint(count, worker + 1, workers);
        if (packed[worker].length < k * n) {
            packed[worker] = new float[k * n];
        }
        if (rows[worker].length < n) {
            rows[worker] = new float[n];
        }
        for (int i = first; i < last; i++) {
            packB(i, packed[worker]);
            for (int r = 0; r < m; r++) {
                productRow(i, r, packed[worker], rows[worker]);
            }
        }
    }

    /** packed[p·n + j] = op(b_i)[p, j]. */
    private void packB(int i, float[] target) {
        for (int p = 0; p < k; p++) {
            for (int j = 0; j < n; j++) {
                long index = transposeB ? bLayout.index(i, j, p) : bLayout.index(i, p, j);
                target[p * n + j] = get(b, index);
            }
        }
    }

    /** c_i[r, :] = α·Σ_p op(a_i)[r, p]·packed[p, :] + β·c_i[r, :]. */
    private void productRow(int i, int r, float[] packedB, float[] row) {
        java.util.Arrays.fill(row, 0, n, 0f);
        int end = vectorEnd(vector, 0, n);
        for (int p = 0; p < k; p++) {
            float value = get(a, transposeA ? aLayout.index(i, p, r) : aLayout.index(i, r, p));
            int j = 0;
            for (; j < end; j += LANES) {
                FloatVector.fromArray(Simd.SPECIES, packedB, p * n + j)
                        .fma(FloatVector.broadcast(Simd.SPECIES, value), FloatVector.fromArray(Simd.SPECIES, row, j))
                        .intoArray(row, j);
            }
            for (; j < n; j++) {
                row[j] = Math.fma(packedB[p * n + j], value, row[j]);
            }
        }
        long base = cLayout.index(i, r, 0);
        for (int j = 0; j < n; j++) {
            float product = alpha * row[j];
            set(c, base + j, beta == 0f ? product : product + beta * get(c, base + j));
        }
    }
}
