// launch.cuh: grid sizes and the status convention shared by every launcher.
#pragma once
#include "compat.cuh"
#include "../lfm_kernels.h"

#define LFM_THREADS 256          // threads per block of every 1-D kernel (a power of two)
#define LFM_MAX_BLOCKS 65535     // grid cap; kernels loop (grid-stride) over the rest
#define LFM_REDUCE_BLOCKS 1024   // most partial sums of a full reduction

// Blocks for `work` items at LFM_THREADS per block, at least 1, at most LFM_MAX_BLOCKS.
static inline unsigned lfm_blocks(int64_t work) {
    int64_t blocks = (work + LFM_THREADS - 1) / LFM_THREADS;
    if (blocks < 1) {
        blocks = 1;
    }
    return (unsigned)(blocks > LFM_MAX_BLOCKS ? LFM_MAX_BLOCKS : blocks);
}

// Index and stride of a grid-stride loop over a 1-D grid.
#define LFM_GRID_INDEX ((int64_t)blockIdx.x * blockDim.x + threadIdx.x)
#define LFM_GRID_STRIDE ((int64_t)gridDim.x * blockDim.x)


// Tree sum of cache[0 .. LFM_THREADS) into cache[0]; every thread of the block must call it.
// Reads its own slot after the barrier that follows each write, so no thread sees a stale value.
__device__ inline void lfm_block_sum(double *cache) {
    for (int half = LFM_THREADS / 2; half > 0; half /= 2) {
        __syncthreads();
        if ((int)threadIdx.x < half) {
            cache[threadIdx.x] += cache[threadIdx.x + half];
        }
    }
    __syncthreads();
}

// Two-pass deterministic column sums (activation.cu), shared by lfm_column_sums and the dense backward.
int lfm_column_reduce(lfm_stream stream, const float *a, const float *pre, int kind, float parameter,
                      float *gradPre, bool withDerivative, int rows, int cols, float *out, int accumulate,
                      double *scratch, int64_t scratchCount);
