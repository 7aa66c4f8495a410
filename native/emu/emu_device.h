// emu_device.h: a CPU emulator of the CUDA execution model, just enough to run this project's kernels
// unchanged on the host (g++ -DLFM_EMULATE). Blocks run one after another; the threads of a block run
// one after another too, and for kernels launched with LFM_LAUNCH_SYNC each thread is a fiber that
// yields at __syncthreads, so every thread reaches a barrier before any passes it. __shared__ arrays
// become function statics (one block runs at a time). What it checks: that every thread of a block
// reaches the same number of barriers, and that kernels launched with LFM_LAUNCH never use one. What
// it cannot check: races between blocks, warp-level behaviour, memory-model subtleties. It exists so the
// Java CUDA backend, its bindings and every kernel's indexing can be tested on machines without a GPU.
#pragma once
#include <functional>
#include <stdint.h>

struct dim3 {
    unsigned x, y, z;
    dim3(unsigned x_ = 1, unsigned y_ = 1, unsigned z_ = 1) : x(x_), y(y_), z(z_) {}
};

typedef struct CUstream_st *cudaStream_t;

extern dim3 threadIdx, blockIdx, blockDim, gridDim;

#define __global__
#define __device__
#define __host__
#define __forceinline__ inline
#define __shared__ static

void lfm_emu_syncthreads();
#define __syncthreads() lfm_emu_syncthreads()

// Runs body once per thread of every block; `barriers` says whether the kernel may use __syncthreads.
void lfm_emu_launch(dim3 grid, dim3 block, bool barriers, const std::function<void()> &body);
int lfm_emu_take_status();

#define LFM_LAUNCH(kernel, grid, block, stream, ...) \
    lfm_emu_launch(dim3(grid), dim3(block), false, [&]() { kernel(__VA_ARGS__); })
#define LFM_LAUNCH_SYNC(kernel, grid, block, stream, ...) \
    lfm_emu_launch(dim3(grid), dim3(block), true, [&]() { kernel(__VA_ARGS__); })

static inline int lfm_launch_status() { return lfm_emu_take_status(); }
