// random.cu: the random draws of lfm.random.Distributions, element for element: raw Philox words,
// uniforms, normals (Box-Muller in double), Beta (Marsaglia-Tsang in double) and random row gathers.
// Built with -fmad=false so the double arithmetic rounds as Java's does.
#include "philox.cuh"
#include "launch.cuh"

// A fill writes elements [first, first + n) of the draw: the Philox blocks first / 4 ..
// (first + n - 1) / 4, of which only the lanes inside the range are stored (Java: RandomKernels).
LFM_HD int64_t lfm_blocks_covering(int64_t first, int64_t n) {
    return (first + n + 3) / 4 - first / 4;
}

static inline lfm_key make_key(uint32_t key0, uint32_t key1, uint32_t stream0, uint32_t stream1) {
    lfm_key key;
    key.key0 = key0;
    key.key1 = key1;
    key.stream0 = stream0;
    key.stream1 = stream1;
    return key;
}

// One thread per block of four elements: out[4b + lane] = word lane of Philox block b
__global__ void philox_words_kernel(uint32_t *out, int64_t n, lfm_key key) {
    int64_t blocks = (n + 3) / 4;
    for (int64_t b = LFM_GRID_INDEX; b < blocks; b += LFM_GRID_STRIDE) {
        uint32_t words[4];
        lfm_block(key, (uint64_t)b, words);
        for (int lane = 0; lane < 4 && 4 * b + lane < n; lane++) {
            out[4 * b + lane] = words[lane];
        }
    }
}

// out[e - first] = uniform(word e % 4 of block e / 4) for the draw's elements e in [first, first + n)
__global__ void uniform_kernel(float *out, int64_t n, int64_t first, lfm_key key) {
    int64_t blocks = lfm_blocks_covering(first, n);
    for (int64_t g = LFM_GRID_INDEX; g < blocks; g += LFM_GRID_STRIDE) {
        int64_t b = first / 4 + g;
        uint32_t words[4];
        lfm_block(key, (uint64_t)b, words);
        for (int lane = 0; lane < 4; lane++) {
            int64_t i = 4 * b + lane - first;
            if (i >= 0 && i < n) out[i] = lfm_uniform_word(words[lane]);
        }
    }
}

// out[e - first] = normal lane e % 4 of block e / 4 (Distributions.normalBlock)
__global__ void normal_kernel(float *out, int64_t n, int64_t first, lfm_key key) {
    int64_t blocks = lfm_blocks_covering(first, n);
    for (int64_t g = LFM_GRID_INDEX; g < blocks; g += LFM_GRID_STRIDE) {
        int64_t b = first / 4 + g;
        float values[4];
        lfm_normal_block(key, (uint64_t)b, values);
        for (int lane = 0; lane < 4; lane++) {
            int64_t i = 4 * b + lane - first;
            if (i >= 0 && i < n) out[i] = values[lane];
        }
    }
}

// out[i] = Beta(a, b) element first + i
__global__ void beta_kernel(float *out, int64_t n, int64_t first, double a, double b, lfm_key key) {
    for (int64_t i = LFM_GRID_INDEX; i < n; i += LFM_GRID_STRIDE) {
        out[i] = lfm_beta_at(key, (uint64_t)(first + i), a, b);
    }
}

// out[r, c] = source[uniformIndex(first + r, sourceRows), c]
__global__ void gather_rows_kernel(const float *source, int sourceRows, int cols, float *out, int64_t n,
                                   int64_t first, lfm_key key) {
    for (int64_t i = LFM_GRID_INDEX; i < n; i += LFM_GRID_STRIDE) {
        int64_t r = i / cols;
        int64_t c = i - r * cols;
        int64_t row = lfm_uniform_index_at(key, (uint64_t)(first + r), sourceRows);
        out[i] = source[row * cols + c];
    }
}

extern "C" {

int lfm_philox_words(lfm_stream stream, uint32_t *out, int64_t n, uint32_t key0, uint32_t key1,
                     uint32_t stream0, uint32_t stream1) {
    if (n <= 0) return n == 0 ? 0 : LFM_STATUS_BAD_ARGUMENT;
    LFM_LAUNCH(philox_words_kernel, lfm_blocks((n + 3) / 4), LFM_THREADS, stream, out, n,
               make_key(key0, key1, stream0, stream1));
    return lfm_launch_status();
}

int lfm_fill_uniform(lfm_stream stream, float *out, int64_t n, uint32_t key0, uint32_t key1, uint32_t stream0,
                     uint32_t stream1, int64_t first) {
    if (n <= 0 || first < 0) return n == 0 && first >= 0 ? 0 : LFM_STATUS_BAD_ARGUMENT;
    LFM_LAUNCH(uniform_kernel, lfm_blocks(lfm_blocks_covering(first, n)), LFM_THREADS, stream, out, n, first,
               make_key(key0, key1, stream0, stream1));
    return lfm_launch_status();
}

int lfm_fill_normal(lfm_stream stream, float *out, int64_t n, uint32_t key0, uint32_t key1, uint32_t stream0,
                    uint32_t stream1, int64_t first) {
    if (n <= 0 || first < 0) return n == 0 && first >= 0 ? 0 : LFM_STATUS_BAD_ARGUMENT;
    LFM_LAUNCH(normal_kernel, lfm_blocks(lfm_blocks_covering(first, n)), LFM_THREADS, stream, out, n, first,
               make_key(key0, key1, stream0, stream1));
    return lfm_launch_status();
}

int lfm_fill_beta(lfm_stream stream, float *out, int64_t n, double a, double b, uint32_t key0, uint32_t key1,
                  uint32_t stream0, uint32_t stream1, int64_t first) {
    if (n < 0 || first < 0 || !(a > 0) || !(b > 0)) return LFM_STATUS_BAD_ARGUMENT;
    if (n == 0) return 0;
    LFM_LAUNCH(beta_kernel, lfm_blocks(n), LFM_THREADS, stream, out, n, first, a, b,
               make_key(key0, key1, stream0, stream1));
    return lfm_launch_status();
}

int lfm_gather_random_rows(lfm_stream stream, const float *source, int sourceRows, int cols, float *out,
                           int outRows, uint32_t key0, uint32_t key1, uint32_t stream0, uint32_t stream1,
                           int64_t first) {
    if (sourceRows < 0 || cols < 0 || outRows < 0 || first < 0) return LFM_STATUS_BAD_ARGUMENT;
    int64_t n = (int64_t)outRows * cols;
    if (n == 0) return 0;
    if (sourceRows == 0) return LFM_STATUS_BAD_ARGUMENT;
    LFM_LAUNCH(gather_rows_kernel, lfm_blocks(n), LFM_THREADS, stream, source, sourceRows, cols, out, n, first,
               make_key(key0, key1, stream0, stream1));
    return lfm_launch_status();
}

}  // extern "C"
