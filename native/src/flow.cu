// flow.cu: one flow-matching training pair, fused: the OU step (noise drawn in the kernel from the same
// Philox stream as the Java side) and the interpolant with its time derivative, in one pass.
// Built with -fmad=false so the double arithmetic rounds as Java's does.
#include "interpolant.cuh"
#include "philox.cuh"
#include "launch.cuh"

// One thread per block of four flat elements (the normals of one Philox block):
//   x_r = shrink x_l + noiseScale z,  xt = alpha(t_r) x_l + sigma(t_r) x_r,  target = alpha' x_l + sigma' x_r
__global__ void path_sample_kernel(const float *xLeft, const float *t, int cols, int64_t n, int64_t first,
                                   float shrink, float noiseScale, int interpolant, lfm_key key, float *xt,
                                   float *target) {
    // the noise of flat index i is element first + i of the draw: blocks first / 4 .. (first + n - 1) / 4
    int64_t blocks = (first + n + 3) / 4 - first / 4;
    for (int64_t g = LFM_GRID_INDEX; g < blocks; g += LFM_GRID_STRIDE) {
        int64_t b = first / 4 + g;
        float noise[4];
        lfm_normal_block(key, (uint64_t)b, noise);
        for (int lane = 0; lane < 4; lane++) {
            int64_t i = 4 * b + lane - first;
            if (i < 0 || i >= n) continue;
            lfm_coefficients k = lfm_interpolant(interpolant, (double)t[i / cols]);
            double left = xLeft[i];
            double right = (double)shrink * left + (double)noiseScale * noise[lane];
            xt[i] = (float)(k.alpha * left + k.sigma * right);
            target[i] = (float)(k.alphaDot * left + k.sigmaDot * right);
        }
    }
}

extern "C" {

int lfm_path_sample_forward(lfm_stream stream, const float *xLeft, const float *t, int rows, int cols,
                            float shrink, float noiseScale, int interpolant, uint32_t key0, uint32_t key1,
                            uint32_t stream0, uint32_t stream1, int64_t first, float *xt, float *target) {
    if (rows < 0 || cols < 0 || first < 0 || interpolant < LFM_INTERPOLANT_OT || interpolant > LFM_INTERPOLANT_TRIG) {
        return LFM_STATUS_BAD_ARGUMENT;
    }
    int64_t n = (int64_t)rows * cols;
    if (n == 0) return 0;
    lfm_key key;
    key.key0 = key0;
    key.key1 = key1;
    key.stream0 = stream0;
    key.stream1 = stream1;
    LFM_LAUNCH(path_sample_kernel, lfm_blocks((first + n + 3) / 4 - first / 4), LFM_THREADS, stream, xLeft, t, cols,
               n, first, shrink, noiseScale, interpolant, key, xt, target);
    return lfm_launch_status();
}

}  // extern "C"
