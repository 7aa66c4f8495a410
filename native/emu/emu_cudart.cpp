// emu_cudart.cpp: a stand-in for libcudart with the few calls the Java backend binds, over host memory,
// for the CPU emulator (emu_device.h). "Device" memory is malloc'd and poisoned with 0xFF bytes (NaN
// floats) so an output a kernel forgets to write shows up; copies check that their device side lies in
// a live allocation, so a host address passed as a device pointer is caught. Streams and events are
// tokens: every call completes before it returns.
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <stdint.h>

namespace {
std::mutex lock;
std::map<uintptr_t, size_t> allocations;  // base -> bytes
int lastError = 0;
const size_t EMULATED_MEMORY = (size_t)8 << 30;
size_t inUse = 0;

bool isDevice(const void *pointer, size_t bytes) {
    uintptr_t address = (uintptr_t)pointer;
    auto it = allocations.upper_bound(address);
    if (it == allocations.begin()) return false;
    --it;
    return address >= it->first && address + bytes <= it->first + it->second;
}

int record(int status) {
    if (status != 0) lastError = status;
    return status;
}

double nowMillis() {
    using namespace std::chrono;
    return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}
}  // namespace

extern "C" {

int cudaGetDeviceCount(int *count) {
    *count = 1;
    return 0;
}

const char *cudaGetErrorName(int status) {
    switch (status) {
        case 0: return "cudaSuccess";
        case 1: return "cudaErrorInvalidValue";
        case 2: return "cudaErrorMemoryAllocation";
        case 9: return "cudaErrorInvalidConfiguration";
        case 101: return "cudaErrorInvalidDevice";
        default: return "cudaErrorUnknown";
    }
}

const char *cudaGetErrorString(int status) {
    switch (status) {
        case 0: return "no error";
        case 1: return "invalid argument";
        case 2: return "out of memory";
        case 9: return "invalid configuration argument";
        case 101: return "invalid device ordinal";
        default: return "unknown error";
    }
}

int cudaSetDevice(int device) { return record(device == 0 ? 0 : 101); }

int cudaGetDevice(int *device) {
    *device = 0;
    return 0;
}

int cudaDeviceGetAttribute(int *value, int attribute, int device) {
    if (device != 0) return record(101);
    switch (attribute) {
        case 75: *value = 0; return 0;   // compute capability major: 0 marks the emulator
        case 76: *value = 0; return 0;   // minor
        case 16: *value = 1; return 0;   // multiprocessors
        default: *value = 0; return 0;
    }
}

int cudaMemGetInfo(size_t *freeBytes, size_t *totalBytes) {
    std::lock_guard<std::mutex> guard(lock);
    *totalBytes = EMULATED_MEMORY;
    *freeBytes = EMULATED_MEMORY - inUse;
    return 0;
}

int cudaGetDeviceProperties(void *properties, int device) {
    if (device != 0) return record(101);
    std::memset(properties, 0, 256);
    std::strcpy((char *)properties, "lfm CPU emulator");
    return 0;
}

int cudaRuntimeGetVersion(int *version) {
    *version = 13000;
    return 0;
}

int cudaDriverGetVersion(int *version) {
    *version = 13000;
    return 0;
}

int cudaMalloc(void **pointer, size_t bytes) {
    std::lock_guard<std::mutex> guard(lock);
    void *memory = std::malloc(bytes == 0 ? 1 : bytes);
    if (memory == nullptr || inUse + bytes > EMULATED_MEMORY) {
        std::free(memory);
        return record(2);
    }
    std::memset(memory, 0xFF, bytes);
    allocations[(uintptr_t)memory] = bytes;
    inUse += bytes;
    *pointer = memory;
    return 0;
}

int cudaFree(void *pointer) {
    std::lock_guard<std::mutex> guard(lock);
    if (pointer == nullptr) return 0;
    auto it = allocations.find((uintptr_t)pointer);
    if (it == allocations.end()) return record(1);
    inUse -= it->second;
    allocations.erase(it);
    std::free(pointer);
    return 0;
}

// kind: 0 host->host, 1 host->device, 2 device->host, 3 device->device, 4 default (inferred)
int cudaMemcpy(void *destination, const void *source, size_t bytes, int kind) {
    std::lock_guard<std::mutex> guard(lock);
    if (bytes == 0) return 0;
    bool destinationOnDevice = kind == 1 || kind == 3;
    bool sourceOnDevice = kind == 2 || kind == 3;
    if (kind < 0 || kind > 4) return record(1);
    if ((destinationOnDevice && !isDevice(destination, bytes)) || (sourceOnDevice && !isDevice(source, bytes))) {
        return record(1);
    }
    std::memmove(destination, source, bytes);
    return 0;
}

int cudaMemcpyAsync(void *destination, const void *source, size_t bytes, int kind, void *stream) {
    (void)stream;
    return cudaMemcpy(destination, source, bytes, kind);
}

int cudaStreamCreateWithFlags(void **stream, unsigned flags) {
    (void)flags;
    *stream = std::malloc(1);
    return 0;
}

int cudaStreamDestroy(void *stream) {
    std::free(stream);
    return 0;
}

int cudaStreamSynchronize(void *stream) {
    (void)stream;
    return 0;
}

int cudaDeviceSynchronize(void) { return 0; }

int cudaGetLastError(void) {
    int status = lastError;
    lastError = 0;
    return status;
}

int cudaEventCreate(void **event) {
    *event = std::malloc(sizeof(double));
    *(double *)*event = 0;
    return 0;
}

int cudaEventRecord(void *event, void *stream) {
    (void)stream;
    *(double *)event = nowMillis();
    return 0;
}

int cudaEventSynchronize(void *event) {
    (void)event;
    return 0;
}

int cudaEventElapsedTime(float *millis, void *start, void *end) {
    *millis = (float)(*(double *)end - *(double *)start);
    return 0;
}

int cudaEventDestroy(void *event) {
    std::free(event);
    return 0;
}

}  // extern "C"
