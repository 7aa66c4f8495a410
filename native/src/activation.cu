// activation.cu: the dense layer's bias + activation, forward and backward (with the bias gradient's
// column sums fused in), and the forward-mode tangent rule used by the exact divergence.
#include "activation.cuh"
#include "launch.cuh"

#define COLUMN_TILE 32   // columns per block (one warp reads 32 consecutive floats of a row)
#define ROW_LANES 8      // rows walked in parallel per block: blocks are COLUMN_TILE x ROW_LANES threads
#define ROWS_PER_CHUNK 256

// pre[r, c] += bias[c]; out[r, c] = act(pre[r, c])
__global__ void bias_activation_kernel(float *pre, const float *bias, int kind, float parameter, float *out,
                                       int cols, int64_t n) {
    for (int64_t i = LFM_GRID_INDEX; i < n; i += LFM_GRID_STRIDE) {
        float x = pre[i];
        if (bias != nullptr) {
            x = (float)((double)x + bias[i % cols]);
            pre[i] = x;
        }
        out[i] = lfm_activation_apply(kind, parameter, x);
    }
}

// gradPre[i] = gradOut[i] * act'(pre[i]) (no bias gradient)
__global__ void activation_backward_kernel(const float *pre, const float *gradOut, int kind, float parameter,
                                           float *gradPre, int64_t n) {
    for (int64_t i = LFM_GRID_INDEX; i < n; i += LFM_GRID_STRIDE) {
        double slope = lfm_activation_derivative(kind, parameter, pre[i]);
        gradPre[i] = (float)(gradOut[i] * slope);
    }
}

// Column sums in two passes, deterministic: block (x, y) of COLUMN_TILE x ROW_LANES threads sums the
// rows [y*rowsPerChunk, (y+1)*rowsPerChunk) of columns [x*COLUMN_TILE, ...) into
// partials[y*cols + col]; column_finish adds the chunks in order. With a derivative (backward of the
// dense layer) each element is first turned into gradPre = gradOut * act'(pre) and stored.
template <bool WITH_DERIVATIVE>
__global__ void column_partials_kernel(const float *a, const float *pre, int kind, float parameter,
                                       float *gradPre, int rows, int cols, int rowsPerChunk, double *partials) {
    __shared__ double cache[ROW_LANES][COLUMN_TILE];
    int col = blockIdx.x * COLUMN_TILE + threadIdx.x;
    int64_t first = (int64_t)blockIdx.y * rowsPerChunk;
    int64_t last = first + rowsPerChunk < rows ? first + rowsPerChunk : rows;
    double total = 0;
    if (col < cols) {
        for (int64_t r = first + threadIdx.y; r < last; r += ROW_LANES) {
            int64_t i = r * cols + col;
            double value = a[i];
            if (WITH_DERIVATIVE) {
                value *= lfm_activation_derivative(kind, parameter, pre[i]);
                gradPre[i] = (float)value;
            }
            total += value;
        }
    }
    cache[threadIdx.y][threadIdx.x] = total;
    __syncthreads();
    if (threadIdx.y == 0 && col < cols) {
        double sum = 0;
        for (int lane = 0; lane < ROW_LANES; lane++) {
            sum += cache[lane][threadIdx.x];
        }
        partials[(int64_t)blockIdx.y * cols + col] = sum;
    }
}

// out[c] (+)= sum over chunks of partials[chunk*cols + c]
__global__ void column_finish_kernel(const double *partials, int chunks, int cols, float *out, int accumulate) {
    for (int64_t c = LFM_GRID_INDEX; c < cols; c += LFM_GRID_STRIDE) {
        double sum = 0;
        for (int chunk = 0; chunk < chunks; chunk++) {
            sum += partials[(int64_t)chunk * cols + c];
        }
        out[c] = (float)(accumulate ? out[c] + sum : sum);
    }
}

// tangents[r, c] *= act'(pre[r mod preRows, c])
__global__ void activation_tangent_kernel(const float *pre, int kind, float parameter, float *tangents,
                                          int preRows, int cols, int64_t n) {
    for (int64_t i = LFM_GRID_INDEX; i < n; i += LFM_GRID_STRIDE) {
        int64_t row = i / cols;
        int64_t col = i - row * cols;
        double slope = lfm_activation_derivative(kind, parameter, pre[(row % preRows) * cols + col]);
        tangents[i] = (float)(tangents[i] * slope);
    }
}

// Shared by lfm_column_sums (reduce.cu) and the backward below: chooses the chunking, runs both passes.
int lfm_column_reduce(lfm_stream stream, const float *a, const float *pre, int kind, float parameter,
                      float *gradPre, bool withDerivative, int rows, int cols, float *out, int accumulate,
                      double *scratch, int64_t scratchCount) {
    if (cols > scratchCount) return LFM_STATUS_SCRATCH_TOO_SMALL;
    int64_t chunks = ((int64_t)rows + ROWS_PER_CHUNK - 1) / ROWS_PER_CHUNK;
    int64_t fit = scratchCount / cols;
    if (chunks > fit) chunks = fit;
    if (chunks > LFM_MAX_BLOCKS) chunks = LFM_MAX_BLOCKS;
    if (chunks < 1) chunks = 1;
    int64_t rowsPerChunk = ((int64_t)rows + chunks - 1) / chunks;
    if (rowsPerChunk < 1) rowsPerChunk = 1;
    chunks = ((int64_t)rows + rowsPerChunk - 1) / rowsPerChunk;
    if (chunks < 1) chunks = 1;
    dim3 grid((unsigned)((cols + COLUMN_TILE - 1) / COLUMN_TILE), (unsigned)chunks);
    dim3 block(COLUMN_TILE, ROW_LANES);
    if (withDerivative) {
        LFM_LAUNCH_SYNC(column_partials_kernel<true>, grid, block, stream, a, pre, kind, parameter, gradPre, rows,
                        cols, (int)rowsPerChunk, scratch);
    } else {
        LFM_LAUNCH_SYNC(column_partials_kernel<false>, grid, block, stream, a, pre, kind, parameter, gradPre, rows,
                        cols, (int)rowsPerChunk, scratch);
    }
    int status = lfm_launch_status();
    if (status != 0) return status;
    LFM_LAUNCH(column_finish_kernel, lfm_blocks(cols), LFM_THREADS, stream, scratch, (int)chunks, cols, out,
               accumulate);
    return lfm_launch_status();
}

extern "C" {

int lfm_bias_activation_forward(lfm_stream stream, float *pre, const float *bias, int kind, float parameter,
                                float *out, int rows, int cols) {
    if (rows < 0 || cols < 0 || kind < 0 || kind > LFM_ACT_TANH) return LFM_STATUS_BAD_ARGUMENT;
    int64_t n = (int64_t)rows * cols;
    if (n == 0) return 0;
    LFM_LAUNCH(bias_activation_kernel, lfm_blocks(n), LFM_THREADS, stream, pre, bias, kind, parameter, out, cols, n);
    return lfm_launch_status();
}

int lfm_bias_activation_backward(lfm_stream stream, const float *pre, const float *gradOut, int kind,
                                 float parameter, float *gradPre, float *gradBias, int rows, int cols,
                                 double *scratch, int64_t scratchCount) {
    if (rows < 0 || cols < 0 || kind < 0 || kind > LFM_ACT_TANH) return LFM_STATUS_BAD_ARGUMENT;
    int64_t n = (int64_t)rows * cols;
    if (cols == 0) return 0;
    if (gradBias != nullptr) {
        return lfm_column_reduce(stream, gradOut, pre, kind, parameter, gradPre, true, rows, cols, gradBias, 1,
                                 scratch, scratchCount);
    }
    if (n == 0) return 0;
    LFM_LAUNCH(activation_backward_kernel, lfm_blocks(n), LFM_THREADS, stream, pre, gradOut, kind, parameter,
               gradPre, n);
    return lfm_launch_status();
}

int lfm_activation_tangent_forward(lfm_stream stream, const float *pre, int kind, float parameter,
                                   float *tangents, int preRows, int tangentRows, int cols) {
    if (preRows < 0 || tangentRows < 0 || cols < 0 || kind < 0 || kind > LFM_ACT_TANH) return LFM_STATUS_BAD_ARGUMENT;
    int64_t n = (int64_t)tangentRows * cols;
    if (n == 0) return 0;
    if (preRows == 0 || tangentRows % preRows != 0) return LFM_STATUS_BAD_ARGUMENT;
    LFM_LAUNCH(activation_tangent_kernel, lfm_blocks(n), LFM_THREADS, stream, pre, kind, parameter, tangents,
               preRows, cols, n);
    return lfm_launch_status();
}

}  // extern "C"
