// conv.cu: 2-D convolution over NHWC images (lfm.backend.ConvGeometry). Two ways, both deterministic:
//   - im2col / col2im, with the products in cuBLAS (the Java side, lfm.backend.cuda.CudaConvolution):
//     forward out = col . W^T, backward data dcol = gradOut . W then col2im, backward filter
//     dW += gradOut^T . col, over blocks of output rows;
//   - an implicit-GEMM forward kernel that never materialises col and fuses bias and accumulation.
// Weight columns are in PyTorch's (i, ky, kx) order: column (i * k + ky) * k + kx.
#include "conv.cuh"
#include "launch.cuh"

#define TILE_M 64     // output rows (pixels) per block of the implicit GEMM
#define TILE_N 64     // output channels per block
#define TILE_K 16     // reduction step held in shared memory
#define GEMM_THREADS 256   // 16 x 16 threads, each computing 4 x 4 outputs

static inline lfm_conv make_conv(int batch, int height, int width, int inChannels, int outChannels, int kernel,
                                 int stride, int upsample) {
    lfm_conv g;
    g.batch = batch;
    g.height = height;
    g.width = width;
    g.inChannels = inChannels;
    g.outChannels = outChannels;
    g.kernel = kernel;
    g.stride = stride;
    g.upsample = upsample;
    return g;
}

static inline bool valid(const lfm_conv &g) {
    return g.batch >= 0 && g.height > 0 && g.width > 0 && g.inChannels > 0 && g.outChannels > 0
           && (g.kernel == 1 || g.kernel == 3) && (g.stride == 1 || g.stride == 2);
}

// CPU: ConvolutionKernels.run / ConvolutionLoops.sourceRow
// columns[r, (i*k + ky)*k + kx] = input[sourceRow(firstRow + r, ky, kx), i], 0 in the padding
__global__ void im2col_kernel(const float *input, lfm_conv g, int64_t firstRow, int64_t n, float *columns) {
    int k = g.kernel, cols = g.weightColumns();
    for (int64_t e = LFM_GRID_INDEX; e < n; e += LFM_GRID_STRIDE) {
        int64_t r = e / cols;
        int column = (int)(e - r * cols);
        int i = column / (k * k), tap = column % (k * k);
        int64_t source = g.sourceRow(firstRow + r, tap / k, tap % k);
        columns[e] = source < 0 ? 0.f : input[source * g.inChannels + i];
    }
}

// CPU: ConvolutionLoops.backwardData (scatter there; a gather here, one thread per input element)
// gradInput[(b, y, x), i] += sum over source pixels (sy, sx) of (y, x) (4 when upsampling) and taps
// (ky, kx) of columns[outputRow - firstRow, (i*k + ky)*k + kx], output rows in [firstRow, lastRow)
__global__ void col2im_kernel(const float *columns, lfm_conv g, int64_t firstRow, int64_t lastRow,
                              int64_t firstElement, int64_t n, float *gradInput) {
    int k = g.kernel, cols = g.weightColumns(), factor = g.upsample ? 2 : 1;
    for (int64_t e = firstElement + LFM_GRID_INDEX; e < n; e += LFM_GRID_STRIDE) {
        int64_t row = e / g.inChannels;
        int i = (int)(e - row * g.inChannels);
        int64_t b = row / ((int64_t)g.height * g.width);
        int within = (int)(row - b * g.height * g.width);
        int y = within / g.width, x = within % g.width;
        double total = 0;
        for (int dy = 0; dy < factor; dy++) {
            for (int dx = 0; dx < factor; dx++) {
                for (int ky = 0; ky < k; ky++) {
                    for (int kx = 0; kx < k; kx++) {
                        int64_t out = g.outputRowReading(b, y * factor + dy, x * factor + dx, ky, kx);
                        if (out >= firstRow && out < lastRow) {
                            total += columns[(out - firstRow) * cols + (i * k + ky) * k + kx];
                        }
                    }
                }
            }
        }
        gradInput[e] = (float)(gradInput[e] + total);
    }
}

// CPU: ConvolutionKernels.forward (the Vector API implicit GEMM; ConvolutionLoops.forward the oracle)
// out[row, o] (+)= bias[o] + sampleBias[b, o] + residual[row, o]
//                  + sum_{i, ky, kx} w[o, (i*k + ky)*k + kx] * input[sourceRow(row, ky, kx), i]
// Block (bx, by) computes rows [bx*TILE_M, +TILE_M) x channels [by*TILE_N, +TILE_N); thread t owns the
// 4 x 4 outputs at rows ty + 16 a, channels tx + 16 c (a, c < 4), summing K in steps of TILE_K.
__global__ void conv_implicit_gemm_kernel(const float *input, const float *weight, const float *bias,
                                          const float *sampleBias, const float *residual, lfm_conv g, float *out,
                                          int accumulate) {
    __shared__ float tileA[TILE_K][TILE_M];
    __shared__ float tileB[TILE_K][TILE_N];
    int t = threadIdx.x, tx = t % 16, ty = t / 16;
    int64_t rowBase = (int64_t)blockIdx.x * TILE_M;
    int channelBase = blockIdx.y * TILE_N;
    int64_t rows = g.outputRows();
    int k = g.kernel, depth = g.weightColumns();
    float acc[4][4] = {};
    for (int k0 = 0; k0 < depth; k0 += TILE_K) {
        // Each thread loads 4 elements of each tile: element e = t + 256 j is (kk = e / 64, m = e % 64).
        for (int j = 0; j < 4; j++) {
            int e = t + GEMM_THREADS * j, kk = e / TILE_M, m = e % TILE_M;
            int column = k0 + kk;
            float a = 0.f, w = 0.f;
            if (column < depth) {
                int i = column / (k * k), tap = column % (k * k);
                if (rowBase + m < rows) {
                    int64_t source = g.sourceRow(rowBase + m, tap / k, tap % k);
                    a = source < 0 ? 0.f : input[source * g.inChannels + i];
                }
                if (channelBase + m < g.outChannels) {
                    w = weight[(int64_t)(channelBase + m) * depth + column];
                }
            }
            tileA[kk][m] = a;
            tileB[kk][m] = w;
        }
        __syncthreads();
        for (int kk = 0; kk < TILE_K; kk++) {
            for (int a = 0; a < 4; a++) {
                float left = tileA[kk][ty + 16 * a];
                for (int c = 0; c < 4; c++) {
                    acc[a][c] = fmaf(left, tileB[kk][tx + 16 * c], acc[a][c]);
                }
            }
        }
        __syncthreads();
    }
    for (int a = 0; a < 4; a++) {
        int64_t row = rowBase + ty + 16 * a;
        for (int c = 0; c < 4; c++) {
            int o = channelBase + tx + 16 * c;
            if (row < rows && o < g.outChannels) {
                int64_t index = row * g.outChannels + o;
                int64_t image = row / ((int64_t)g.outHeight() * g.outWidth());
                float value = acc[a][c] + (bias != nullptr ? bias[o] : 0.f)
                              + (sampleBias != nullptr ? sampleBias[image * g.outChannels + o] : 0.f)
                              + (residual != nullptr ? residual[index] : 0.f);
                out[index] = accumulate ? out[index] + value : value;
            }
        }
    }
}

// CPU: ConvolutionKernels.addEpilogue; out[row, c] += bias[c] + sampleBias[row / pixels, c] + residual[row, c]
__global__ void conv_epilogue_kernel(float *out, const float *bias, const float *sampleBias, const float *residual,
                                     int cols, int pixels, int64_t n) {
    for (int64_t i = LFM_GRID_INDEX; i < n; i += LFM_GRID_STRIDE) {
        int64_t row = i / cols;
        int c = (int)(i - row * cols);
        out[i] += (bias != nullptr ? bias[c] : 0.f) + (sampleBias != nullptr ? sampleBias[(row / pixels) * cols + c] : 0.f)
                  + (residual != nullptr ? residual[i] : 0.f);
    }
}

extern "C" {

int lfm_im2col_forward(lfm_stream stream, const float *input, int batch, int height, int width, int inChannels,
                       int kernel, int stride, int upsample, int firstRow, int rows, float *columns) {
    lfm_conv g = make_conv(batch, height, width, inChannels, 1, kernel, stride, upsample);
    if (!valid(g) || firstRow < 0 || rows < 0 || firstRow + (int64_t)rows > g.outputRows()) {
        return LFM_STATUS_BAD_ARGUMENT;
    }
    int64_t n = (int64_t)rows * g.weightColumns();
    if (n == 0) return 0;
    LFM_LAUNCH(im2col_kernel, lfm_blocks(n), LFM_THREADS, stream, input, g, (int64_t)firstRow, n, columns);
    return lfm_launch_status();
}

int lfm_im2col_backward(lfm_stream stream, const float *columns, int batch, int height, int width, int inChannels,
                        int kernel, int stride, int upsample, int firstRow, int rows, float *gradInput) {
    lfm_conv g = make_conv(batch, height, width, inChannels, 1, kernel, stride, upsample);
    if (!valid(g) || firstRow < 0 || rows < 0 || firstRow + (int64_t)rows > g.outputRows()) {
        return LFM_STATUS_BAD_ARGUMENT;
    }
    if (rows == 0) return 0;
    // Only the images these output rows belong to receive anything.
    int64_t perImage = (int64_t)g.outHeight() * g.outWidth();
    int64_t firstImage = firstRow / perImage, lastImage = (firstRow + rows - 1) / perImage + 1;
    int64_t imageElements = (int64_t)height * width * inChannels;
    int64_t first = firstImage * imageElements, end = lastImage * imageElements;
    LFM_LAUNCH(col2im_kernel, lfm_blocks(end - first), LFM_THREADS, stream, columns, g, (int64_t)firstRow,
               (int64_t)firstRow + rows, first, end, gradInput);
    return lfm_launch_status();
}

int lfm_conv2d_forward(lfm_stream stream, const float *input, const float *weight, const float *bias,
                       const float *sampleBias, const float *residual, int batch, int height, int width,
                       int inChannels, int outChannels, int kernel, int stride, int upsample, float *out,
                       int accumulate) {
    lfm_conv g = make_conv(batch, height, width, inChannels, outChannels, kernel, stride, upsample);
    if (!valid(g)) return LFM_STATUS_BAD_ARGUMENT;
    int64_t rows = g.outputRows();
    if (rows == 0) return 0;
    int64_t rowTiles = (rows + TILE_M - 1) / TILE_M;
    if (rowTiles > 2147483647LL) return LFM_STATUS_BAD_ARGUMENT;
    dim3 grid((unsigned)rowTiles, (unsigned)((outChannels + TILE_N - 1) / TILE_N));
    LFM_LAUNCH_SYNC(conv_implicit_gemm_kernel, grid, GEMM_THREADS, stream, input, weight, bias, sampleBias, residual,
                    g, out, accumulate);
    return lfm_launch_status();
}

int lfm_conv_epilogue_forward(lfm_stream stream, float *out, const float *bias, const float *sampleBias,
                              const float *residual, int64_t rows, int cols, int pixels) {
    if (rows < 0 || cols < 0 || pixels < 1) return LFM_STATUS_BAD_ARGUMENT;
    int64_t n = rows * cols;
    if (n == 0 || (bias == nullptr && sampleBias == nullptr && residual == nullptr)) return 0;
    LFM_LAUNCH(conv_epilogue_kernel, lfm_blocks(n), LFM_THREADS, stream, out, bias, sampleBias, residual, cols, pixels, n);
    return lfm_launch_status();
}

}  // extern "C"
