package lfm.backend.cpu;

import static lfm.backend.cpu.Simd.LANES;
import static lfm.backend.cpu.Simd.get;
import static lfm.backend.cpu.Simd.set;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import lfm.backend.ConvGeometry;

/**
 * The three convolution ops as implicit GEMMs over zero-padded source images: no im2col
 * buffer, the A operand of each {@link ConvTiles} tile is read in place from the padded image, the B
 * operand is the weights packed once per call into panels of 32 (or 16) output columns.
 * <ul>
 *   <li>forward: the source is the input image (nearest-×2 upsampled when asked) with p zero rows and
 *       columns around it; output pixel q reads from pixel base_q = (oy·s·W' + ox·s)·C, tap (ky, kx) at
 *       (ky·W' + kx)·C; the epilogue adds the bias, the per-sample bias, the residual and, accumulating,
 *       the old output, a vector at a time;</li>
 *   <li>input gradient: the same correlation, stride 1, over the output gradient placed at
 *       (a·s + k − 1 − p, b·s + k − 1 − p) of a zero image (spread out for stride 2) with the kernel
 *       flipped and C_in, C_out swapped: that gives the gradient of the source image, which for an
 *       upsampled source is then summed over each 2 × 2 block;</li>
 *   <li>weight gradient: tiles of 8 (tap, input channel) rows × output channels summed over the output
 *       pixels of a chunk of images (their padded sources side by side, about a thousand pixels, see
 *       {@link ConvPlan#chunkImages}); the chunks' partial sums are added in chunk order.</li>
 * </ul>
 * Workers split images (chunks for the weight gradient) and each output element is one sum in a fixed
 * order, so results do not depend on the thread count. 1×1 convolutions with stride 1 and no upsampling
 * are plain matrix products ({@link Sgemm}).
 */
final class ConvolutionKernels implements WorkerPool.Task {
    private static final int ROWS = ConvTiles.ROWS;

    private enum Op {
        FORWARD,
        DATA,
        FILTER
    }

    /** One worker's buffers, grown as needed. */
    private static final class Buffers {
        float[] source = new float[0]; // the padded source image
        float[] gradient = new float[0]; // filter: one image's output gradient, (P, Np); data: the source gradient
        final float[] tile = new float[ROWS * 2 * LANES];
        final int[] base = new int[ROWS];
        final int[] rows = new int[ROWS];
    }

    private final WorkerPool pool;
    private final boolean vector;
    private final Sgemm gemm;
    private final Buffers[] buffers;
    private final ConvPlan plan = new ConvPlan();
    private Op op;
    private MemorySegment source; // input (forward, filter) or gradOut (data)
    private MemorySegment target; // out (forward) or gradInput (data)
    private MemorySegment gradOut; // filter
    private MemorySegment bias;
    private MemorySegment sampleBias; // forward: (B, C_out) or null
    private MemorySegment residual; // forward: like the output, or null
    private boolean accumulate;
    private float[] partials = new float[0];

    ConvolutionKernels(WorkerPool pool, boolean vector, Sgemm gemm) {
        this.pool = pool;
        this.vector = vector;
        this.gemm = gemm;
        this.buffers = new Buffers[pool.size()];
        for (int w = 0; w < buffers.length; w++) {
            buffers[w] = new Buffers();
        }
    }

    private static boolean pointwise(ConvGeometry g) {
        return g.kernel() == 1 && g.stride() == 1 && !g.upsample();
    }

    /** out (+)= conv(input) + bias + sampleBias[b] + residual (each of the three may be null). */
    void forward(
            MemorySegment input,
            MemorySegment weight,
            MemorySegment bias,
            MemorySegment sampleBias,
            MemorySegment residual,
            ConvGeometry g,
            MemorySegment out,
            boolean accumulate) {
        this.sampleBias = sampleBias;
        this.residual = residual;
        if (pointwise(g)) {
            gemm.multiply(
                    input,
                    false,
                    weight,
                    true,
                    out,
                    g.inputRows(),
                    g.outChannels(),
                    g.inChannels(),
                    1f,
                    accumulate ? 1f : 0f);
            addEpilogue(out, bias, g);
        } else {
            plan.forward(g, weight);
            run(Op.FORWARD, input, out, null, bias, accumulate);
        }
        this.sampleBias = this.residual = null;
    }

    /** gradInput (+)= the input gradient. */
    void backwardData(
            MemorySegment gradOut, MemorySegment weight, ConvGeometry g, MemorySegment gradInput, boolean accumulate) {
        if (pointwise(g)) {
            gemm.multiply(
                    gradOut,
                    false,
                    weight,
                    false,
                    gradInput,
                    g.inputRows(),
                    g.inChannels(),
                    g.outChannels(),
                    1f,
                    accumulate ? 1f : 0f);
            return;
        }
        plan.data(g, weight);
        run(Op.DATA, gradOut, gradInput, null, null, accumulate);
    }

    /**
     * gradWeight (+)= the weight gradient (the bias gradient is the caller's column sums). Always the
     * chunked kernel, 1×1 included: as a matrix product this is gᵀ·x with k = B·H·W, a shape the
     * packed SGEMM, which never splits k, runs on one thin row of tiles.
     */
    void backwardFilter(
            MemorySegment input, MemorySegment gradOut, ConvGeometry g, MemorySegment gradWeight, boolean accumulate) {
        plan.filter(g);
        int chunks = (g.batch() + plan.chunkImages - 1) / plan.chunkImages;
        int partialSize = plan.depth * plan.paddedColumns;
        if (partials.length < chunks * partialSize) {
            partials = new float[chunks * partialSize];
        }
        run(Op.FILTER, input, null, gradOut, null, accumulate);
        storeWeightGradient(g, gradWeight, chunks, partialSize, accumulate);
    }

    private void run(
            Op op,
            MemorySegment source,
            MemorySegment target,
            MemorySegment gradOut,
            MemorySegment bias,
            boolean accumulate) {
        ConvTiles.warmUp(vector);
        this.op = op;
        this.source = source;
        this.target = target;
        this.gradOut = gradOut;
        this.bias = bias;
        this.accumulate = accumulate;
        pool.run(this, (long) plan.flops, 1L << 20);
        this.source = this.target = this.gradOut = this.bias = null;
    }

    @Override
    public void run(int worker, int workers) {
        ConvGeometry g = plan.geometry;
        int units = op == Op.FILTER ? (g.batch() + plan.chunkImages - 1) / plan.chunkImages : g.batch();
        int first = (int) WorkerPool.splitPoint(units, worker, workers);
        int last = (int) WorkerPool.splitPoint(units, worker + 1, workers);
        if (first == last) {
            return;
        }
        Buffers space = buffers[worker];
        int sourceSize = op == Op.FILTER ? plan.chunkImages * plan.sourceSize : plan.sourceSize;
        if (space.source.length < sourceSize) {
            space.source = new float[sourceSize];
        }
        Arrays.fill(space.source, 0, sourceSize, 0f); // padding (and the spread-out gaps) stays zero
        int gradientSize = op == Op.FILTER
                ? plan.chunkImages * plan.pixels * plan.paddedColumns
                : op == Op.DATA && g.upsample() ? plan.pixels * g.inChannels() : 0;
        if (space.gradient.length < gradientSize) {
            space.gradient = new float[gradientSize];
        }
        for (int unit = first; unit < last; unit++) {
            if (op == Op.FILTER) {
                filterChunk(space, unit);
            } else {
                correlateImage(space, unit);
            }
        }
    }

    // ---------------------------------------------------------------- forward and input gradient

    private void correlateImage(Buffers space, int b) {
        ConvGeometry g = plan.geometry;
        if (op == Op.FORWARD) {
            plan.placeInput(source, b, space.source, 0);
        } else {
            plan.placeGradient(source, b, space.source);
        }
        int columns = plan.outColumns;
        for (int q0 = 0; q0 < plan.pixels; q0 += ROWS) {
            int rows = Math.min(ROWS, plan.pixels - q0);
            for (int r = 0; r < ROWS; r++) {
                space.base[r] = plan.pixelBase[q0 + Math.min(r, rows - 1)];
            }
            for (int panel = 0, o0 = 0; o0 < columns; panel++) {
                int width = plan.panelWidth(o0);
                ConvTiles.forward(
                        vector,
                        width / LANES,
                        space.source,
                        space.base,
                        plan.taps,
                        plan.taps.length,
                        plan.channels,
                        plan.weights,
                        plan.panelOffset[panel],
                        space.tile);
                if (op == Op.FORWARD) {
                    storeForward(space.tile, width, b, q0, rows, o0);
                } else if (!g.upsample()) {
                    storeGradient(space.tile, width, (long) b * plan.pixels + q0, rows, o0);
                } else {
                    keep(space.tile, width, space.gradient, q0, rows, o0, columns);
                }
                o0 += width;
            }
        }
        if (op == Op.DATA && g.upsample()) {
            sumBlocks(space.gradient, b, g);
        }
    }

    /** out[b, q0 + r, o0 + j] = tile + bias + sampleBias[b] + residual (+ old), for the valid rows and columns. */
    private void storeForward(float[] tile, int width, int b, int q0, int rows, int o0) {
        store(
                tile,
                width,
                (long) b * plan.pixels + q0,
                rows,
                o0,
                bias,
                sampleBias,
                (long) b * plan.outColumns,
                residual);
    }

    /** gradInput[row + r, o0 + j] (+)= tile. */
    private void storeGradient(float[] tile, int width, long row, int rows, int o0) {
        store(tile, width, row, rows, o0, null, null, 0, null);
    }

    /**
     * target[row + r, o0 + j] = tile[r, j] + bias[o0 + j] + perRow[perRowBase + o0 + j] + residual[row + r,
     * o0 + j] (each addend skipped when null) (+ the old value); whole vectors where valid.
     */
    private void store(
            float[] tile,
            int width,
            long row,
            int rows,
            int o0,
            MemorySegment bias,
            MemorySegment perRow,
            long perRowBase,
            MemorySegment residual) {
        int n = plan.outColumns;
        int valid = Math.min(width, n - o0);
        int vectorPart = vector ? valid & -LANES : 0;
        for (int r = 0; r < rows; r++) {
            long at = (row + r) * n + o0;
            for (int j = 0; j < vectorPart; j += LANES) {
                FloatVector value = FloatVector.fromArray(Simd.SPECIES, tile, r * width + j);
                if (bias != null) {
                    value = value.add(Simd.load(bias, o0 + j));
                }
                if (perRow != null) {
                    value = value.add(Simd.load(perRow, perRowBase + o0 + j));
                }
                if (residual != null) {
                    value = value.add(Simd.load(residual, at + j));
                }
                if (accumulate) {
                    value = value.add(Simd.load(target, at + j));
                }
                Simd.store(value, target, at + j);
            }
            for (int j = vectorPart; j < valid; j++) {
                float value = tile[r * width + j]
                        + (bias == null ? 0f : get(bias, o0 + j))
                        + (perRow == null ? 0f : get(perRow, perRowBase + o0 + j))
                        + (residual == null ? 0f : get(residual, at + j));
                set(target, at + j, accumulate ? get(target, at + j) + value : value);
            }
        }
    }

    private static void keep(float[] tile, int width, float[] into, int q0, int rows, int o0, int columns) {
        for (int r = 0; r < rows; r++) {
            int valid = Math.min(width, columns - o0);
            System.arraycopy(tile, r * width, into, (q0 + r) * columns + o0, valid);
        }
    }

    /** gradInput[b, y, x] (+)= Σ over the 2 × 2 source pixels of (y, x) of the source gradient. */
    private void sumBlocks(float[] sourceGradient, int b, ConvGeometry g) {
        int c = g.inChannels(), sourceWidth = g.sourceWidth();
        int vectorPart = vector ? c & -LANES : 0;
        for (int y = 0; y < g.height(); y++) {
            for (int x = 0; x < g.width(); x++) {
                long at = ((long) (b * g.height() + y) * g.width() + x) * c;
                int s00 = ((2 * y) * sourceWidth + 2 * x) * c, s10 = s00 + sourceWidth * c;
                for (int i = 0; i < vectorPart; i += LANES) {
                    FloatVector value = FloatVector.fromArray(Simd.SPECIES, sourceGradient, s00 + i)
                            .add(FloatVector.fromArray(Simd.SPECIES, sourceGradient, s00 + c + i))
                            .add(FloatVector.fromArray(Simd.SPECIES, sourceGradient, s10 + i))
                            .add(FloatVector.fromArray(Simd.SPECIES, sourceGradient, s10 + c + i));
                    if (accumulate) {
                        value = value.add(Simd.load(target, at + i));
                    }
                    Simd.store(value, target, at + i);
                }
                for (int i = vectorPart; i < c; i++) {
                    float value = sourceGradient[s00 + i]
                            + sourceGradient[s00 + c + i]
                            + sourceGradient[s10 + i]
                            + sourceGradient[s10 + c + i];
                    set(target, at + i, accumulate ? get(target, at + i) + value : value);
                }
            }
        }
    }

    // ---------------------------------------------------------------- weight gradient

    private void filterChunk(Buffers space, int chunk) {
        ConvGeometry g = plan.geometry;
        int partialSize = plan.depth * plan.paddedColumns;
        int partialBase = chunk * partialSize;
        int first = chunk * plan.chunkImages;
        int images = Math.min(g.batch(), first + plan.chunkImages) - first;
        for (int image = 0; image < images; image++) {
            plan.placeInput(source, first + image, space.source, image * plan.sourceSize);
            plan.copyGradient(gradOut, first + image, space.gradient, image * plan.pixels * plan.paddedColumns);
        }
        for (int row0 = 0; row0 < plan.depth; row0 += ROWS) {
            int rows = Math.min(ROWS, plan.depth - row0);
            for (int r = 0; r < ROWS; r++) {
                space.rows[r] = plan.rowOffset(row0 + Math.min(r, rows - 1));
            }
            for (int o0 = 0; o0 < plan.outColumns; ) {
                int width = plan.panelWidth(o0);
                ConvTiles.filter(
                        vector,
                        width / LANES,
                        space.source,
                        plan.chunkRowBase,
                        images * plan.outHeight,
                        plan.outWidth,
                        plan.pixelStep,
                        space.rows,
                        space.gradient,
                        plan.paddedColumns,
                        o0,
                        space.tile);
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(
                            space.tile, r * width, partials, partialBase + (row0 + r) * plan.paddedColumns + o0, width);
                }
                o0 += width;
            }
        }
    }

    /** gradWeight[o, i, ky, kx] (+)= Σ over chunks, in order, of partial[(tap, i), o]. */
    private void storeWeightGradient(
            ConvGeometry g, MemorySegment gradWeight, int chunks, int partialSize, boolean accumulate) {
        int taps = g.kernel() * g.kernel(), cin = g.inChannels();
        for (int o = 0; o < g.outChannels(); o++) {
            for (int i = 0; i < cin; i++) {
                for (int t = 0; t < taps; t++) {
                    int row = t * cin + i;
                    float total = 0;
                    for (int chunk = 0; chunk < chunks; chunk++) {
                        total += partials[chunk * partialSize + row * plan.paddedColumns + o];
                    }
                    long at = (long) o * g.weightColumns() + (long) i * taps + t;
                    set(gradWeight, at, accumulate ? get(gradWeight, at) + total : total);
                }
            }
        }
    }

    /** out += bias + sampleBias[row / P] + residual after a 1×1 product (each addend optional). */
    private void addEpilogue(MemorySegment out, MemorySegment bias, ConvGeometry g) {
        if (bias == null && sampleBias == null && residual == null) {
            return;
        }
        int n = g.outChannels(), pixels = g.outHeight() * g.outWidth();
        int vectorPart = vector ? n & -LANES : 0;
        for (long row = 0; row < g.outputRows(); row++) {
            long at = row * n, perRow = (row / pixels) * n;
            for (int o = 0; o < vectorPart; o += LANES) {
                FloatVector value = Simd.load(out, at + o);
                if (bias != null) {
                    value = value.add(Simd.load(bias, o));
                }
                if (sampleBias != null) {
                    value = value.add(Simd.load(sampleBias, perRow + o));
                }
                if (residual != null) {
                    value = value.add(Simd.load(residual, at + o));
                }
                Simd.store(value, out, at + o);
            }
            for (int o = vectorPart; o < n; o++) {
                set(
                        out,
                        at + o,
                        get(out, at + o)
                                + (bias == null ? 0f : get(bias, o))
                                + (sampleBias == null ? 0f : get(sampleBias, perRow + o))
                                + (residual == null ? 0f : get(residual, at + o)));
            }
        }
    }

    /** Copies count floats of a segment, from flat index from, into an array. */
    static void copy(MemorySegment segment, long from, float[] into, int at, int count) {
        MemorySegment.copy(segment, ValueLayout.JAVA_FLOAT, from * 4, into, at, count);
    }
}
