package lfm.backend.cpu;

import static lfm.backend.cpu.Simd.get;
import static lfm.backend.cpu.Simd.set;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import lfm.backend.ConvGeometry;

/**
 * The three convolution ops as matrix products over column blocks: a block of output pixels is
 * expanded into its im2col rows (pixel, (i, ky, kx)) in a scratch buffer of at most
 * {@link #BLOCK_FLOATS} floats, and the block's share is one {@link Sgemm} call:
 * <pre>
 *   forward        out[block] (+)= col·Wᵀ (+ bias)
 *   backward data  dcol = gradOut[block]·W, then scattered back to the input pixels (col2im)
 *   backward filter dW (+)= gradOut[block]ᵀ·col, blocks in order
 * </pre>
 * Blocks run in a fixed order and the products never split k, so results do not depend on the
 * thread count.
 */
final class ConvolutionKernels implements WorkerPool.Task {
    /** Scratch of one column block: 4 Mi floats (16 MiB). */
    static final int BLOCK_FLOATS = 1 << 22;

    private final WorkerPool pool;
    private final boolean vector;
    private final Sgemm gemm;
    private MemorySegment columns = MemorySegment.NULL;
    private ConvGeometry geometry;
    private MemorySegment source;
    private int firstRow;
    private int blockRows;

    ConvolutionKernels(WorkerPool pool, boolean vector, Sgemm gemm) {
        this.pool = pool;
        this.vector = vector;
        this.gemm = gemm;
    }

    void forward(MemorySegment input, MemorySegment weight, MemorySegment bias, ConvGeometry g, MemorySegment out,
                 boolean accumulate) {
        int k = g.weightColumns(), n = g.outChannels();
        int block = blockRows(g);
        for (int row = 0; row < g.outputRows(); row += block) {
            int rows = Math.min(block, g.outputRows() - row);
            expand(input, g, row, rows);
            MemorySegment target = out.asSlice((long) row * n * 4, (long) rows * n * 4);
            gemm.multiply(columns, false, weight, true, target, rows, n, k, 1f, accumulate ? 1f : 0f);
        }
        if (bias != null) {
            for (long row = 0; row < g.outputRows(); row++) {
                for (int o = 0; o < n; o++) {
                    set(out, row * n + o, get(out, row * n + o) + get(bias, o));
                }
            }
        }
    }

    void backwardData(MemorySegment gradOut, MemorySegment weight, ConvGeometry g, MemorySegment gradInput,
                      boolean accumulate) {
        int k = g.weightColumns(), n = g.outChannels();
        if (!accumulate) {
            gradInput.asSlice(0, (long) g.inputRows() * g.inChannels() * 4).fill((byte) 0);
        }
        int block = blockRows(g);
        for (int row = 0; row < g.outputRows(); row += block) {
            int rows = Math.min(block, g.outputRows() - row);
            ensureColumns((long) rows * k);
            MemorySegment gradBlock = gradOut.asSlice((long) row * n * 4, (long) rows * n * 4);
            gemm.multiply(gradBlock, false, weight, false, columns, rows, k, n, 1f, 0f);
            scatter(gradInput, g, row, rows);
        }
    }

    void backwardFilter(MemorySegment input, MemorySegment gradOut, ConvGeometry g, MemorySegment gradWeight,
                        boolean accumulate) {
        int k = g.weightColumns(), n = g.outChannels();
        int block = blockRows(g);
        boolean first = true;
        for (int row = 0; row < g.outputRows(); row += block) {
            int rows = Math.min(block, g.outputRows() - row);
            expand(input, g, row, rows);
            MemorySegment gradBlock = gradOut.asSlice((long) row * n * 4, (long) rows * n * 4);
            gemm.multiply(gradBlock, true, columns, false, gradWeight, n, k, rows, 1f,
                    first && !accumulate ? 0f : 1f);
            first = false;
        }
        if (first && !accumulate) {
            gradWeight.asSlice(0, (long) n * k * 4).fill((byte) 0);
        }
    }

    private int blockRows(ConvGeometry g) {
        return Math.max(1, BLOCK_FLOATS / g.weightColumns());
    }

    private void ensureColumns(long floats) {
        if (columns.byteSize() < floats * 4) {
            columns = Arena.ofAuto().allocate(Math.max(floats, 1) * 4, 64);
        }
    }

    /** columns (rows, C_in·k²) = im2col of output pixels [row, row + rows), in (i, ky, kx) order. */
    private void expand(MemorySegment input, ConvGeometry g, int row, int rows) {
        ensureColumns((long) rows * g.weightColumns());
        this.geometry = g;
        this.source = input;
        this.firstRow = row;
        this.blockRows = rows;
        pool.run(this, (long) rows * g.weightColumns(), 1 << 14);
        this.source = null;
    }

    @Override
    public void run(int worker, int workers) {
        ConvGeometry g = geometry;
        int from = (int) WorkerPool.splitPoint(blockRows, worker, workers);
        int to = (int) WorkerPool.splitPoint(blockRows, worker + 1, workers);
        int k = g.kernel(), cols = g.weightColumns();
        for (int r = from; r < to; r++) {
            int[] pixel = pixel(g, firstRow + r);
            long base = (long) r * cols;
            for (int ky = 0; ky < k; ky++) {
                for (int kx = 0; kx < k; kx++) {
                    int sourceRow = sourceRow(g, pixel, ky, kx);
                    for (int i = 0; i < g.inChannels(); i++) {
                        float value = sourceRow < 0 ? 0f : get(source, (long) sourceRow * g.inChannels() + i);
                        set(columns, base + (i * k + ky) * k + kx, value);
                    }
                }
            }
        }
    }

    /** gradInput[source pixel, i] += columns[r, (i, ky, kx)] over the block, on the calling thread. */
    private void scatter(MemorySegment gradInput, ConvGeometry g, int row, int rows) {
        int k = g.kernel(), cols = g.weightColumns();
        for (int r = 0; r < rows; r++) {
            int[] pixel = pixel(g, row + r);
            long base = (long) r * cols;
            for (int ky = 0; ky < k; ky++) {
                for (int kx = 0; kx < k; kx++) {
                    int sourceRow = sourceRow(g, pixel, ky, kx);
                    if (sourceRow < 0) {
                        continue;
                    }
                    long target = (long) sourceRow * g.inChannels();
                    for (int i = 0; i < g.inChannels(); i++) {
                        set(gradInput, target + i, get(gradInput, target + i) + get(columns, base + (i * k + ky) * k + kx));
                    }
                }
            }
        }
    }

    /** {b, oy, ox} of an output row. */
    private static int[] pixel(ConvGeometry g, int outputRow) {
        int perImage = g.outHeight() * g.outWidth();
        int b = outputRow / perImage;
        int within = outputRow - b * perImage;
        return new int[] {b, within / g.outWidth(), within % g.outWidth()};
    }

    /** Input row read at kernel offset (ky, kx) by an output pixel, or −1 in the padding. */
    static int sourceRow(ConvGeometry g, int[] pixel, int ky, int kx) {
        int sy = pixel[1] * g.stride() + ky - g.padding();
        int sx = pixel[2] * g.stride() + kx - g.padding();
        if (sy < 0 || sx < 0 || sy >= g.sourceHeight() || sx >= g.sourceWidth()) {
            return -1;
        }
        int y = g.upsample() ? sy >> 1 : sy;
        int x = g.upsample() ? sx >> 1 : sx;
        return (pixel[0] * g.height() + y) * g.width() + x;
    }
}
