package lfm.backend.cpu;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import lfm.backend.Activation;

/**
 * Inference through a whole MLP one tile of rows at a time: each thread takes its own tiles of
 * {@link #tileRows} rows through every layer before the next tile, so the activations (tile × width
 * floats, twice) stay in L2 and no pre-activation is written to memory; threads never meet between
 * layers. Shape served (else the caller runs the layers one by one):
 * <pre>
 *   x (N, in ≤ 16) → width → … → width (≤ 256, > 8) → out (N, D ≤ 8)
 * </pre>
 * The first layer is the thin product of {@link ThinGemm} (k = in), the hidden ones the packed
 * micro-kernel on row-major A (the tile itself, k = width in one block, weights packed once per
 * call), the last the dot form of {@link ThinGemm}; bias and activation as {@link ActivationMath}.
 * Every float operation is the one the layer-by-layer path does, in the same order, so the result
 * is identical to {@code denseForward} layer by layer.
 */
final class MlpInference implements WorkerPool.Task {
    private final WorkerPool pool;
    private final MicroKernel[] kernels;
    private final ActivationMath math = new ActivationMath(true);
    private final int tileRows;
    private final MemorySegment[] preTiles; // per worker (tileRows, width)
    private final MemorySegment[] hTiles; // per worker (tileRows, width)
    private final MemorySegment[] nextTiles; // per worker (tileRows, width)
    private final float[][] aTiles; // per worker, the hidden layers' A operand

    // one call
    private MemorySegment x;
    private MemorySegment out;
    private int rows;
    private int inputs;
    private int width;
    private int outputs;
    private Activation activation;
    private float[] firstWeights = new float[0]; // staged W₀ᵀ (in, width)
    private MemorySegment firstBias;
    private float[][] hiddenWeights = new float[0][]; // packed Wₗᵀ panels
    private MemorySegment[][] hiddenBias = new MemorySegment[0][]; // bias sliced at each column panel
    private float[] lastWeights = new float[0]; // W_L (D, width), row-major
    private MemorySegment lastBias;
    private int hiddenLayers;

    MlpInference(WorkerPool pool, CacheSizes caches) {
        this.pool = pool;
        int workers = pool.size();
        this.kernels = new MicroKernel[workers];
        for (int w = 0; w < workers; w++) {
            kernels[w] = MicroKernel.forLanes(Simd.LANES, false);
        }
        int mr = kernels[0].mr;
        // Two activation tiles of 256 floats a row take half of L2.
        int rowsFor = (int) Math.max(mr, Math.min(512, caches.level2() / 2 / (2L * 4 * GemmBlocking.DEPTH)));
        this.tileRows = rowsFor - rowsFor % mr;
        this.preTiles = new MemorySegment[workers];
        this.hTiles = new MemorySegment[workers];
        this.nextTiles = new MemorySegment[workers];
        this.aTiles = new float[workers][tileRows * GemmBlocking.DEPTH];
        Arena arena = Arena.ofAuto();
        for (int w = 0; w < workers; w++) {
            preTiles[w] = arena.allocate(4L * tileRows * GemmBlocking.DEPTH, 64);
            hTiles[w] = arena.allocate(4L * tileRows * GemmBlocking.DEPTH, 64);
            nextTiles[w] = arena.allocate(4L * tileRows * GemmBlocking.DEPTH, 64);
        }
    }

    /** Whether this MLP has the shape served here: in ≤ 16, equal hidden widths in (8, 256], D ≤ 8. */
    static boolean serves(int[] inputsOf, int[] outputsOf) {
        int layers = inputsOf.length;
        if (layers < 2 || inputsOf[0] > ThinGemm.SMALL_INNER || outputsOf[layers - 1] > ThinGemm.THIN) {
            return false;
        }
        int width = outputsOf[0];
        for (int l = 1; l < layers; l++) {
            if (inputsOf[l] != width || (l < layers - 1 && outputsOf[l] != width)) {
                return false;
            }
        }
        return width > ThinGemm.THIN && width <= GemmBlocking.DEPTH;
    }

    /**
     * out (N, D) = the MLP applied to x (N, in). weights[l] is (outₗ, inₗ) row-major, biases[l] (1, outₗ)
     * or null; activation after every layer but the last. Only for shapes {@link #serves} accepts.
     */
    void run(
            MemorySegment x,
            MemorySegment[] weights,
            MemorySegment[] biases,
            Activation activation,
            MemorySegment out,
            int rows,
            int inputs,
            int width,
            int outputs,
            Scratch scratch) {
        this.x = x;
        this.out = out;
        this.rows = rows;
        this.inputs = inputs;
        this.width = width;
        this.outputs = outputs;
        this.activation = activation;
        this.hiddenLayers = weights.length - 2;
        prepare(weights, biases, scratch);
        long flops = 2L * rows * width * ((long) inputs + (long) hiddenLayers * width + outputs);
        pool.run(this, flops, 2L * tileRows * width * width);
        this.x = this.out = null;
        this.firstBias = this.lastBias = null;
    }

    /** Stages the thin layers' weights and packs the hidden ones (as Sgemm does for x·Wᵀ). */
    private void prepare(MemorySegment[] weights, MemorySegment[] biases, Scratch scratch) {
        int nr = kernels[0].nr;
        if (firstWeights.length < inputs * width) {
            firstWeights = new float[inputs * width];
        }
        for (int p = 0; p < inputs; p++) {
            for (int j = 0; j < width; j++) {
                firstWeights[p * width + j] = Simd.get(weights[0], (long) j * inputs + p);
            }
        }
        MemorySegment zeros = scratch.zeros(width);
        firstBias = biases[0] != null ? biases[0] : zeros;
        int panels = (width + nr - 1) / nr;
        if (hiddenWeights.length < hiddenLayers) {
            hiddenWeights = new float[hiddenLayers][];
            hiddenBias = new MemorySegment[hiddenLayers][];
        }
        for (int l = 0; l < hiddenLayers; l++) {
            if (hiddenWeights[l] == null || hiddenWeights[l].length < panels * nr * width) {
                hiddenWeights[l] = new float[panels * nr * width];
            }
            GemmPacking.packB(
                    weights[l + 1], true, width, width, 0, width, 0, width, nr, 0, panels, hiddenWeights[l], true);
            MemorySegment bias = biases[l + 1] != null ? biases[l + 1] : zeros;
            hiddenBias[l] = new MemorySegment[panels];
            for (int q = 0; q < panels; q++) {
                hiddenBias[l][q] = bias.asSlice(4L * q * nr);
            }
        }
        int last = weights.length - 1;
        if (lastWeights.length < outputs * width) {
            lastWeights = new float[outputs * width];
        }
        MemorySegment.copy(weights[last], Simd.FLOAT, 0, lastWeights, 0, outputs * width);
        lastBias = biases[last] != null ? biases[last] : scratch.zeros(outputs);
    }

    @Override
    public void run(int worker, int workers) {
        int tiles = (rows + tileRows - 1) / tileRows;
        int first = (int) WorkerPool.splitPoint(tiles, worker, workers);
        int end = (int) WorkerPool.splitPoint(tiles, worker + 1, workers);
        for (int tile = first; tile < end; tile++) {
            int row0 = tile * tileRows;
            int count = Math.min(tileRows, rows - row0);
            MemorySegment h = hTiles[worker];
            MemorySegment next = nextTiles[worker];
            firstLayer(row0, count, preTiles[worker], h);
            for (int l = 0; l < hiddenLayers; l++) {
                hiddenLayer(l, count, h, next, worker);
                MemorySegment swap = h;
                h = next;
                next = swap;
            }
            lastLayer(row0, count, h);
        }
    }

    /** h = act(x·W₀ᵀ + b₀) for the tile's rows, as ThinGemm's small-inner rows then the row epilogue. */
    private void firstLayer(int row0, int count, MemorySegment pre, MemorySegment h) {
        int end = Simd.vectorEnd(true, 0, width);
        for (int r = 0; r < count; r++) {
            long source = (long) (row0 + r) * inputs;
            long base = (long) r * width;
            int j = 0;
            for (; j < end; j += Simd.LANES) {
                FloatVector sum = FloatVector.zero(Simd.SPECIES);
                for (int p = 0; p < inputs; p++) {
                    sum = FloatVector.fromArray(Simd.SPECIES, firstWeights, p * width + j)
                            .fma(FloatVector.broadcast(Simd.SPECIES, Simd.get(x, source + p)), sum);
                }
                Simd.store(sum.mul(1f), pre, base + j);
            }
            for (; j < width; j++) {
                float sum = 0f;
                for (int p = 0; p < inputs; p++) {
                    sum = Math.fma(Simd.get(x, source + p), firstWeights[p * width + j], sum);
                }
                Simd.set(pre, base + j, sum);
            }
            math.forwardRow(activation, pre, firstBias, h, base, width);
        }
    }

    /** next = act(h·Wᵀ + b): the micro-kernel over the tile (row-major A, one K block), then bias + act. */
    private void hiddenLayer(int layer, int count, MemorySegment h, MemorySegment next, int worker) {
        MicroKernel kernel = kernels[worker];
        int mr = kernel.mr;
        int nr = kernel.nr;
        float[] a = aTiles[worker];
        int padded = (count + mr - 1) / mr * mr;
        MemorySegment.copy(h, Simd.FLOAT, 0, a, 0, count * width);
        java.util.Arrays.fill(a, count * width, padded * width, 0f);
        MemorySegment pre = preTiles[worker];
        float[] packed = hiddenWeights[layer];
        for (int ir = 0; ir < count; ir += mr) {
            int rowsHere = Math.min(mr, count - ir);
            for (int jr = 0; jr < width; jr += nr) {
                kernel.accumulateRows(width, a, ir * width, width, packed, jr * width);
                int cols = Math.min(nr, width - jr);
                for (int r = 0; r < rowsHere; r++) {
                    long index = (long) (ir + r) * width + jr;
                    MemorySegment.copy(kernel.tile, r * nr, pre, Simd.FLOAT, index << 2, cols);
                    math.forwardRow(activation, pre, hiddenBias[layer][jr / nr], next, index, cols);
                }
            }
        }
    }

    /** out rows = h·W_Lᵀ + b_L, as ThinGemm's dot rows then the identity bias pass. */
    private void lastLayer(int row0, int count, MemorySegment h) {
        int end = Simd.vectorEnd(true, 0, width);
        for (int r = 0; r < count; r++) {
            long rowBase = (long) r * width;
            long target = (long) (row0 + r) * outputs;
            for (int s = 0; s < outputs; s++) {
                FloatVector sum = FloatVector.zero(Simd.SPECIES);
                int p = 0;
                for (; p < end; p += Simd.LANES) {
                    sum = Simd.load(h, rowBase + p)
                            .fma(FloatVector.fromArray(Simd.SPECIES, lastWeights, s * width + p), sum);
                }
                float total = (float) Simd.sumLanes(sum);
                for (; p < width; p++) {
                    total = Math.fma(Simd.get(h, rowBase + p), lastWeights[s * width + p], total);
                }
                Simd.set(out, target + s, 1f * total);
            }
            math.forwardRow(Activation.IDENTITY, out, lastBias, out, target, outputs);
        }
    }
}
