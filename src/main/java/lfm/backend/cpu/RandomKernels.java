package lfm.backend.cpu;

import static lfm.backend.cpu.Simd.set;

import java.lang.foreign.MemorySegment;
import lfm.random.Distributions;
import lfm.random.Philox;
import lfm.random.RandomKey;

/**
 * Random fills, equal bit for bit to the element-wise definitions in {@link Distributions}: uniforms,
 * normals and row indices are made four at a time from one Philox block (block b holds elements
 * [4b, 4b + 4) of the draw), Beta draws one element at a time. A fill writes elements
 * [offset, offset + n) of the draw (the key's offset, which need not be a multiple of 4): the blocks
 * covering that range are made whole and only their lanes inside it stored. Work is split over whole
 * blocks, so the thread count changes nothing.
 */
final class RandomKernels implements WorkerPool.Task {
    private static final long MIN_BLOCKS_PER_WORKER = 1 << 10;

    private enum Op {
        UNIFORM,
        NORMAL,
        BETA,
        GATHER_ROWS
    }

    private final WorkerPool pool;
    private final int[][] words; // per worker: one Philox block
    private final float[][] values; // per worker: four draws
    private Op op;
    private RandomKey key;
    private MemorySegment source;
    private MemorySegment out;
    private long n; // elements (rows for GATHER_ROWS)
    private long offset; // first element of the draw written (the key's offset)
    private int cols;
    private int sourceRows;
    private double shapeA;
    private double shapeB;

    RandomKernels(WorkerPool pool) {
        this.pool = pool;
        this.words = new int[pool.size()][4];
        this.values = new float[pool.size()][4];
    }

    /** out[i] = {@link Distributions#uniform}(key, i). */
    void uniform(MemorySegment out, long n, RandomKey key) {
        dispatch(Op.UNIFORM, out, n, key, 1);
    }

    /** out[i] = {@link Distributions#normal}(key, i). */
    void normal(MemorySegment out, long n, RandomKey key) {
        dispatch(Op.NORMAL, out, n, key, 1);
    }

    /** out[i] = {@link Distributions#beta}(key, i, a, b). */
    void beta(MemorySegment out, long n, double a, double b, RandomKey key) {
        this.shapeA = a;
        this.shapeB = b;
        dispatch(Op.BETA, out, n, key, 1);
    }

    /** out row i (of rows) = source row {@link Distributions#uniformIndex}(key, i, sourceRows). */
    void gatherRows(MemorySegment source, int sourceRows, int cols, RandomKey key, MemorySegment out, int rows) {
        this.source = source;
        this.sourceRows = sourceRows;
        this.cols = cols;
        dispatch(Op.GATHER_ROWS, out, rows, key, cols);
        this.source = null;
    }

    private void dispatch(Op op, MemorySegment out, long n, RandomKey key, int costPerElement) {
        this.op = op;
        this.out = out;
        this.n = n;
        this.key = key;
        this.offset = key.offset();
        long blocks = blockCount();
        long cost = op == Op.BETA ? 8 : costPerElement > 16 ? 4 : 1; // rough weight per block
        pool.run(this, blocks * cost, MIN_BLOCKS_PER_WORKER);
        this.out = null;
        this.key = null;
    }

    /** Blocks of the draw that hold elements [offset, offset + n). */
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
        float[] four = values[worker];
        for (long block = first; block < last; block++) {
            // lanes [fromLane, toLane) of this block fall inside the fill; lane l is output index 4·block + l − offset
            int fromLane = (int) Math.max(0, offset - block * 4);
            int toLane = (int) Math.min(4, offset + n - block * 4);
            long start = block * 4 - offset;
            switch (op) {
                case UNIFORM -> {
                    Distributions.uniformBlock(key, block, scratch, four);
                    storeDraws(four, start, fromLane, toLane);
                }
                case NORMAL -> {
                    Distributions.normalBlock(key, block, scratch, four);
                    storeDraws(four, start, fromLane, toLane);
                }
                case BETA -> {
                    for (int lane = fromLane; lane < toLane; lane++) {
                        set(out, start + lane, Distributions.beta(key, start + lane, shapeA, shapeB));
                    }
                }
                case GATHER_ROWS -> gatherBlock(block, start, fromLane, toLane, scratch);
            }
        }
    }

    private void storeDraws(float[] four, long start, int fromLane, int toLane) {
        for (int lane = fromLane; lane < toLane; lane++) {
            set(out, start + lane, four[lane]);
        }
    }

    /** Output rows start + lane from one block: row index = ⌊word · sourceRows / 2³²⌋ (uniformIndex). */
    private void gatherBlock(long block, long start, int fromLane, int toLane, int[] scratch) {
        Philox.block((int) block, (int) (block >>> 32), key.stream0(), key.stream1(), key.key0(), key.key1(), scratch);
        for (int lane = fromLane; lane < toLane; lane++) {
            long row = ((scratch[lane] & 0xFFFFFFFFL) * sourceRows) >>> 32;
            copyRow(row, start + lane);
        }
    }

    private void copyRow(long from, long to) {
        if (cols > 8) {
            MemorySegment.copy(source, from * cols * 4, out, to * cols * 4, cols * 4L);
            return;
        }
        for (int j = 0; j < cols; j++) {
            set(out, to * cols + j, Simd.get(source, from * cols + j));
        }
    }
}
