package lfm.backend.cuda;

import static lfm.backend.cuda.CudaRuntime.check;

import java.lang.foreign.MemorySegment;
import lfm.backend.ConvGeometry;
import lfm.bindings.kernels.LfmKernels;

/**
 * The convolution ops of the CUDA backend. Forward: the implicit-GEMM kernel with its fused epilogue
 * ({@code lfm_conv2d_forward}), or with {@code -Dlfm.cuda.conv=im2col} (env {@code LFM_CUDA_CONV}) the
 * im2col + cuBLAS form. Backward: im2col / col2im with cuBLAS products over blocks of output rows,
 * in a fixed order (deterministic):
 * <pre>
 *   forward (im2col)  out[block] (+)= col·Wᵀ, then + bias
 *   backward data     dcol = gradOut[block]·W, gradInput += col2im(dcol)   (gradInput zeroed first)
 *   backward filter   dW (+)= gradOut[block]ᵀ·col
 * </pre>
 * The column buffer is one device allocation of at most {@link #MAX_COLUMN_FLOATS} floats, kept and
 * grown as needed (with TF32 enabled the cuBLAS products use tensor cores, see {@link CudaBlas}).
 */
final class CudaConvolution implements AutoCloseable {
    /** Largest column block: 32 Mi floats (128 MiB). */
    static final long MAX_COLUMN_FLOATS = 1L << 25;

    private final MemorySegment stream;
    private final CudaBlas blas;
    private final DeviceChunks chunks;
    private boolean implicitForward;
    private MemorySegment columns;

    CudaConvolution(MemorySegment stream, CudaBlas blas, DeviceChunks chunks) {
        this.stream = stream;
        this.blas = blas;
        this.chunks = chunks;
        String choice = CudaLibraries.setting("lfm.cuda.conv", "LFM_CUDA_CONV");
        this.implicitForward = choice == null || !choice.trim().equalsIgnoreCase("im2col");
    }

    /** Selects the forward: the implicit-GEMM kernel (false) or im2col + cuBLAS (true). */
    void useIm2colForward(boolean im2col) {
        this.implicitForward = !im2col;
    }

    /** "implicit GEMM" or "im2col + cuBLAS": how the forward runs. */
    String forwardMethod() {
        return implicitForward ? "implicit GEMM" : "im2col + cuBLAS";
    }

    /** out (+)= conv(input) + bias + sampleBias[b] + residual (the last three may be NULL segments). */
    void forward(
            MemorySegment input,
            MemorySegment weight,
            MemorySegment bias,
            MemorySegment sampleBias,
            MemorySegment residual,
            ConvGeometry g,
            MemorySegment out,
            boolean accumulate) {
        if (g.outputRows() == 0) {
            return;
        }
        if (implicitForward) {
            check(
                    "lfm_conv2d_forward",
                    LfmKernels.lfm_conv2d_forward(
                            stream,
                            input,
                            weight,
                            bias,
                            sampleBias,
                            residual,
                            g.batch(),
                            g.height(),
                            g.width(),
                            g.inChannels(),
                            g.outChannels(),
                            g.kernel(),
                            g.stride(),
                            flag(g.upsample()),
                            out,
                            flag(accumulate)));
            return;
        }
        int k = g.weightColumns(), n = g.outChannels();
        int block = blockRows(g);
        for (int row = 0; row < g.outputRows(); row += block) {
            int rows = Math.min(block, g.outputRows() - row);
            expand(input, g, row, rows);
            blas.sgemm(
                    columns,
                    k,
                    false,
                    weight,
                    k,
                    true,
                    out.asSlice(4L * row * n),
                    rows,
                    n,
                    k,
                    1f,
                    accumulate ? 1f : 0f);
        }
        check(
                "lfm_conv_epilogue_forward",
                LfmKernels.lfm_conv_epilogue_forward(
                        stream, out, bias, sampleBias, residual, g.outputRows(), n, g.outHeight() * g.outWidth()));
    }

    void backwardData(
            MemorySegment gradOut, MemorySegment weight, ConvGeometry g, MemorySegment gradInput, boolean accumulate) {
        int k = g.weightColumns(), n = g.outChannels();
        if (!accumulate) {
            check("lfm_fill", LfmKernels.lfm_fill(stream, gradInput, (long) g.inputRows() * g.inChannels(), 0f));
        }
        int block = blockRows(g);
        for (int row = 0; row < g.outputRows(); row += block) {
            int rows = Math.min(block, g.outputRows() - row);
            ensureColumns((long) rows * k);
            blas.sgemm(gradOut.asSlice(4L * row * n), n, false, weight, k, false, columns, rows, k, n, 1f, 0f);
            check(
                    "lfm_im2col_backward",
                    LfmKernels.lfm_im2col_backward(
                            stream,
                            columns,
                            g.batch(),
                            g.height(),
                            g.width(),
                            g.inChannels(),
                            g.kernel(),
                            g.stride(),
                            flag(g.upsample()),
                            row,
                            rows,
                            gradInput));
        }
    }

    void backwardFilter(
            MemorySegment input, MemorySegment gradOut, ConvGeometry g, MemorySegment gradWeight, boolean accumulate) {
        int k = g.weightColumns(), n = g.outChannels();
        if (g.outputRows() == 0 && !accumulate) {
            check("lfm_fill", LfmKernels.lfm_fill(stream, gradWeight, (long) n * k, 0f));
        }
        int block = blockRows(g);
        for (int row = 0; row < g.outputRows(); row += block) {
            int rows = Math.min(block, g.outputRows() - row);
            expand(input, g, row, rows);
            blas.sgemm(
                    gradOut.asSlice(4L * row * n),
                    n,
                    true,
                    columns,
                    k,
                    false,
                    gradWeight,
                    n,
                    k,
                    rows,
                    1f,
                    row == 0 && !accumulate ? 0f : 1f);
        }
    }

    private static int blockRows(ConvGeometry g) {
        return (int) Math.max(1, Math.min(g.outputRows(), MAX_COLUMN_FLOATS / g.weightColumns()));
    }

    private void expand(MemorySegment input, ConvGeometry g, int row, int rows) {
        ensureColumns((long) rows * g.weightColumns());
        check(
                "lfm_im2col_forward",
                LfmKernels.lfm_im2col_forward(
                        stream,
                        input,
                        g.batch(),
                        g.height(),
                        g.width(),
                        g.inChannels(),
                        g.kernel(),
                        g.stride(),
                        flag(g.upsample()),
                        row,
                        rows,
                        columns));
    }

    private void ensureColumns(long floats) {
        if (columns == null || columns.byteSize() < floats * 4) {
            if (columns != null) {
                chunks.release(columns);
            }
            columns = chunks.obtain(Math.max(floats, 1024) * 4);
        }
    }

    private static int flag(boolean value) {
        return value ? 1 : 0;
    }

    @Override
    public void close() {
        if (columns != null) {
            chunks.release(columns);
            columns = null;
        }
    }
}
