// reduce.cu: full reductions (sum, sum of squares, MSE, error ratio), column sums, row-wise dots,
// traces of stacked Jacobian blocks, and the MSE backward. Full reductions run in two passes with a
// fixed shape (at most LFM_REDUCE_BLOCKS partial sums in double, then one block adds them in order),
// so a result does not change from run to run.
#include "launch.cuh"

// Terms of the full reductions: term(i) in double.
struct sum_term {
    const float *a;
    LFM_HD double operator()(int64_t i) const { return a[i]; }
};
struct square_term {
    const float *a;
    LFM_HD double operator()(int64_t i) const { double x = a[i]; return x * x; }
};
// (prediction - target)^2
struct mse_term {
    const float *prediction, *target;
    LFM_HD double operator()(int64_t i) const { double d = (double)prediction[i] - target[i]; return d * d; }
};
// (error / (atol + rtol max(|x0|, |x1|)))^2
struct error_ratio_term {
    const float *error, *x0, *x1;
    float rtol, atol;
    LFM_HD double operator()(int64_t i) const {
        double a = fabs((double)x0[i]), b = fabs((double)x1[i]);
        double tolerance = atol + rtol * (a > b ? a : b);
        double ratio = error[i] / tolerance;
        return ratio * ratio;
    }
};

// partials[block] = sum of term(i) over this block's grid-stride share
template <class TERM>
__global__ void reduce_partials_kernel(TERM term, int64_t n, double *partials) {
    __shared__ double cache[LFM_THREADS];
    double total = 0;
    for (int64_t i = LFM_GRID_INDEX; i < n; i += LFM_GRID_STRIDE) {
        total += term(i);
    }
    cache[threadIdx.x] = total;
    lfm_block_sum(cache);
    if (threadIdx.x == 0) {
        partials[blockIdx.x] = cache[0];
    }
}

// out[0] = (accumulate ? out[0] : 0) + (sum of partials) / divisor, launched as one block
__global__ void reduce_finish_kernel(const double *partials, int count, double divisor, float *out,
                                     int accumulate) {
    __shared__ double cache[LFM_THREADS];
    double total = 0;
    for (int i = threadIdx.x; i < count; i += LFM_THREADS) {
        total += partials[i];
    }
    cache[threadIdx.x] = total;
    lfm_block_sum(cache);
    if (threadIdx.x == 0) {
        double value = cache[0] / divisor;
        out[0] = (float)(accumulate ? out[0] + value : value);
    }
}

template <class TERM>
static int reduce_full(lfm_stream stream, TERM term, int64_t n, double divisor, float *out, int accumulate,
                       double *scratch, int64_t scratchCount) {
    if (n < 0) return LFM_STATUS_BAD_ARGUMENT;
    if (scratchCount < LFM_REDUCE_BLOCKS) return LFM_STATUS_SCRATCH_TOO_SMALL;
    int64_t blocks = (n + 4 * LFM_THREADS - 1) / (4 * LFM_THREADS);  // about 4 elements per thread
    if (blocks < 1) blocks = 1;
    if (blocks > LFM_REDUCE_BLOCKS) blocks = LFM_REDUCE_BLOCKS;
    LFM_LAUNCH_SYNC(reduce_partials_kernel<TERM>, (unsigned)blocks, LFM_THREADS, stream, term, n, scratch);
    int status = lfm_launch_status();
    if (status != 0) return status;
    LFM_LAUNCH_SYNC(reduce_finish_kernel, 1, LFM_THREADS, stream, scratch, (int)blocks, divisor, out, accumulate);
    return lfm_launch_status();
}

// out[i] (+)= s * sum_j a[i, j] b[i, j], one thread per row
__global__ void row_dot_kernel(const float *a, const float *b, int rows, int cols, float s, float *out,
                               int accumulate) {
    for (int64_t i = LFM_GRID_INDEX; i < rows; i += LFM_GRID_STRIDE) {
        double dot = 0;
        for (int j = 0; j < cols; j++) {
            dot += (double)a[i * cols + j] * b[i * cols + j];
        }
        double value = (double)s * dot;
        out[i] = (float)(accumulate ? out[i] + value : value);
    }
}

// out[i] (+)= s * sum_k stacked[(k n + i) d + k], one thread per i
__global__ void stacked_diagonal_kernel(const float *stacked, int n, int d, float s, float *out, int accumulate) {
    for (int64_t i = LFM_GRID_INDEX; i < n; i += LFM_GRID_STRIDE) {
        double trace = 0;
        for (int k = 0; k < d; k++) {
            trace += stacked[((int64_t)k * n + i) * d + k];
        }
        double value = (double)s * trace;
        out[i] = (float)(accumulate ? out[i] + value : value);
    }
}

// grad[i] += factor (prediction[i] - target[i]), factor = 2 gradLoss[0] / n
__global__ void mse_backward_kernel(const float *prediction, const float *target, const float *gradLoss,
                                    float *gradPrediction, int64_t n) {
    double factor = 2 * (double)gradLoss[0] / n;
    for (int64_t i = LFM_GRID_INDEX; i < n; i += LFM_GRID_STRIDE) {
        gradPrediction[i] = (float)(gradPrediction[i] + factor * ((double)prediction[i] - target[i]));
    }
}

extern "C" {

int lfm_sum(lfm_stream stream, const float *a, int64_t n, int squares, float *out, int accumulate,
            double *scratch, int64_t scratchCount) {
    if (squares) {
        square_term term = {a};
        return reduce_full(stream, term, n, 1.0, out, accumulate, scratch, scratchCount);
    }
    sum_term term = {a};
    return reduce_full(stream, term, n, 1.0, out, accumulate, scratch, scratchCount);
}

int lfm_column_sums(lfm_stream stream, const float *a, int rows, int cols, float *out, int accumulate,
                    double *scratch, int64_t scratchCount) {
    if (rows < 0 || cols < 0) return LFM_STATUS_BAD_ARGUMENT;
    if (cols == 0) return 0;
    return lfm_column_reduce(stream, a, nullptr, LFM_ACT_IDENTITY, 0.f, nullptr, false, rows, cols, out, accumulate,
                             scratch, scratchCount);
}

int lfm_row_dot(lfm_stream stream, const float *a, const float *b, int rows, int cols, float s, float *out,
                int accumulate) {
    if (rows < 0 || cols < 0) return LFM_STATUS_BAD_ARGUMENT;
    if (rows == 0) return 0;
    LFM_LAUNCH(row_dot_kernel, lfm_blocks(rows), LFM_THREADS, stream, a, b, rows, cols, s, out, accumulate);
    return lfm_launch_status();
}

int lfm_stacked_diagonal(lfm_stream stream, const float *stacked, int n, int d, float s, float *out,
                         int accumulate) {
    if (n < 0 || d < 0) return LFM_STATUS_BAD_ARGUMENT;
    if (n == 0) return 0;
    LFM_LAUNCH(stacked_diagonal_kernel, lfm_blocks(n), LFM_THREADS, stream, stacked, n, d, s, out, accumulate);
    return lfm_launch_status();
}

int lfm_error_ratio_squares(lfm_stream stream, const float *error, const float *x0, const float *x1,
                            int64_t n, float rtol, float atol, float *out, double *scratch,
                            int64_t scratchCount) {
    error_ratio_term term = {error, x0, x1, rtol, atol};
    return reduce_full(stream, term, n, 1.0, out, 0, scratch, scratchCount);
}

int lfm_mse_forward(lfm_stream stream, const float *prediction, const float *target, int64_t n, float *out,
                    double *scratch, int64_t scratchCount) {
    mse_term term = {prediction, target};
    return reduce_full(stream, term, n, (double)n, out, 0, scratch, scratchCount);
}

int lfm_mse_backward(lfm_stream stream, const float *prediction, const float *target, const float *gradLoss,
                     float *gradPrediction, int64_t n) {
    if (n <= 0) return n == 0 ? 0 : LFM_STATUS_BAD_ARGUMENT;
    LFM_LAUNCH(mse_backward_kernel, lfm_blocks(n), LFM_THREADS, stream, prediction, target, gradLoss,
               gradPrediction, n);
    return lfm_launch_status();
}

}  // extern "C"
