// elementwise.cu: fill, add, multiply, scale, addScalar, axpy and the ODE stage combination.
// Each kernel is a grid-stride loop over the n elements; the CPU formula is quoted beside it.
#include "launch.cuh"

// out[i] = value
__global__ void fill_kernel(float *out, int64_t n, float value) {
    for (int64_t i = LFM_GRID_INDEX; i < n; i += LFM_GRID_STRIDE) {
        out[i] = value;
    }
}

// out[i] = a[i] + b[i]
__global__ void add_kernel(const float *a, const float *b, float *out, int64_t n) {
    for (int64_t i = LFM_GRID_INDEX; i < n; i += LFM_GRID_STRIDE) {
        out[i] = (float)((double)a[i] + b[i]);
    }
}

// out[i] = a[i] * b[i]
__global__ void multiply_kernel(const float *a, const float *b, float *out, int64_t n) {
    for (int64_t i = LFM_GRID_INDEX; i < n; i += LFM_GRID_STRIDE) {
        out[i] = (float)((double)a[i] * b[i]);
    }
}

// out[i] = s * a[i]
__global__ void scale_kernel(const float *a, float s, float *out, int64_t n) {
    for (int64_t i = LFM_GRID_INDEX; i < n; i += LFM_GRID_STRIDE) {
        out[i] = (float)((double)s * a[i]);
    }
}

// out[i] += factor * scalar[0]
__global__ void add_scalar_kernel(const float *scalar, float factor, float *out, int64_t n) {
    double value = (double)factor * scalar[0];
    for (int64_t i = LFM_GRID_INDEX; i < n; i += LFM_GRID_STRIDE) {
        out[i] = (float)(out[i] + value);
    }
}

// y[i] += alpha * x[i]
__global__ void axpy_kernel(float alpha, const float *x, float *y, int64_t n) {
    for (int64_t i = LFM_GRID_INDEX; i < n; i += LFM_GRID_STRIDE) {
        y[i] = (float)(y[i] + (double)alpha * x[i]);
    }
}

struct combine_terms {
    const float *terms[LFM_COMBINE_MAX_TERMS];
    float coefficients[LFM_COMBINE_MAX_TERMS];
    int count;
};

// out[i] = base[i] + sum_k c_k terms_k[i] (in double, rounded once), base optional
__global__ void combine_kernel(float *out, const float *base, combine_terms terms, int64_t n) {
    for (int64_t i = LFM_GRID_INDEX; i < n; i += LFM_GRID_STRIDE) {
        double value = base == nullptr ? 0.0 : (double)base[i];
        for (int k = 0; k < terms.count; k++) {
            value += (double)terms.coefficients[k] * terms.terms[k][i];
        }
        out[i] = (float)value;
    }
}

extern "C" {

int lfm_abi_version(void) {
    return LFM_ABI_VERSION;
}

int lfm_fill(lfm_stream stream, float *out, int64_t n, float value) {
    if (n <= 0) return n == 0 ? 0 : LFM_STATUS_BAD_ARGUMENT;
    LFM_LAUNCH(fill_kernel, lfm_blocks(n), LFM_THREADS, stream, out, n, value);
    return lfm_launch_status();
}

int lfm_add(lfm_stream stream, const float *a, const float *b, float *out, int64_t n) {
    if (n <= 0) return n == 0 ? 0 : LFM_STATUS_BAD_ARGUMENT;
    LFM_LAUNCH(add_kernel, lfm_blocks(n), LFM_THREADS, stream, a, b, out, n);
    return lfm_launch_status();
}

int lfm_multiply(lfm_stream stream, const float *a, const float *b, float *out, int64_t n) {
    if (n <= 0) return n == 0 ? 0 : LFM_STATUS_BAD_ARGUMENT;
    LFM_LAUNCH(multiply_kernel, lfm_blocks(n), LFM_THREADS, stream, a, b, out, n);
    return lfm_launch_status();
}

int lfm_scale(lfm_stream stream, const float *a, float s, float *out, int64_t n) {
    if (n <= 0) return n == 0 ? 0 : LFM_STATUS_BAD_ARGUMENT;
    LFM_LAUNCH(scale_kernel, lfm_blocks(n), LFM_THREADS, stream, a, s, out, n);
    return lfm_launch_status();
}

int lfm_add_scalar(lfm_stream stream, const float *scalar, float factor, float *out, int64_t n) {
    if (n <= 0) return n == 0 ? 0 : LFM_STATUS_BAD_ARGUMENT;
    LFM_LAUNCH(add_scalar_kernel, lfm_blocks(n), LFM_THREADS, stream, scalar, factor, out, n);
    return lfm_launch_status();
}

int lfm_axpy(lfm_stream stream, float alpha, const float *x, float *y, int64_t n) {
    if (n <= 0) return n == 0 ? 0 : LFM_STATUS_BAD_ARGUMENT;
    LFM_LAUNCH(axpy_kernel, lfm_blocks(n), LFM_THREADS, stream, alpha, x, y, n);
    return lfm_launch_status();
}

int lfm_combine(lfm_stream stream, float *out, const float *base, int count, const float *const *terms,
                const float *coefficients, int64_t n) {
    if (count < 0 || count > LFM_COMBINE_MAX_TERMS || n < 0) return LFM_STATUS_BAD_ARGUMENT;
    if (n == 0) return 0;
    combine_terms packed;
    for (int k = 0; k < LFM_COMBINE_MAX_TERMS; k++) {
        packed.terms[k] = k < count ? terms[k] : nullptr;
        packed.coefficients[k] = k < count ? coefficients[k] : 0.f;
    }
    packed.count = count;
    LFM_LAUNCH(combine_kernel, lfm_blocks(n), LFM_THREADS, stream, out, base, packed, n);
    return lfm_launch_status();
}

}  // extern "C"
