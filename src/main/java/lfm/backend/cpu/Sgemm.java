package lfm.backend.cpu;

import java.lang.foreign.MemorySegment;
import lfm.backend.Activation;

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
 *         for jr in nc step NR: for ir in mc step MR: micro-kernel (MR × NR register tile) ; epilogue
 * </pre>
 * Two B buffers alternate between K blocks, so one barrier per block suffices: a thread packing block
 * b + 1 writes the buffer of block b − 1, which every thread finished before the barrier of block b.
 * Rows of C are split statically between threads and K is never split, so every element of C is the
 * same sum in the same order whatever the thread count. The tile shape and the block sizes are the
 * machine's ({@link MicroKernel#forLanes}, {@link GemmBlocking}).
 */
final class Sgemm implements WorkerPool.Task {
    private static final long MIN_FLOPS_PER_WORKER = 1L << 21;

    private final WorkerPool pool;
    private final boolean vector;
    private final ThinGemm thin;
    private final MicroKernel[] rowKernels; // per worker, for A stored (m, k): row-major panels
    private final MicroKernel[] depthKernels; // per worker, for A stored (k, m): k-major panels
    private final GemmBlocking rowBlocking;
    private final GemmBlocking depthBlocking;
    private final float[][] packedA;
    private final float[][] packedB;
    private final ScaledStore scaledStore;
    private final DenseEpilogue denseEpilogue;
    private final GradientEpilogue gradientEpilogue;

    private MemorySegment a;
    private MemorySegment b;
    private boolean transposeA;
    private boolean transposeB;
    private int m;
    private int n;
    private int k;
    private TileEpilogue epilogue;
    private int rowGrain; // threads split rows at multiples of this (and of MR)

    Sgemm(WorkerPool pool, boolean vector, Scratch scratch) {
        this(pool, vector, scratch, System.getProperty(MicroKernel.TILE_PROPERTY));
    }

    /** @param tile the register tile "RxV" for both A layouts, or null for this machine's choice */
    Sgemm(WorkerPool pool, boolean vector, Scratch scratch, String tile) {
        this.pool = pool;
        this.vector = vector;
        this.thin = new ThinGemm(pool, vector, scratch);
        int workers = pool.size();
        this.rowKernels = new MicroKernel[workers];
        this.depthKernels = new MicroKernel[workers];
        for (int w = 0; w < workers; w++) {
            rowKernels[w] = MicroKernel.forLanes(Simd.LANES, false, tile);
            depthKernels[w] = MicroKernel.forLanes(Simd.LANES, true, tile);
        }
        CacheSizes caches = CacheSizes.detect();
        this.rowBlocking = GemmBlocking.forKernel(rowKernels[0], caches);
        this.depthBlocking = GemmBlocking.forKernel(depthKernels[0], caches);
        int aSize = Math.max(rowBlocking.mc() * rowBlocking.kc(), depthBlocking.mc() * depthBlocking.kc());
        int bSize = Math.max(rowBlocking.kc() * rowBlocking.nc(), depthBlocking.kc() * depthBlocking.nc());
        this.packedA = new float[workers][aSize];
        this.packedB = new float[][] {new float[bSize], new float[bSize]};
        this.scaledStore = new ScaledStore(vector);
        this.denseEpilogue = new DenseEpilogue(vector, scratch);
        this.gradientEpilogue = new GradientEpilogue(vector, workers);
    }

    /** The register tiles ("RxV") and block sizes in use, for descriptions. */
    String describe() {
        return rowKernels[0].shape() + " tile (" + rowBlocking + "), " + depthKernels[0].shape() + " for transposed a ("
                + depthBlocking + ")";
    }

    /** c (m, n) = α·op(a)·op(b) + β·c; a is (m, k) or, transposed, (k, m); b is (k, n) or (n, k). */
    void multiply(
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
        packed(a, transposeA, b, transposeB, m, n, k, scaledStore.target(c, n, alpha, beta));
        scaledStore.clear();
    }

    /**
     * A dense layer's forward, pre = x·Wᵀ + bias, out = act(pre), fused where the product allows: in the
     * packed kernel's tile epilogue, or per row for a thin first layer (in ≤ 16). Returns false (nothing
     * done) for the other thin shapes (out ≤ 8 or rows ≤ 8), which the caller runs unfused.
     */
    boolean dense(
            MemorySegment x,
            MemorySegment weight,
            MemorySegment bias,
            Activation activation,
            MemorySegment pre,
            MemorySegment out,
            int rows,
            int outputs,
            int inputs) {
        if (rows == 0 || outputs == 0 || inputs == 0) {
            return false;
        }
        if (inputs <= ThinGemm.SMALL_INNER) {
            thin.multiplySmallInner(
                    x,
                    false,
                    weight,
                    true,
                    pre,
                    rows,
                    outputs,
                    inputs,
                    denseEpilogue.target(pre, out, bias, activation, outputs, outputs),
                    1);
            denseEpilogue.clear();
            return true;
        }
        if (outputs <= ThinGemm.THIN || rows <= ThinGemm.THIN) {
            return false;
        }
        packed(
                x,
                false,
                weight,
                true,
                rows,
                outputs,
                inputs,
                denseEpilogue.target(pre, out, bias, activation, outputs, rowKernels[0].nr));
        denseEpilogue.clear();
        return true;
    }

    /**
     * A dense layer's input gradient through the activation below: gradPre = (gradAbove·W) ⊙ act'(pre)
     * with the bias gradient's chunk partials (see {@link GradientEpilogue}), fused where the product
     * allows (k ≤ 16 per row, or the packed kernel when k fits one K block and MR divides the row
     * chunk). Returns false (nothing done) otherwise; the caller then runs it unfused.
     *
     * @param gradAbove (rows, k)
     * @param weight    (k, cols), not transposed
     */
    boolean denseGradient(
            MemorySegment gradAbove,
            MemorySegment weight,
            MemorySegment pre,
            MemorySegment out,
            Activation activation,
            MemorySegment gradPre,
            float[] partials,
            int rows,
            int cols,
            int k) {
        if (rows == 0 || cols == 0 || k == 0) {
            return false;
        }
        int chunk = ActivationKernels.ROW_CHUNK;
        if (k <= ThinGemm.SMALL_INNER) {
            thin.multiplySmallInner(
                    gradAbove,
                    false,
                    weight,
                    false,
                    gradPre,
                    rows,
                    cols,
                    k,
                    gradientEpilogue.target(pre, out, gradPre, activation, partials, cols),
                    chunk);
            gradientEpilogue.clear();
            return true;
        }
        if (cols <= ThinGemm.THIN || rows <= ThinGemm.THIN || k > rowBlocking.kc() || chunk % rowKernels[0].mr != 0) {
            return false;
        }
        packed(
                gradAbove,
                false,
                weight,
                false,
                rows,
                cols,
                k,
                gradientEpilogue.target(pre, out, gradPre, activation, partials, cols),
                chunk);
        gradientEpilogue.clear();
        return true;
    }

    /**
     * The packed algorithm on any shape, each finished tile handed to {@code epilogue} (which owns C):
     * the entry point for fused epilogues.
     */
    void packed(
            MemorySegment a,
            boolean transposeA,
            MemorySegment b,
            boolean transposeB,
            int m,
            int n,
            int k,
            TileEpilogue epilogue) {
        packed(a, transposeA, b, transposeB, m, n, k, epilogue, 1);
    }

    /** As above, with each thread's rows starting at a multiple of {@code rowGrain} (a multiple of MR). */
    void packed(
            MemorySegment a,
            boolean transposeA,
            MemorySegment b,
            boolean transposeB,
            int m,
            int n,
            int k,
            TileEpilogue epilogue,
            int rowGrain) {
        this.rowGrain = rowGrain;
        this.a = a;
        this.b = b;
        this.transposeA = transposeA;
        this.transposeB = transposeB;
        this.m = m;
        this.n = n;
        this.k = k;
        this.epilogue = epilogue;
        pool.run(this, 2L * m * n * k, MIN_FLOPS_PER_WORKER);
        this.a = this.b = null;
        this.epilogue = null;
    }

    @Override
    public void run(int worker, int workers) {
        MicroKernel kernel = transposeA ? depthKernels[worker] : rowKernels[worker];
        GemmBlocking blocking = transposeA ? depthBlocking : rowBlocking;
        int mr = kernel.mr;
        int nr = kernel.nr;
        int kcMax = blocking.kc();
        int ncMax = blocking.nc();
        // This thread's rows of C, in whole micro-panels (or whole row chunks of a fused epilogue).
        int grain = Math.max(mr, rowGrain);
        int rowUnits = (m + grain - 1) / grain;
        int rowStart = (int) Math.min(m, WorkerPool.splitPoint(rowUnits, worker, workers) * grain);
        int rowEnd = (int) Math.min(m, WorkerPool.splitPoint(rowUnits, worker + 1, workers) * grain);
        int block = 0;
        for (int jc = 0; jc < n; jc += ncMax) {
            int nc = Math.min(ncMax, n - jc);
            int colPanels = (nc + nr - 1) / nr;
            for (int pc = 0; pc < k; pc += kcMax, block++) {
                int kc = Math.min(kcMax, k - pc);
                float[] bBlock = packedB[block & 1];
                GemmPacking.packB(
                        b,
                        transposeB,
                        k,
                        n,
                        pc,
                        kc,
                        jc,
                        nc,
                        nr,
                        (int) WorkerPool.splitPoint(colPanels, worker, workers),
                        (int) WorkerPool.splitPoint(colPanels, worker + 1, workers),
                        bBlock,
                        vector);
                pool.barrier(workers);
                for (int ic = rowStart; ic < rowEnd; ic += blocking.mc()) {
                    int mc = Math.min(blocking.mc(), rowEnd - ic);
                    GemmPacking.packA(a, transposeA, m, k, ic, mc, pc, kc, mr, packedA[worker]);
                    multiplyBlock(kernel, packedA[worker], bBlock, ic, mc, jc, nc, kc, pc == 0, pc + kc == k, worker);
                }
            }
        }
    }

    /** C[ic.., jc..] (+)= packed A block (mc × kc) · packed B block (kc × nc), tile by tile. */
    private void multiplyBlock(
            MicroKernel kernel,
            float[] aBlock,
            float[] bBlock,
            int ic,
            int mc,
            int jc,
            int nc,
            int kc,
            boolean first,
            boolean last,
            int worker) {
        int mr = kernel.mr;
        int nr = kernel.nr;
        for (int jr = 0; jr < nc; jr += nr) {
            int cols = Math.min(nr, nc - jr);
            int bBase = (jr / nr) * nr * kc;
            for (int ir = 0; ir < mc; ir += mr) {
                tile(kernel, aBlock, (ir / mr) * mr * kc, bBlock, bBase, kc);
                epilogue.store(kernel.tile, nr, ic + ir, jc + jr, Math.min(mr, mc - ir), cols, first, last, worker);
            }
        }
    }

    private void tile(MicroKernel kernel, float[] aBlock, int aBase, float[] bBlock, int bBase, int kc) {
        int mr = kernel.mr;
        if (!vector) {
            kernel.accumulateScalar(kc, aBlock, aBase, transposeA ? 1 : kc, transposeA ? mr : 1, bBlock, bBase);
        } else if (transposeA) {
            kernel.accumulate(kc, aBlock, aBase, bBlock, bBase);
        } else {
            kernel.accumulateRows(kc, aBlock, aBase, kc, bBlock, bBase);
        }
    }
}
