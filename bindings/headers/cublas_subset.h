/* The subset of cuBLAS (cublas_api.h, the _v2 symbols) that lfm binds, with the C types spelled plainly
 * (cublasStatus_t, cublasOperation_t and cublasMath_t = int, handles = void *). No cuBLAS header is
 * needed to build: the functions are bound by symbol name. */
int cublasCreate_v2(void **handle);
int cublasDestroy_v2(void *handle);
int cublasSetStream_v2(void *handle, void *stream);
int cublasSetMathMode(void *handle, int mode);
int cublasGetVersion_v2(void *handle, int *version);
int cublasSgemm_v2(void *handle, int transa, int transb, int m, int n, int k, const float *alpha, const float *A, int lda, const float *B, int ldb, const float *beta, float *C, int ldc);
int cublasSgemmStridedBatched(void *handle, int transa, int transb, int m, int n, int k, const float *alpha, const float *A, int lda, long long strideA, const float *B, int ldb, long long strideB, const float *beta, float *C, int ldc, long long strideC, int batchCount);
