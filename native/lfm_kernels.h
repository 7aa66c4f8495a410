/*
 * lfm_kernels.h: the contract between the Java CUDA backend (lfm.backend.cuda) and the hand-written
 * kernels of liblfmkernels.so. Every launcher:
 *   - is extern "C", takes the stream to enqueue on first and returns a status (0 = success, a
 *     cudaError_t value below LFM_STATUS_FIRST, or one of the LFM_STATUS_* values below);
 *   - never exits, prints or synchronises; an empty problem (n = 0, rows = 0 or cols = 0) launches
 *     nothing and returns 0;
 *   - takes device pointers for tensors (float32, row-major, contiguous) and host values for scalars.
 * The formula of each op is the one in src/main/java/lfm/backend/Backend.java; the reference backend
 * (backend/reference/ReferenceBackend.java) is the oracle. Reductions accumulate in double in a fixed
 * order (deterministic from run to run) and use a caller-owned device scratch of doubles.
 *
 * The FFM binding of this header is bindings/src/main/java/lfm/bindings/kernels/LfmKernels.java;
 * bindings/jextract.txt holds the jextract command line that regenerates it.
 */
#ifndef LFM_KERNELS_H
#define LFM_KERNELS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Bumped whenever a launcher's signature or meaning changes; the Java side checks it at load. */
#define LFM_ABI_VERSION 2

/* Statuses of our own (cudaError_t values stay below 10000). */
#define LFM_STATUS_FIRST 10000
#define LFM_STATUS_BAD_ARGUMENT 10001     /* a size, count or code out of range */
#define LFM_STATUS_SCRATCH_TOO_SMALL 10002 /* the reduction scratch cannot hold the partial sums */
#define LFM_STATUS_EMULATION 10003        /* CPU emulator only: a kernel broke an emulation rule */

/* Capacity (in doubles) the Java side gives every reduction's scratch; full reductions need 1024. */
#define LFM_REDUCTION_SCRATCH 1048576

/* Activation codes: lfm.backend.Activation.Kind.code() (today also the kinds' ordinals). */
#define LFM_ACT_IDENTITY 0
#define LFM_ACT_RELU 1
#define LFM_ACT_SOFTPLUS 2
#define LFM_ACT_SILU 3
#define LFM_ACT_ELU 4
#define LFM_ACT_TANH 5

/* Interpolant codes: lfm.flow.Interpolant.code() (today also the ordinals). */
#define LFM_INTERPOLANT_OT 0
#define LFM_INTERPOLANT_TRIG 1

/* Most terms one lfm_combine call takes (callers chain calls for more). */
#define LFM_COMBINE_MAX_TERMS 8

typedef struct CUstream_st *lfm_stream;

int lfm_abi_version(void);

/* ------------------------------------------------------------------ elementwise (elementwise.cu) */
int lfm_fill(lfm_stream stream, float *out, int64_t n, float value);
int lfm_add(lfm_stream stream, const float *a, const float *b, float *out, int64_t n);
int lfm_multiply(lfm_stream stream, const float *a, const float *b, float *out, int64_t n);
int lfm_scale(lfm_stream stream, const float *a, float s, float *out, int64_t n);
/* out += factor * scalar[0] */
int lfm_add_scalar(lfm_stream stream, const float *scalar, float factor, float *out, int64_t n);
/* y += alpha * x */
int lfm_axpy(lfm_stream stream, float alpha, const float *x, float *y, int64_t n);
/* out = base + sum_k coefficients[k] * terms[k]; base may be NULL or alias out; terms and
 * coefficients are HOST arrays of `count` (<= LFM_COMBINE_MAX_TERMS) device pointers and floats. */
int lfm_combine(lfm_stream stream, float *out, const float *base, int count, const float *const *terms,
                const float *coefficients, int64_t n);

/* ------------------------------------------------------------------ dense layer (activation.cu) */
/* pre (rows, cols) += bias (1, cols) (bias may be NULL); out = act(pre); out may be pre for identity. */
int lfm_bias_activation_forward(lfm_stream stream, float *pre, const float *bias, int kind, float parameter,
                                float *out, int rows, int cols);
/* gradPre = gradOut * act'(pre) (gradPre may alias gradOut); gradBias (1, cols) += column sums of
 * gradPre when gradBias is not NULL. */
int lfm_bias_activation_backward(lfm_stream stream, const float *pre, const float *gradOut, int kind,
                                 float parameter, float *gradPre, float *gradBias, int rows, int cols,
                                 double *scratch, int64_t scratchCount);
/* tangents (tangentRows, cols), tangentRows a multiple of preRows: row r *= act'(pre[r mod preRows]). */
int lfm_activation_tangent_forward(lfm_stream stream, const float *pre, int kind, float parameter,
                                   float *tangents, int preRows, int tangentRows, int cols);

/* ------------------------------------------------------------------ reductions (reduce.cu) */
/* out[0] (+)= sum a  (squares = 0) or sum a^2 (squares = 1) */
int lfm_sum(lfm_stream stream, const float *a, int64_t n, int squares, float *out, int accumulate,
            double *scratch, int64_t scratchCount);
/* out (1, cols) (+)= sums over rows of a (rows, cols) */
int lfm_column_sums(lfm_stream stream, const float *a, int rows, int cols, float *out, int accumulate,
                    double *scratch, int64_t scratchCount);
/* out (rows, 1) (+)= s * rowwise dot(a, b) */
int lfm_row_dot(lfm_stream stream, const float *a, const float *b, int rows, int cols, float s, float *out,
                int accumulate);
/* stacked (d*n, d): out (n, 1) (+)= s * sum_k stacked[k*n + i, k] */
int lfm_stacked_diagonal(lfm_stream stream, const float *stacked, int n, int d, float s, float *out,
                         int accumulate);
/* out[0] = sum_i (error_i / (atol + rtol * max(|x0_i|, |x1_i|)))^2 */
int lfm_error_ratio_squares(lfm_stream stream, const float *error, const float *x0, const float *x1,
                            int64_t n, float rtol, float atol, float *out, double *scratch,
                            int64_t scratchCount);

/* ------------------------------------------------------------------ loss (reduce.cu) */
/* out[0] = mean (prediction - target)^2 */
int lfm_mse_forward(lfm_stream stream, const float *prediction, const float *target, int64_t n, float *out,
                    double *scratch, int64_t scratchCount);
/* gradPrediction += gradLoss[0] * 2 (prediction - target) / n */
int lfm_mse_backward(lfm_stream stream, const float *prediction, const float *target, const float *gradLoss,
                     float *gradPrediction, int64_t n);

/* ------------------------------------------------------------------ columns and time (columns.cu) */
int lfm_concat_columns_forward(lfm_stream stream, const float *left, int leftCols, const float *right,
                               int rightCols, float *out, int rows);
/* left (+)= in[:, :leftCols], right (+)= in[:, leftCols:]; either may be NULL */
int lfm_concat_columns_backward(lfm_stream stream, const float *in, float *left, int leftCols, float *right,
                                int rightCols, int rows, int accumulate);
/* t (rows, 1) -> out (rows, 2*count): sin(w_k t), cos(w_k t), w_k = 1000^(k/(count-1)) */
int lfm_time_embedding_forward(lfm_stream stream, const float *t, int rows, int count, float *out);
int lfm_time_embedding_backward(lfm_stream stream, const float *t, const float *gradOut, int rows, int count,
                                float *gradT, int accumulate);

/* t (rows, 1) -> out (rows, 2*count): cos(w_k t), sin(w_k t), w_k = 10000^(-k/count) (the UNet's) */
int lfm_timestep_embedding_forward(lfm_stream stream, const float *t, int rows, int count, float *out);
int lfm_timestep_embedding_backward(lfm_stream stream, const float *t, const float *gradOut, int rows, int count,
                                    float *gradT, int accumulate);

/* ------------------------------------------------------------------ convolution (conv.cu)
 * Images are NHWC matrices (batch*height*width, channels). A convolution is (batch, height, width,
 * inChannels, outChannels, kernel 1|3, stride 1|2, upsample 0|1) with zero padding kernel/2, reading the
 * input or its nearest-x2 upsampling (lfm.backend.ConvGeometry); the output is (batch*outHeight*outWidth,
 * outChannels); weights (outChannels, inChannels*kernel*kernel) in (i, ky, kx) order (PyTorch's OIHW). */
/* columns (rows, inChannels*kernel^2) = the im2col rows of output rows [firstRow, firstRow + rows) */
int lfm_im2col_forward(lfm_stream stream, const float *input, int batch, int height, int width, int inChannels,
                       int kernel, int stride, int upsample, int firstRow, int rows, float *columns);
/* gradInput += every tap of columns (the rows [firstRow, firstRow + rows) of d(im2col)) that reads it:
 * one thread per input element sums its taps in a fixed order (no atomics) */
int lfm_im2col_backward(lfm_stream stream, const float *columns, int batch, int height, int width, int inChannels,
                        int kernel, int stride, int upsample, int firstRow, int rows, float *gradInput);
/* out (+)= conv(input) + bias[o] + sampleBias[b, o] + residual[row, o] (each addend may be NULL):
 * implicit GEMM, 64x64 output tiles, the epilogue fused */
int lfm_conv2d_forward(lfm_stream stream, const float *input, const float *weight, const float *bias,
                       const float *sampleBias, const float *residual, int batch, int height, int width,
                       int inChannels, int outChannels, int kernel, int stride, int upsample, float *out,
                       int accumulate);
/* out (rows, cols) += bias[c] + sampleBias[row / pixels, c] + residual[row, c] (each may be NULL): the
 * epilogue of the im2col + cuBLAS forward */
int lfm_conv_epilogue_forward(lfm_stream stream, float *out, const float *bias, const float *sampleBias,
                              const float *residual, int64_t rows, int cols, int pixels);

/* ------------------------------------------------------------------ normalisation and attention (layers.cu)
 * x (batch*pixels, channels); groups split the channels into equal consecutive runs. */
/* per (sample, group), in double: mean, r = 1/sqrt(biased variance + epsilon); out = act(gamma (x - mean) r + beta) */
int lfm_group_norm_forward(lfm_stream stream, const float *x, const float *gamma, const float *beta, int batch,
                           int pixels, int channels, int groups, float epsilon, int kind, float parameter,
                           float *out, float *mean, float *inverseStd);
/* g = gradOut act'(pre), xhat = (x - mean) r: gradGamma += sum g xhat, gradBeta += sum g (either may be NULL);
 * gradInput (+)= r (gamma g - mean(gamma g) - xhat mean(gamma g xhat)), means per (sample, group);
 * scratch holds 2 doubles per (sample, group) */
int lfm_group_norm_backward(lfm_stream stream, const float *x, const float *gamma, const float *beta,
                            const float *mean, const float *inverseStd, int batch, int pixels, int channels,
                            int groups, int kind, float parameter, const float *gradOut, float *gradInput,
                            int accumulate, float *gradGamma, float *gradBeta, double *scratch,
                            int64_t scratchCount);
/* out[b*pixels + p, c] = x[b*pixels + p, c] + bias[b, c] (out may be x) */
int lfm_sample_bias_forward(lfm_stream stream, const float *x, const float *bias, int batch, int pixels, int cols,
                            float *out);
/* gradBias[b, c] (+)= sum_p gradOut[b*pixels + p, c] */
int lfm_sample_bias_backward(lfm_stream stream, const float *gradOut, int batch, int pixels, int cols,
                             float *gradBias, int accumulate);
/* out = row softmax of x (out may be x), sums in double */
int lfm_softmax_forward(lfm_stream stream, const float *x, int rows, int cols, float *out);
/* gradIn (+)= y (gradOut - rowdot(gradOut, y)); gradIn may be gradOut when accumulate is 0 */
int lfm_softmax_backward(lfm_stream stream, const float *y, const float *gradOut, int rows, int cols,
                         float *gradIn, int accumulate);
/* out[i] (+)= x[i] * [u_i >= probability] / (1 - probability), u_i the uniform draw i of the key
 * (also the backward, on the gradient) */
int lfm_dropout_forward(lfm_stream stream, const float *x, float probability, float *out, int64_t n,
                        int accumulate, uint32_t key0, uint32_t key1, uint32_t stream0, uint32_t stream1);

/* ------------------------------------------------------------------ random draws (random.cu)
 * A draw is (key0, key1) = the seed's words, (stream0, stream1) = the stream number's words; element
 * e uses the Philox block with counter (e/4 low, e/4 high, stream0, stream1), lane e % 4
 * (lfm.random.Distributions). A fill of n elements writes elements [first, first + n) of the draw
 * (first = lfm.random.RandomKey.offset(), any value >= 0): out[i] = element first + i. */
/* Raw words: out[i] = word i % 4 of block i / 4 (for the Java/CUDA equality test). */
int lfm_philox_words(lfm_stream stream, uint32_t *out, int64_t n, uint32_t key0, uint32_t key1,
                     uint32_t stream0, uint32_t stream1);
int lfm_fill_uniform(lfm_stream stream, float *out, int64_t n, uint32_t key0, uint32_t key1, uint32_t stream0,
                     uint32_t stream1, int64_t first);
int lfm_fill_normal(lfm_stream stream, float *out, int64_t n, uint32_t key0, uint32_t key1, uint32_t stream0,
                    uint32_t stream1, int64_t first);
int lfm_fill_beta(lfm_stream stream, float *out, int64_t n, double a, double b, uint32_t key0, uint32_t key1,
                  uint32_t stream0, uint32_t stream1, int64_t first);
/* out row i = source row uniformIndex(first + i, sourceRows) */
int lfm_gather_random_rows(lfm_stream stream, const float *source, int sourceRows, int cols, float *out,
                           int outRows, uint32_t key0, uint32_t key1, uint32_t stream0, uint32_t stream1,
                           int64_t first);

/* ------------------------------------------------------------------ flow matching (flow.cu) */
/* x_r = shrink x_l + noiseScale z (z normal, element first + flat index of the draw), then per row with
 * t_i: xt = alpha(t_i) x_l + sigma(t_i) x_r, target = alpha'(t_i) x_l + sigma'(t_i) x_r. */
int lfm_path_sample_forward(lfm_stream stream, const float *xLeft, const float *t, int rows, int cols,
                            float shrink, float noiseScale, int interpolant, uint32_t key0, uint32_t key1,
                            uint32_t stream0, uint32_t stream1, int64_t first, float *xt, float *target);

/* ------------------------------------------------------------------ optimisation (optim.cu) */
/* One Adam/AdamW step (lfm.backend.AdamStep): stepSize = lr / (1 - beta1^t),
 * rootCorrection2 = sqrt(1 - beta2^t), both computed by the caller in double. */
int lfm_adam_update(lfm_stream stream, float *parameter, const float *gradient, float *firstMoment,
                    float *secondMoment, int64_t n, float learningRate, float beta1, float beta2, float epsilon,
                    float weightDecay, int decoupled, double stepSize, double rootCorrection2);
/* g *= min(1, maxNorm / (sqrt(sumSquares[0]) + 1e-6)) */
int lfm_clip_by_global_norm(lfm_stream stream, float *gradient, int64_t n, const float *sumSquares,
                            float maxNorm);
/* target += weight (source - target) */
int lfm_lerp(lfm_stream stream, float *target, const float *source, int64_t n, float weight);

#ifdef __cplusplus
}
#endif

#endif /* LFM_KERNELS_H */
