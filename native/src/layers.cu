// layers.cu: the UNet's layers besides convolution: group normalisation (forward with the activation
// fused, backward from the saved mean and 1/sigma), the per-sample channel bias and its backward, row
// softmax and its backward, Philox dropout, and the timestep embedding. Every sum is in double in a fixed
// order (block tree sums of a fixed shape), so results repeat run to run.
#include "activation.cuh"
#include "interpolant.cuh"
#include "philox.cuh"
#include "launch.cuh"

static inline lfm_key dropout_key(uint32_t key0, uint32_t key1, uint32_t stream0, uint32_t stream1) {
    lfm_key key;
    key.key0 = key0;
    key.key1 = key1;
    key.stream0 = stream0;
    key.stream1 = stream1;
    return key;
}

// Element e of group (b, g): row b*pixels + e / width, channel g*width + e % width.
__device__ inline int64_t group_index(int64_t b, int g, int64_t e, int pixels, int channels, int width) {
    return (b * pixels + e / width) * channels + g * width + e % width;
}

// CPU: GroupNormKernels.forwardSample (LayerLoops.groupNorm the oracle)
// One block per (sample b, group g): mean = sum x / n, then r = 1 / sqrt(sum (x - mean)^2 / n + eps).
__global__ void group_norm_stats_kernel(const float *x, int pixels, int channels, int groups, float epsilon,
                                        float *mean, float *inverseStd) {
    __shared__ double cache[LFM_THREADS];
    int64_t b = blockIdx.x / groups;
    int g = blockIdx.x % groups, width = channels / groups;
    int64_t n = (int64_t)pixels * width;
    double total = 0;
    for (int64_t e = threadIdx.x; e < n; e += blockDim.x) {
        total += x[group_index(b, g, e, pixels, channels, width)];
    }
    cache[threadIdx.x] = total;
    lfm_block_sum(cache);
    double mu = cache[0] / n;
    __syncthreads();
    double squares = 0;
    for (int64_t e = threadIdx.x; e < n; e += blockDim.x) {
        double centred = x[group_index(b, g, e, pixels, channels, width)] - mu;
        squares += centred * centred;
    }
    cache[threadIdx.x] = squares;
    lfm_block_sum(cache);
    if (threadIdx.x == 0) {
        mean[blockIdx.x] = (float)mu;
        inverseStd[blockIdx.x] = (float)(1.0 / sqrt(cache[0] / n + epsilon));
    }
}

// out = act(gamma_c (x - mean) r + beta_c)
__global__ void group_norm_apply_kernel(const float *x, const float *gamma, const float *beta, int pixels,
                                        int channels, int groups, int kind, float parameter, const float *mean,
                                        const float *inverseStd, float *out, int64_t n) {
    int width = channels / groups;
    for (int64_t i = LFM_GRID_INDEX; i < n; i += LFM_GRID_STRIDE) {
        int64_t row = i / channels;
        int c = (int)(i - row * channels);
        int64_t stat = (row / pixels) * groups + c / width;
        float scale = gamma[c] * inverseStd[stat];
        float pre = fmaf(x[i] - mean[stat], scale, beta[c]);
        out[i] = lfm_activation_apply(kind, parameter, pre);
    }
}

// g = gradOut act'(gamma xhat + beta) of element i, with xhat = (x - mean) r
__device__ inline float group_norm_gradient(const float *x, const float *gamma, const float *beta, int kind,
                                            float parameter, const float *gradOut, int64_t i, int c, float mu,
                                            float r, float *normalized) {
    *normalized = (x[i] - mu) * r;
    return gradOut[i] * lfm_activation_derivative(kind, parameter, fmaf(gamma[c], *normalized, beta[c]));
}

// CPU: GroupNormKernels.backwardSample
// One block per (b, g): sums[2 (b G + g)] = mean of d = gamma g, sums[.. + 1] = mean of d xhat
__global__ void group_norm_backward_stats_kernel(const float *x, const float *gamma, const float *beta,
                                                 const float *mean, const float *inverseStd, int pixels,
                                                 int channels, int groups, int kind, float parameter,
                                                 const float *gradOut, double *sums) {
    __shared__ double cache[LFM_THREADS];
    int64_t b = blockIdx.x / groups;
    int g = blockIdx.x % groups, width = channels / groups;
    int64_t n = (int64_t)pixels * width;
    float mu = mean[blockIdx.x], r = inverseStd[blockIdx.x];
    double sumD = 0, sumDx = 0;
    for (int64_t e = threadIdx.x; e < n; e += blockDim.x) {
        int64_t i = group_index(b, g, e, pixels, channels, width);
        int c = g * width + (int)(e % width);
        float normalized;
        double d = (double)gamma[c] * group_norm_gradient(x, gamma, beta, kind, parameter, gradOut, i, c, mu, r,
                                                           &normalized);
        sumD += d;
        sumDx += d * normalized;
    }
    cache[threadIdx.x] = sumD;
    lfm_block_sum(cache);
    double meanD = cache[0] / n;
    __syncthreads();
    cache[threadIdx.x] = sumDx;
    lfm_block_sum(cache);
    if (threadIdx.x == 0) {
        sums[2 * blockIdx.x] = meanD;
        sums[2 * blockIdx.x + 1] = cache[0] / n;
    }
}

// gradInput (+)= r (gamma g - mean(d) - xhat mean(d xhat))
__global__ void group_norm_backward_input_kernel(const float *x, const float *gamma, const float *beta,
                                                 const float *mean, const float *inverseStd, int pixels,
                                                 int channels, int groups, int kind, float parameter,
                                                 const float *gradOut, const double *sums, float *gradInput,
                                                 int accumulate, int64_t n) {
    int width = channels / groups;
    for (int64_t i = LFM_GRID_INDEX; i < n; i += LFM_GRID_STRIDE) {
        int64_t row = i / channels;
        int c = (int)(i - row * channels);
        int64_t stat = (row / pixels) * groups + c / width;
        float mu = mean[stat], r = inverseStd[stat];
        float normalized;
        double d = (double)gamma[c] * group_norm_gradient(x, gamma, beta, kind, parameter, gradOut, i, c, mu, r,
                                                           &normalized);
        double value = r * (d - sums[2 * stat] - normalized * sums[2 * stat + 1]);
        gradInput[i] = (float)(accumulate ? gradInput[i] + value : value);
    }
}

// One block per channel c: gradGamma[c] += sum g xhat, gradBeta[c] += sum g over all rows
__global__ void group_norm_parameter_kernel(const float *x, const float *gamma, const float *beta,
                                            const float *mean, const float *inverseStd, int64_t rows, int pixels,
                                            int channels, int groups, int kind, float parameter,
                                            const float *gradOut, float *gradGamma, float *gradBeta) {
    __shared__ double cache[LFM_THREADS];
    int c = blockIdx.x, width = channels / groups;
    double sumG = 0, sumGx = 0;
    for (int64_t row = threadIdx.x; row < rows; row += blockDim.x) {
        int64_t stat = (row / pixels) * groups + c / width;
        float normalized;
        double grad = group_norm_gradient(x, gamma, beta, kind, parameter, gradOut, row * channels + c, c,
                                          mean[stat], inverseStd[stat], &normalized);
        sumG += grad;
        sumGx += grad * normalized;
    }
    cache[threadIdx.x] = sumG;
    lfm_block_sum(cache);
    double totalG = cache[0];
    __syncthreads();
    cache[threadIdx.x] = sumGx;
    lfm_block_sum(cache);
    if (threadIdx.x == 0) {
        if (gradBeta != nullptr) gradBeta[c] = (float)(gradBeta[c] + totalG);
        if (gradGamma != nullptr) gradGamma[c] = (float)(gradGamma[c] + cache[0]);
    }
}

// CPU: LayerKernels.addRow; out[b*P + p, c] = x[..] + bias[b, c]
__global__ void sample_bias_kernel(const float *x, const float *bias, int pixels, int cols, float *out, int64_t n) {
    for (int64_t i = LFM_GRID_INDEX; i < n; i += LFM_GRID_STRIDE) {
        int64_t row = i / cols;
        int c = (int)(i - row * cols);
        out[i] = x[i] + bias[(row / pixels) * cols + c];
    }
}

// CPU: LayerKernels.sampleSums; gradBias[b, c] (+)= sum_p gradOut[b*P + p, c], one thread per (b, c)
__global__ void sample_bias_backward_kernel(const float *gradOut, int pixels, int cols, float *gradBias,
                                            int accumulate, int64_t n) {
    for (int64_t i = LFM_GRID_INDEX; i < n; i += LFM_GRID_STRIDE) {
        int64_t b = i / cols;
        int c = (int)(i - b * cols);
        double total = 0;
        for (int p = 0; p < pixels; p++) {
            total += gradOut[(b * pixels + p) * cols + c];
        }
        gradBias[i] = (float)(accumulate ? gradBias[i] + total : total);
    }
}

// CPU: LayerKernels.softmaxRow; one block per row (grid-stride over rows): max, sum of e^(x - max) in
// double, then out = e^(x - max) / sum
__global__ void softmax_kernel(const float *x, int rows, int cols, float *out) {
    __shared__ double cache[LFM_THREADS];
    for (int64_t row = blockIdx.x; row < rows; row += gridDim.x) {
        const float *in = x + row * cols;
        float *target = out + row * cols;
        double largest = -INFINITY;
        for (int j = threadIdx.x; j < cols; j += blockDim.x) {
            largest = fmax(largest, (double)in[j]);
        }
        cache[threadIdx.x] = largest;
        for (int half = LFM_THREADS / 2; half > 0; half /= 2) {
            __syncthreads();
            if ((int)threadIdx.x < half) {
                cache[threadIdx.x] = fmax(cache[threadIdx.x], cache[threadIdx.x + half]);
            }
        }
        __syncthreads();
        float max = (float)cache[0];
        __syncthreads();
        double total = 0;
        for (int j = threadIdx.x; j < cols; j += blockDim.x) {
            total += exp((double)(in[j] - max));
        }
        cache[threadIdx.x] = total;
        lfm_block_sum(cache);
        float inverse = (float)(1.0 / cache[0]);
        __syncthreads();
        for (int j = threadIdx.x; j < cols; j += blockDim.x) {
            target[j] = (float)exp((double)(in[j] - max)) * inverse;
        }
    }
}

// CPU: LayerKernels.softmaxBackwardRow; per row: dot = sum gradOut y (double), gradIn (+)= y (gradOut - dot)
__global__ void softmax_backward_kernel(const float *y, const float *gradOut, int rows, int cols, float *gradIn,
                                        int accumulate) {
    __shared__ double cache[LFM_THREADS];
    for (int64_t row = blockIdx.x; row < rows; row += gridDim.x) {
        int64_t base = row * cols;
        double dot = 0;
        for (int j = threadIdx.x; j < cols; j += blockDim.x) {
            dot += (double)gradOut[base + j] * y[base + j];
        }
        cache[threadIdx.x] = dot;
        lfm_block_sum(cache);
        float d = (float)cache[0];
        __syncthreads();
        for (int j = threadIdx.x; j < cols; j += blockDim.x) {
            float value = (gradOut[base + j] - d) * y[base + j];
            gradIn[base + j] = accumulate ? gradIn[base + j] + value : value;
        }
    }
}

// CPU: LayerKernels.dropoutBlock; out[i] (+)= x[i] * [uniform(key, i) >= p] * keepScale
__global__ void dropout_kernel(const float *x, float probability, float keepScale, float *out, int64_t n,
                               int accumulate, lfm_key key) {
    for (int64_t i = LFM_GRID_INDEX; i < n; i += LFM_GRID_STRIDE) {
        float value = lfm_uniform_at(key, (uint64_t)i) >= probability ? x[i] * keepScale : 0.f;
        out[i] = accumulate ? out[i] + value : value;
    }
}

// CPU: LayerKernels.timestepEmbedding; out[r, k] = cos(w_k t_r), out[r, K + k] = sin(w_k t_r), in double
__global__ void timestep_embedding_kernel(const float *t, int count, float *out, int64_t n) {
    int cols = 2 * count;
    for (int64_t i = LFM_GRID_INDEX; i < n; i += LFM_GRID_STRIDE) {
        int64_t r = i / cols;
        int c = (int)(i - r * cols);
        int k = c < count ? c : c - count;
        double angle = lfm_timestep_frequency(k, count) * (double)t[r];
        out[i] = (float)(c < count ? cos(angle) : sin(angle));
    }
}

// gradT[r] (+)= sum_k -g[r, k] w_k sin(w_k t_r) + g[r, K + k] w_k cos(w_k t_r), one thread per row
__global__ void timestep_embedding_backward_kernel(const float *t, const float *gradOut, int rows, int count,
                                                   float *gradT, int accumulate) {
    for (int64_t r = LFM_GRID_INDEX; r < rows; r += LFM_GRID_STRIDE) {
        double time = t[r], total = 0;
        const float *g = gradOut + r * 2 * count;
        for (int k = 0; k < count; k++) {
            double omega = lfm_timestep_frequency(k, count);
            total += -g[k] * omega * sin(omega * time) + g[count + k] * omega * cos(omega * time);
        }
        gradT[r] = (float)(accumulate ? gradT[r] + total : total);
    }
}

static inline bool group_shape(int batch, int pixels, int channels, int groups) {
    return batch >= 0 && pixels >= 0 && channels > 0 && groups > 0 && channels % groups == 0;
}

extern "C" {

int lfm_group_norm_forward(lfm_stream stream, const float *x, const float *gamma, const float *beta, int batch,
                           int pixels, int channels, int groups, float epsilon, int kind, float parameter,
                           float *out, float *mean, float *inverseStd) {
    if (!group_shape(batch, pixels, channels, groups)) return LFM_STATUS_BAD_ARGUMENT;
    int64_t statistics = (int64_t)batch * groups, n = (int64_t)batch * pixels * channels;
    if (statistics == 0) return 0;
    if (statistics > 2147483647LL) return LFM_STATUS_BAD_ARGUMENT;
    LFM_LAUNCH_SYNC(group_norm_stats_kernel, (unsigned)statistics, LFM_THREADS, stream, x, pixels, channels, groups,
                    epsilon, mean, inverseStd);
    int status = lfm_launch_status();
    if (status != 0 || n == 0) return status;
    LFM_LAUNCH(group_norm_apply_kernel, lfm_blocks(n), LFM_THREADS, stream, x, gamma, beta, pixels, channels, groups,
               kind, parameter, mean, inverseStd, out, n);
    return lfm_launch_status();
}

int lfm_group_norm_backward(lfm_stream stream, const float *x, const float *gamma, const float *beta,
                            const float *mean, const float *inverseStd, int batch, int pixels, int channels,
                            int groups, int kind, float parameter, const float *gradOut, float *gradInput,
                            int accumulate, float *gradGamma, float *gradBeta, double *scratch,
                            int64_t scratchCount) {
    if (!group_shape(batch, pixels, channels, groups)) return LFM_STATUS_BAD_ARGUMENT;
    int64_t statistics = (int64_t)batch * groups, rows = (int64_t)batch * pixels, n = rows * channels;
    if (n == 0) return 0;
    if (2 * statistics > scratchCount) return LFM_STATUS_SCRATCH_TOO_SMALL;
    if (gradGamma != nullptr || gradBeta != nullptr) {
        LFM_LAUNCH_SYNC(group_norm_parameter_kernel, (unsigned)channels, LFM_THREADS, stream, x, gamma, beta, mean,
                        inverseStd, rows, pixels, channels, groups, kind, parameter, gradOut, gradGamma, gradBeta);
        int status = lfm_launch_status();
        if (status != 0) return status;
    }
    LFM_LAUNCH_SYNC(group_norm_backward_stats_kernel, (unsigned)statistics, LFM_THREADS, stream, x, gamma, beta,
                    mean, inverseStd, pixels, channels, groups, kind, parameter, gradOut, scratch);
    int status = lfm_launch_status();
    if (status != 0) return status;
    LFM_LAUNCH(group_norm_backward_input_kernel, lfm_blocks(n), LFM_THREADS, stream, x, gamma, beta, mean,
               inverseStd, pixels, channels, groups, kind, parameter, gradOut, scratch, gradInput, accumulate, n);
    return lfm_launch_status();
}

int lfm_sample_bias_forward(lfm_stream stream, const float *x, const float *bias, int batch, int pixels, int cols,
                            float *out) {
    if (batch < 0 || pixels < 0 || cols < 0) return LFM_STATUS_BAD_ARGUMENT;
    int64_t n = (int64_t)batch * pixels * cols;
    if (n == 0) return 0;
    LFM_LAUNCH(sample_bias_kernel, lfm_blocks(n), LFM_THREADS, stream, x, bias, pixels, cols, out, n);
    return lfm_launch_status();
}

int lfm_sample_bias_backward(lfm_stream stream, const float *gradOut, int batch, int pixels, int cols,
                             float *gradBias, int accumulate) {
    if (batch < 0 || pixels < 0 || cols < 0) return LFM_STATUS_BAD_ARGUMENT;
    int64_t n = (int64_t)batch * cols;
    if (n == 0) return 0;
    LFM_LAUNCH(sample_bias_backward_kernel, lfm_blocks(n), LFM_THREADS, stream, gradOut, pixels, cols, gradBias,
               accumulate, n);
    return lfm_launch_status();
}

int lfm_softmax_forward(lfm_stream stream, const float *x, int rows, int cols, float *out) {
    if (rows < 0 || cols < 0) return LFM_STATUS_BAD_ARGUMENT;
    if (rows == 0 || cols == 0) return 0;
    unsigned blocks = rows > LFM_MAX_BLOCKS ? LFM_MAX_BLOCKS : (unsigned)rows;
    LFM_LAUNCH_SYNC(softmax_kernel, blocks, LFM_THREADS, stream, x, rows, cols, out);
    return lfm_launch_status();
}

int lfm_softmax_backward(lfm_stream stream, const float *y, const float *gradOut, int rows, int cols,
                         float *gradIn, int accumulate) {
    if (rows < 0 || cols < 0) return LFM_STATUS_BAD_ARGUMENT;
    if (rows == 0 || cols == 0) return 0;
    unsigned blocks = rows > LFM_MAX_BLOCKS ? LFM_MAX_BLOCKS : (unsigned)rows;
    LFM_LAUNCH_SYNC(softmax_backward_kernel, blocks, LFM_THREADS, stream, y, gradOut, rows, cols, gradIn, accumulate);
    return lfm_launch_status();
}

int lfm_dropout_forward(lfm_stream stream, const float *x, float probability, float *out, int64_t n,
                        int accumulate, uint32_t key0, uint32_t key1, uint32_t stream0, uint32_t stream1) {
    if (n < 0 || !(probability >= 0.f && probability < 1.f)) return LFM_STATUS_BAD_ARGUMENT;
    if (n == 0) return 0;
    float keepScale = (float)(1.0 / (1.0 - probability));
    LFM_LAUNCH(dropout_kernel, lfm_blocks(n), LFM_THREADS, stream, x, probability, keepScale, out, n, accumulate,
               dropout_key(key0, key1, stream0, stream1));
    return lfm_launch_status();
}

int lfm_timestep_embedding_forward(lfm_stream stream, const float *t, int rows, int count, float *out) {
    if (rows < 0 || count < 0) return LFM_STATUS_BAD_ARGUMENT;
    int64_t n = (int64_t)rows * 2 * count;
    if (n == 0) return 0;
    LFM_LAUNCH(timestep_embedding_kernel, lfm_blocks(n), LFM_THREADS, stream, t, count, out, n);
    return lfm_launch_status();
}

int lfm_timestep_embedding_backward(lfm_stream stream, const float *t, const float *gradOut, int rows, int count,
                                    float *gradT, int accumulate) {
    if (rows < 0 || count < 0) return LFM_STATUS_BAD_ARGUMENT;
    if (rows == 0) return 0;
    LFM_LAUNCH(timestep_embedding_backward_kernel, lfm_blocks(rows), LFM_THREADS, stream, t, gradOut, rows, count,
               gradT, accumulate);
    return lfm_launch_status();
}

}  // extern "C"
