package lfm.backend.cpu;

import java.lang.foreign.MemorySegment;

/**
 * Single-precision matrix product c = α·op(a)·op(b) + β·c on row-major segments, op(x) = x or xᵀ.
 * Shapes: op(a) (m, k), op(b) (k, n), c (m, n).
 *
 * <p>Thin problems (k ≤ 16, or m or n ≤ 8: the first and last layers of an MLP) go to
 * {@link ThinGemm}, whose plain loops beat packing there. Everything else is the classic blocked
 * algorithm (Goto / BLIS):
 * <pre>
 *   for jc in N step NC:                       B block (kc × nc) packed once, shared by all threads
 *     for pc in K step KC:
 *       pack B[pc.., jc..]  (threads split the panels) ; barrier
 *       for ic in this thread's rows step MC:  A block (mc × kc) packed per thread
 *         pack A[ic.., pc..]
 *         for jr in nc step NR: for ir in mc step MR: micro-kernel (MR × NR register tile)
 * </pre>
 * Two B buffers alternate between K blocks, so one barrier per block suffices: a thread packing block
 * b + 1 writes the buffer of block b − 1, which every thread finished before the barrier of block b.
 * Rows of C are split statically between threads and K is never split, so every element of C is the
 * same sum in the same order whatever the thread count.
 */
final class Sgemm implements WorkerPool.Task {
    static final int MR = MicroKernel.MR;
    static final int NR = MicroKernel.NR;
    /** Depth of a packed block: 256 beat 128 (fewer passes over C, A panel of 4 KiB per MR rows). */
    static final int KC = 256;
    /** Rows of A packed at once: MC × KC floats = 128 KiB, well inside L2. */
    static final int MC = 128;
    /** Columns of B packed at once: KC × NC floats = 256 KiB, shared by the threads. */
    static final int NC = 256;
    private static final long MIN_FLOPS_PER_WORKER = 1L << 21;

    private final WorkerPool pool;
    private final boolean vector;
    private final ThinGemm thin;
    private final MicroKernel[] kernels;
    private final float[][] packedA;
    private final float[][] packedB = {new float[KC * NC], new float[KC * NC]};

    private MemorySegment a;
    private MemorySegment b;
    private MemorySegment c;
    private boolean transposeA;
    private boolean transposeB;
    private int m;
    private int n;
    private int k;
    private float alpha;
    private float beta;

    Sgemm(WorkerPool pool, boolean vector, Scratch scratch) {
        this.pool = pool;
        this.vector = vector;
        this.thin = new ThinGemm(pool, vector, scratch);
        this.kernels = new MicroKernel[pool.size()];
        this.packedA = new float[pool.size()][MC * KC];
        for (int w = 0; w < kernels.length; w++) {
            kernels[w] = new MicroKernel(vector);
        }
    }

    /** c (m, n) = α·op(a)·op(b) + β·c; a is (m, k) or, transposed, (k, m); b is (k, n) or (n, k). */
    void multiply(MemorySegment a, boolean transposeA, MemorySegment b, boolean transposeB, MemorySegment c,
                  int m, int n, int k, float alpha, float beta) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0 || alpha == 0f) {
            thin.scaleOnly(c, m, n, beta);
            return;
        }
        if (thin.multiply(a, transposeA, b, transposeB, c, m, n, k, alpha, beta)) {
            return;
        }
        this.a = a;
        this.b = b;
        this.c = c;
        this.transposeA = transposeA;
        this.transposeB = transposeB;
        this.m = m;
        this.n = n;
        this.k = k;
        this.alpha = alpha;
        this.beta = beta;
        pool.run(this, 2L * m * n * k, MIN_FLOPS_PER_WORKER);
        this.a = this.b = this.c = null;
    }

    @Override
    public void run(int worker, int workers) {
        // This thread's rows of C, in whole micro-panels.
        int rowPanels = (m + MR - 1) / MR;
        int rowStart = (int) Math.min(m, WorkerPool.splitPoint(rowPanels, worker, workers) * MR);
        int rowEnd = (int) Math.min(m, WorkerPool.splitPoint(rowPanels, worker + 1, workers) * MR);
        int block = 0;
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            int colPanels = (nc + NR - 1) / NR;
            for (int pc = 0; pc < k; pc += KC, block++) {
                int kc = Math.min(KC, k - pc);
                float[] bBlock = packedB[block & 1];
                GemmPacking.packB(b, transposeB, k, n, pc, kc, jc, nc, NR,
                        (int) WorkerPool.splitPoint(colPanels, worker, workers),
                        (int) WorkerPool.splitPoint(colPanels, worker + 1, workers), bBlock, vector);
                pool.barrier(workers);
                for (int ic = rowStart; ic < rowEnd; ic += MC) {
                    int mc = Math.min(MC, rowEnd - ic);
                    GemmPacking.packA(a, transposeA, m, k, ic, mc, pc, kc, packedA[worker]);
                    multiplyBlock(kernels[worker], packedA[worker], bBlock, ic, mc, jc, nc, kc, pc == 0);
                }
            }
        }
    }

    /** C[ic.., jc..] (+)= packed A block (mc × kc) · packed B block (kc × nc), tile by tile. */
    private void multiplyBlock(MicroKernel kernel, float[] aBlock, float[] bBlock, int ic, int mc, int jc, int nc,
                               int kc, boolean first) {
        for (int jr = 0; jr < nc; jr += NR) {
            int cols = Math.min(NR, nc - jr);
            int bBase = (jr / NR) * NR * kc;
            for (int ir = 0; ir < mc; ir += MR) {
                int rows = Math.min(MR, mc - ir);
                long cIndex = (long) (ic + ir) * n + jc + jr;
                kernel.multiply(kc, aBlock, (ir / MR) * MR * kc, bBlock, bBase, c, cIndex, n, rows, cols, alpha,
                        beta, first);
            }
        }
    }
}
