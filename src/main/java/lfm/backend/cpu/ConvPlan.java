package lfm.backend.cpu;

import static lfm.backend.cpu.Simd.LANES;
import static lfm.backend.cpu.Simd.get;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import lfm.backend.ConvGeometry;

/**
 * The layout of one call of {@link ConvolutionKernels}: the padded source image it correlates (size,
 * where each output pixel's receptive field starts, the offsets of the kernel taps), the output
 * columns split into panels of 32 (or a last 16), and the weights packed for the tiles: panel by
 * panel, row (tap, source channel), the panel's columns contiguous. Rebuilt per call (it depends on the
 * geometry and the current weights); arrays are reused when large enough.
 */
final class ConvPlan {
    ConvGeometry geometry;
    /** Channels of the source image (C_in forward and for the weight gradient, C_out for the input gradient). */
    int channels;
    /** Columns of the result (C_out, or C_in for the input gradient) and their panel-padded count. */
    int outColumns;

    int paddedColumns;
    /** Rows of the weight-gradient GEMM: taps · C_in. */
    int depth;
    /**
     * Weight gradient: images summed per partial (about {@link #CHUNK_PIXELS} output pixels, so small
     * images do not pay a tile's set-up per image); a function of the geometry alone, never of the
     * thread count.
     */
    int chunkImages;
    /** Weight gradient: row y of stacked image i starts at chunkRowBase[i·outHeight + y]. */
    int[] chunkRowBase = new int[0];

    static final int CHUNK_PIXELS = 1024;
    /** The padded source: width W' (in pixels), size in floats, zero border p. */
    int sourceWidth;

    int sourceSize;
    private int border;
    /** Output pixels per image and where each one's receptive field starts in the source. */
    int pixels;

    int[] pixelBase = new int[0];
    /** Output rows and columns; the source offset of each output row's first pixel; the step between pixels. */
    int outHeight;

    int outWidth;
    int[] rowBase = new int[0];
    int pixelStep;
    int[] taps = new int[0];
    float[] weights = new float[0];
    int[] panelOffset = new int[0];
    double flops;

    /** Panel width at column o0: 32 while more than 16 columns remain, else 16. */
    int panelWidth(int o0) {
        return outColumns - o0 > LANES ? 2 * LANES : LANES;
    }

    /** Forward: the (upsampled) input with a border of p; stride s. */
    void forward(ConvGeometry g, MemorySegment weight) {
        layout(
                g,
                g.inChannels(),
                g.outChannels(),
                g.padding(),
                g.sourceHeight(),
                g.sourceWidth(),
                g.stride(),
                g.outHeight(),
                g.outWidth());
        packWeights(g, weight, false);
    }

    /**
     * Input gradient: the output gradient spread at stride s with a border of k − 1 − p, correlated with
     * stride 1 into the source image's gradient (H' × W').
     */
    void data(ConvGeometry g, MemorySegment weight) {
        int border = g.kernel() - 1 - g.padding();
        layout(
                g,
                g.outChannels(),
                g.inChannels(),
                border,
                g.sourceHeight() + g.kernel() - 1 - 2 * border,
                g.sourceWidth() + g.kernel() - 1 - 2 * border,
                1,
                g.sourceHeight(),
                g.sourceWidth());
        packWeights(g, weight, true);
    }

    /** Weight gradient: the forward's source and pixels; rows (tap, C_in); images stacked in chunks. */
    void filter(ConvGeometry g) {
        layout(
                g,
                g.inChannels(),
                g.outChannels(),
                g.padding(),
                g.sourceHeight(),
                g.sourceWidth(),
                g.stride(),
                g.outHeight(),
                g.outWidth());
        depth = taps.length * g.inChannels();
        chunkImages = Math.max(1, Math.min(g.batch(), (CHUNK_PIXELS + pixels - 1) / pixels));
        if (chunkRowBase.length < chunkImages * outHeight) {
            chunkRowBase = new int[chunkImages * outHeight];
        }
        for (int image = 0; image < chunkImages; image++) {
            for (int y = 0; y < outHeight; y++) {
                chunkRowBase[image * outHeight + y] = image * sourceSize + rowBase[y];
            }
        }
    }

    /** Source offset of weight-gradient row (tap, channel) = tap·C_in + channel. */
    int rowOffset(int row) {
        return taps[row / channels] + row % channels;
    }

    /**
     * @param innerHeight the source image without its border (the border is added on each side)
     * @param stride      of the correlation over the padded source
     */
    private void layout(
            ConvGeometry g,
            int channels,
            int outColumns,
            int border,
            int innerHeight,
            int innerWidth,
            int stride,
            int outHeight,
            int outWidth) {
        this.geometry = g;
        this.channels = channels;
        this.outColumns = outColumns;
        this.border = border;
        this.sourceWidth = innerWidth + 2 * border;
        this.sourceSize = (innerHeight + 2 * border) * sourceWidth * channels;
        this.pixels = outHeight * outWidth;
        this.outHeight = outHeight;
        this.outWidth = outWidth;
        this.pixelStep = stride * channels;
        if (pixelBase.length < pixels) {
            pixelBase = new int[pixels];
        }
        if (rowBase.length < outHeight) {
            rowBase = new int[outHeight];
        }
        for (int y = 0; y < outHeight; y++) {
            rowBase[y] = y * stride * sourceWidth * channels;
        }
        for (int q = 0; q < pixels; q++) {
            pixelBase[q] = ((q / outWidth) * stride * sourceWidth + (q % outWidth) * stride) * channels;
        }
        int k = g.kernel();
        taps = new int[k * k];
        for (int t = 0; t < taps.length; t++) {
            taps[t] = ((t / k) * sourceWidth + t % k) * channels;
        }
        paddedColumns = 0;
        int panels = 0;
        for (int o0 = 0; o0 < outColumns; o0 += panelWidth(o0)) {
            paddedColumns += panelWidth(o0);
            panels++;
        }
        panelOffset = new int[panels];
        flops = 2.0 * pixels * outColumns * taps.length * channels * g.batch();
    }

    /**
     * Packed panel element ((t, c), j) = w[o, i, tap] with, forward, o = panel column, i = c, tap = t;
     * for the input gradient (flipped), o = c, i = panel column, tap = the mirror of t.
     */
    private void packWeights(ConvGeometry g, MemorySegment weight, boolean flipped) {
        int k = g.kernel(), kk = k * k, depthRows = kk * channels;
        if (weights.length < depthRows * paddedColumns) {
            weights = new float[depthRows * paddedColumns];
        }
        int offset = 0, panel = 0;
        for (int o0 = 0; o0 < outColumns; panel++) {
            int width = panelWidth(o0);
            panelOffset[panel] = offset;
            for (int t = 0; t < kk; t++) {
                int tap = flipped ? kk - 1 - t : t;
                for (int c = 0; c < channels; c++) {
                    int at = offset + (t * channels + c) * width;
                    for (int j = 0; j < width; j++) {
                        int column = o0 + j;
                        float value = 0f;
                        if (column < outColumns) {
                            int o = flipped ? c : column, i = flipped ? column : c;
                            value = get(weight, (long) o * g.weightColumns() + (long) i * kk + tap);
                        }
                        weights[at + j] = value;
                    }
                }
            }
            offset += depthRows * width;
            o0 += width;
        }
    }

    /**
     * The input image b (upsampled when asked) into the padded source starting at {@code offset}; the
     * border stays as it was (zero).
     */
    void placeInput(MemorySegment input, int b, float[] source, int offset) {
        ConvGeometry g = geometry;
        int c = g.inChannels();
        int factor = g.upsample() ? 2 : 1;
        for (int sy = 0; sy < g.sourceHeight(); sy++) {
            long inputRow = (long) (b * g.height() + sy / factor) * g.width();
            int at = offset + ((sy + border) * sourceWidth + border) * c;
            for (int sx = 0; sx < g.sourceWidth(); sx++, at += c) {
                ConvolutionKernels.copy(input, (inputRow + sx / factor) * c, source, at, c);
            }
        }
    }

    /** Output-gradient pixel (a, e) of image b at (a·s + border, e·s + border); the gaps stay zero. */
    void placeGradient(MemorySegment gradOut, int b, float[] source) {
        ConvGeometry g = geometry;
        int c = g.outChannels(), s = g.stride();
        for (int a = 0; a < g.outHeight(); a++) {
            long row = (long) (b * g.outHeight() + a) * g.outWidth();
            for (int e = 0; e < g.outWidth(); e++) {
                int at = ((a * s + border) * sourceWidth + e * s + border) * c;
                ConvolutionKernels.copy(gradOut, (row + e) * c, source, at, c);
            }
        }
    }

    /** Image b's output gradient as (P, paddedColumns) rows from {@code offset}, the padding columns zero. */
    void copyGradient(MemorySegment gradOut, int b, float[] into, int offset) {
        int c = geometry.outChannels();
        for (int q = 0; q < pixels; q++) {
            int at = offset + q * paddedColumns;
            ConvolutionKernels.copy(gradOut, ((long) b * pixels + q) * c, into, at, c);
            Arrays.fill(into, at + c, at + paddedColumns, 0f);
        }
    }
}
