// emu_cublas.cpp: a stand-in for libcublas with the calls the Java backend binds: a plain column-major
// SGEMM exactly as the BLAS specification defines it (op codes, leading-dimension checks, beta = 0
// ignoring C), accumulated in double. It checks the row-major/column-major operand swap of the Java
// side (CudaMatmul) on machines without a GPU.
#include <algorithm>
#include <cstdlib>

extern "C" {

enum { STATUS_SUCCESS = 0, STATUS_NOT_INITIALIZED = 1, STATUS_INVALID_VALUE = 7 };

int cublasCreate_v2(void **handle) {
    *handle = std::malloc(1);
    return STATUS_SUCCESS;
}

int cublasDestroy_v2(void *handle) {
    std::free(handle);
    return STATUS_SUCCESS;
}

int cublasSetStream_v2(void *handle, void *stream) {
    (void)stream;
    return handle == nullptr ? STATUS_NOT_INITIALIZED : STATUS_SUCCESS;
}

int cublasSetMathMode(void *handle, int mode) {
    (void)mode;
    return handle == nullptr ? STATUS_NOT_INITIALIZED : STATUS_SUCCESS;
}

int cublasGetVersion_v2(void *handle, int *version) {
    (void)handle;
    *version = 130000;
    return STATUS_SUCCESS;
}

// C (m x n, ldc) = alpha op(A) op(B) + beta C, column-major; op code 0 = N, 1 = T, 2 = C.
int cublasSgemm_v2(void *handle, int transa, int transb, int m, int n, int k, const float *alpha,
                   const float *A, int lda, const float *B, int ldb, const float *beta, float *C, int ldc) {
    if (handle == nullptr) return STATUS_NOT_INITIALIZED;
    if (transa < 0 || transa > 2 || transb < 0 || transb > 2 || m < 0 || n < 0 || k < 0) return STATUS_INVALID_VALUE;
    bool ta = transa != 0, tb = transb != 0;
    if (lda < std::max(1, ta ? k : m) || ldb < std::max(1, tb ? n : k) || ldc < std::max(1, m)) {
        return STATUS_INVALID_VALUE;
    }
    for (int j = 0; j < n; j++) {
        for (int i = 0; i < m; i++) {
            double dot = 0;
            for (int p = 0; p < k; p++) {
                double a = ta ? A[p + (long)i * lda] : A[i + (long)p * lda];
                double b = tb ? B[j + (long)p * ldb] : B[p + (long)j * ldb];
                dot += a * b;
            }
            float &c = C[i + (long)j * ldc];
            c = (float)(*alpha * dot + (*beta == 0.f ? 0.0 : (double)*beta * c));
        }
    }
    return STATUS_SUCCESS;
}

// The same product for batchCount matrices, operand i at A + i * strideA (likewise B, C).
int cublasSgemmStridedBatched(void *handle, int transa, int transb, int m, int n, int k, const float *alpha,
                              const float *A, int lda, long long strideA, const float *B, int ldb,
                              long long strideB, const float *beta, float *C, int ldc, long long strideC,
                              int batchCount) {
    if (batchCount < 0) return STATUS_INVALID_VALUE;
    for (int i = 0; i < batchCount; i++) {
        int status = cublasSgemm_v2(handle, transa, transb, m, n, k, alpha, A + i * strideA, lda, B + i * strideB,
                                    ldb, beta, C + i * strideC, ldc);
        if (status != STATUS_SUCCESS) return status;
    }
    return STATUS_SUCCESS;
}

}  // extern "C"
