// columns.cu: column concatenation (the [time | x] input of the velocity field) and its backward, and
// the sinusoidal time embedding and its backward.
#include "interpolant.cuh"
#include "launch.cuh"

// out[r, c] = c < leftCols ? left[r, c] : right[r, c - leftCols]
__global__ void concat_kernel(const float *left, int leftCols, const float *right, int rightCols, float *out,
                              int64_t n) {
    int cols = leftCols + rightCols;
    for (int64_t i = LFM_GRID_INDEX; i < n; i += LFM_GRID_STRIDE) {
        int64_t r = i / cols;
        int c = (int)(i - r * cols);
        out[i] = c < leftCols ? left[r * leftCols + c] : right[r * rightCols + (c - leftCols)];
    }
}

// left[r, c] (+)= in[r, c]; right[r, c - leftCols] (+)= in[r, c]; a NULL side is skipped
__global__ void split_kernel(const float *in, float *left, int leftCols, float *right, int rightCols,
                             int accumulate, int64_t n) {
    int cols = leftCols + rightCols;
    for (int64_t i = LFM_GRID_INDEX; i < n; i += LFM_GRID_STRIDE) {
        int64_t r = i / cols;
        int c = (int)(i - r * cols);
        float value = in[i];
        float *target = nullptr;
        if (c < leftCols) {
            target = left == nullptr ? nullptr : left + r * leftCols + c;
        } else {
            target = right == nullptr ? nullptr : right + r * rightCols + (c - leftCols);
        }
        if (target != nullptr) {
            *target = accumulate ? (float)((double)*target + value) : value;
        }
    }
}

// out[r, k] = sin(w_k t_r), out[r, K + k] = cos(w_k t_r), in double
__global__ void time_embedding_kernel(const float *t, int count, float *out, int64_t n) {
    int cols = 2 * count;
    for (int64_t i = LFM_GRID_INDEX; i < n; i += LFM_GRID_STRIDE) {
        int64_t r = i / cols;
        int c = (int)(i - r * cols);
        int k = c < count ? c : c - count;
        double angle = lfm_time_frequency(k, count) * (double)t[r];
        out[i] = (float)(c < count ? sin(angle) : cos(angle));
    }
}

// gradT[r] (+)= sum_k g[r, k] w_k cos(w_k t_r) - g[r, K + k] w_k sin(w_k t_r), one thread per row
__global__ void time_embedding_backward_kernel(const float *t, const float *gradOut, int rows, int count,
                                               float *gradT, int accumulate) {
    for (int64_t r = LFM_GRID_INDEX; r < rows; r += LFM_GRID_STRIDE) {
        double total = lfm_time_embedding_gradient(gradOut + r * 2 * count, count, (double)t[r]);
        gradT[r] = (float)(accumulate ? gradT[r] + total : total);
    }
}

extern "C" {

int lfm_concat_columns_forward(lfm_stream stream, const float *left, int leftCols, const float *right,
                               int rightCols, float *out, int rows) {
    if (leftCols < 0 || rightCols < 0 || rows < 0) return LFM_STATUS_BAD_ARGUMENT;
    int64_t n = (int64_t)rows * (leftCols + rightCols);
    if (n == 0) return 0;
    LFM_LAUNCH(concat_kernel, lfm_blocks(n), LFM_THREADS, stream, left, leftCols, right, rightCols, out, n);
    return lfm_launch_status();
}

int lfm_concat_columns_backward(lfm_stream stream, const float *in, float *left, int leftCols, float *right,
                                int rightCols, int rows, int accumulate) {
    if (leftCols < 0 || rightCols < 0 || rows < 0) return LFM_STATUS_BAD_ARGUMENT;
    int64_t n = (int64_t)rows * (leftCols + rightCols);
    if (n == 0 || (left == nullptr && right == nullptr)) return 0;
    LFM_LAUNCH(split_kernel, lfm_blocks(n), LFM_THREADS, stream, in, left, leftCols, right, rightCols, accumulate, n);
    return lfm_launch_status();
}

int lfm_time_embedding_forward(lfm_stream stream, const float *t, int rows, int count, float *out) {
    if (rows < 0 || count < 0) return LFM_STATUS_BAD_ARGUMENT;
    int64_t n = (int64_t)rows * 2 * count;
    if (n == 0) return 0;
    LFM_LAUNCH(time_embedding_kernel, lfm_blocks(n), LFM_THREADS, stream, t, count, out, n);
    return lfm_launch_status();
}

int lfm_time_embedding_backward(lfm_stream stream, const float *t, const float *gradOut, int rows, int count,
                                float *gradT, int accumulate) {
    if (rows < 0 || count < 0) return LFM_STATUS_BAD_ARGUMENT;
    if (rows == 0) return 0;
    LFM_LAUNCH(time_embedding_backward_kernel, lfm_blocks(rows), LFM_THREADS, stream, t, gradOut, rows, count,
               gradT, accumulate);
    return lfm_launch_status();
}

}  // extern "C"
