// optim.cu: the fused Adam/AdamW update, clipping by the global norm, and the EMA lerp.
#include "adam.cuh"
#include "launch.cuh"

// One Adam/AdamW step per element (adam.cuh has the formula)
__global__ void adam_kernel(float *parameter, const float *gradient, float *firstMoment, float *secondMoment,
                            int64_t n, lfm_adam_hyper hyper) {
    for (int64_t i = LFM_GRID_INDEX; i < n; i += LFM_GRID_STRIDE) {
        float p = parameter[i], m = firstMoment[i], v = secondMoment[i];
        lfm_adam_element(hyper, p, gradient[i], m, v);
        parameter[i] = p;
        firstMoment[i] = m;
        secondMoment[i] = v;
    }
}

// g *= min(1, maxNorm / (sqrt(sumSquares) + 1e-6))
__global__ void clip_kernel(float *gradient, int64_t n, const float *sumSquares, float maxNorm) {
    double factor = maxNorm / (sqrt((double)sumSquares[0]) + 1e-6);
    if (factor > 1) factor = 1;
    for (int64_t i = LFM_GRID_INDEX; i < n; i += LFM_GRID_STRIDE) {
        gradient[i] = (float)(factor * gradient[i]);
    }
}

// target += weight (source - target)
__global__ void lerp_kernel(float *target, const float *source, int64_t n, float weight) {
    for (int64_t i = LFM_GRID_INDEX; i < n; i += LFM_GRID_STRIDE) {
        double old = target[i];
        target[i] = (float)(old + weight * (source[i] - old));
    }
}

extern "C" {

int lfm_adam_update(lfm_stream stream, float *parameter, const float *gradient, float *firstMoment,
                    float *secondMoment, int64_t n, float learningRate, float beta1, float beta2, float epsilon,
                    float weightDecay, int decoupled, double stepSize, double rootCorrection2) {
    if (n <= 0) return n == 0 ? 0 : LFM_STATUS_BAD_ARGUMENT;
    lfm_adam_hyper hyper;
    hyper.learningRate = learningRate;
    hyper.beta1 = beta1;
    hyper.beta2 = beta2;
    hyper.epsilon = epsilon;
    hyper.weightDecay = weightDecay;
    hyper.decoupled = decoupled;
    hyper.stepSize = stepSize;
    hyper.rootCorrection2 = rootCorrection2;
    LFM_LAUNCH(adam_kernel, lfm_blocks(n), LFM_THREADS, stream, parameter, gradient, firstMoment, secondMoment, n,
               hyper);
    return lfm_launch_status();
}

int lfm_clip_by_global_norm(lfm_stream stream, float *gradient, int64_t n, const float *sumSquares,
                            float maxNorm) {
    if (n <= 0) return n == 0 ? 0 : LFM_STATUS_BAD_ARGUMENT;
    LFM_LAUNCH(clip_kernel, lfm_blocks(n), LFM_THREADS, stream, gradient, n, sumSquares, maxNorm);
    return lfm_launch_status();
}

int lfm_lerp(lfm_stream stream, float *target, const float *source, int64_t n, float weight) {
    if (n <= 0) return n == 0 ? 0 : LFM_STATUS_BAD_ARGUMENT;
    LFM_LAUNCH(lerp_kernel, lfm_blocks(n), LFM_THREADS, stream, target, source, n, weight);
    return lfm_launch_status();
}

}  // extern "C"
