package lfm.backend.cpu;

import static lfm.backend.cpu.Simd.get;
import static lfm.backend.cpu.Simd.set;

import java.lang.foreign.MemorySegment;
import lfm.flow.Interpolant;
import lfm.random.Distributions;
import lfm.random.RandomKey;

/**
 * The fused flow-matching training pair ({@link lfm.backend.Backend#pathSample}): for each element of
 * x_l (N, D) one normal z from the Philox block it belongs to, the OU step x_r = shrink·x_l + scale·z,
 * and per row i the interpolant xt = α(tᵢ) x_l + σ(tᵢ) x_r and its velocity target = α'(tᵢ) x_l +
 * σ'(tᵢ) x_r. The arithmetic is the reference's, in double with the same operand order, so the
 * results equal it bit for bit. The noise of flat index i is element offset + i of the draw (the
 * key's offset); work is split over the 4-element Philox blocks covering that range.
 */
final class FlowKernels implements WorkerPool.Task {
    private static final long MIN_BLOCKS_PER_WORKER = 1 << 10;

    private final WorkerPool pool;
    private final int[][] words;
    private final float[][] normals;
    private MemorySegment xLeft;
    private MemorySegment t;
    private MemorySegment xt;
    private MemorySegment target;
    private Interpolant interpolant;
    private RandomKey key;
    private float shrink;
    private float noiseScale;
    private long n;
    private long offset;
    private int cols;

    FlowKernels(WorkerPool pool) {
        this.pool = pool;
        this.words = new int[pool.size()][4];
        this.normals = new float[pool.size()][4];
    }

    /** x_l (rows, cols), t (rows, 1) → xt, target (rows, cols). */
    void pathSample(
            MemorySegment xLeft,
            MemorySegment t,
            int rows,
            int cols,
            float shrink,
            float noiseScale,
            Interpolant interpolant,
            RandomKey key,
            MemorySegment xt,
            MemorySegment target) {
        this.xLeft = xLeft;
        this.t = t;
        this.xt = xt;
        this.target = target;
        this.interpolant = interpolant;
        this.key = key;
        this.shrink = shrink;
        this.noiseScale = noiseScale;
        this.n = (long) rows * cols;
        this.offset = key.offset();
        this.cols = cols;
        pool.run(this, blockCount(), MIN_BLOCKS_PER_WORKER);
        this.xLeft = this.t = this.xt = this.target = null;
    }

    /** Philox blocks of the noise draw that hold elements [offset, offset + n). */
    private long blockCount() {
        return n == 0 ? 0 : (offset + n + 3) / 4 - offset / 4;
    }

    @Override
    public void run(int worker, int workers) {
        long blocks = blockCount();
        long firstBlock = offset / 4;
        long first = firstBlock + WorkerPool.splitPoint(blocks, worker, workers);
        long last = firstBlock + WorkerPool.splitPoint(blocks, worker + 1, workers);
        int[] scratch = words[worker];
        float[] z = normals[worker];
        long row = -1;
        double alpha = 0, sigma = 0, alphaDot = 0, sigmaDot = 0;
        for (long block = first; block < last; block++) {
            Distributions.normalBlock(key, block, scratch, z);
            long start = block * 4 - offset; // flat index of lane 0 (negative lanes lie before the fill)
            int fromLane = (int) Math.max(0, -start);
            int toLane = (int) Math.min(4, n - start);
            for (int lane = fromLane; lane < toLane; lane++) {
                long index = start + lane;
                long r = index / cols;
                if (r != row) {
                    row = r;
                    double time = get(t, r);
                    alpha = interpolant.alpha(time);
                    sigma = interpolant.sigma(time);
                    alphaDot = interpolant.alphaDot(time);
                    sigmaDot = interpolant.sigmaDot(time);
                }
                double left = get(xLeft, index);
                double right = shrink * left + noiseScale * z[lane];
                set(xt, index, (float) (alpha * left + sigma * right));
                set(target, index, (float) (alphaDot * left + sigmaDot * right));
            }
        }
    }
}
