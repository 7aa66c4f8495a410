/* The subset of the CUDA runtime API (cuda_runtime_api.h, CUDA 12/13) that lfm binds, with the C types
 * spelled plainly (cudaError_t = int, enums = int, handles = void *). This is the include filter of the
 * jextract run in ../jextract.txt; bindings/generate.py reads it where jextract is not installed. */
int cudaGetDeviceCount(int *count);
const char *cudaGetErrorName(int error);
const char *cudaGetErrorString(int error);
int cudaSetDevice(int device);
int cudaGetDevice(int *device);
int cudaDeviceGetAttribute(int *value, int attribute, int device);
int cudaMemGetInfo(size_t *freeBytes, size_t *totalBytes);
int cudaGetDeviceProperties(void *properties, int device);
int cudaRuntimeGetVersion(int *runtimeVersion);
int cudaDriverGetVersion(int *driverVersion);
int cudaMalloc(void **devicePointer, size_t size);
int cudaFree(void *devicePointer);
int cudaMemcpy(void *destination, const void *source, size_t count, int kind);
int cudaMemcpyAsync(void *destination, const void *source, size_t count, int kind, void *stream);
int cudaStreamCreateWithFlags(void **stream, unsigned int flags);
int cudaStreamDestroy(void *stream);
int cudaStreamSynchronize(void *stream);
int cudaDeviceSynchronize(void);
int cudaGetLastError(void);
int cudaEventCreate(void **event);
int cudaEventRecord(void *event, void *stream);
int cudaEventSynchronize(void *event);
int cudaEventElapsedTime(float *milliseconds, void *start, void *end);
int cudaEventDestroy(void *event);
