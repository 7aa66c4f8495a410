// compat.cuh: what lets the same kernel sources build three ways.
//   nvcc            : real CUDA (liblfmkernels.so)
//   g++ LFM_EMULATE : the CPU emulator (native/emu), which runs every kernel thread by thread on the host
//   g++ (plain)     : only the __host__ __device__ math headers, for native/test/math_test.cpp
#pragma once

#include <math.h>
#include <stdint.h>

#if defined(__CUDACC__)
#include <cuda_runtime.h>
#define LFM_HD __host__ __device__ __forceinline__
// Launch on `stream`; LFM_LAUNCH_SYNC marks kernels that use __syncthreads (the emulator needs to know).
#define LFM_LAUNCH(kernel, grid, block, stream, ...) kernel<<<(grid), (block), 0, (stream)>>>(__VA_ARGS__)
#define LFM_LAUNCH_SYNC(kernel, grid, block, stream, ...) kernel<<<(grid), (block), 0, (stream)>>>(__VA_ARGS__)
static inline int lfm_launch_status() { return (int)cudaGetLastError(); }
#elif defined(LFM_EMULATE)
#include "../emu/emu_device.h"
#define LFM_HD inline
#else
#define LFM_HD inline
#define __host__
#define __device__
#endif
