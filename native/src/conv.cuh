// conv.cuh: the geometry of a 2-D convolution over NHWC images (lfm.backend.ConvGeometry) as the
// convolution kernels use it: which input row an output pixel reads at a kernel offset.
#pragma once
#include "compat.cuh"

struct lfm_conv {
    int batch, height, width, inChannels, outChannels, kernel, stride, upsample;

    LFM_HD int padding() const { return kernel / 2; }
    LFM_HD int sourceHeight() const { return upsample ? 2 * height : height; }
    LFM_HD int sourceWidth() const { return upsample ? 2 * width : width; }
    LFM_HD int outHeight() const { return (sourceHeight() + 2 * padding() - kernel) / stride + 1; }
    LFM_HD int outWidth() const { return (sourceWidth() + 2 * padding() - kernel) / stride + 1; }
    LFM_HD int64_t outputRows() const { return (int64_t)batch * outHeight() * outWidth(); }
    LFM_HD int64_t inputRows() const { return (int64_t)batch * height * width; }
    LFM_HD int weightColumns() const { return inChannels * kernel * kernel; }

    // Input row read by output row `row` at kernel offset (ky, kx), or -1 in the zero padding.
    // Source pixel (sy, sx) of an upsampled input is input pixel (sy / 2, sx / 2).
    LFM_HD int64_t sourceRow(int64_t row, int ky, int kx) const {
        int perImage = outHeight() * outWidth();
        int64_t b = row / perImage;
        int within = (int)(row - b * perImage);
        int sy = (within / outWidth()) * stride + ky - padding();
        int sx = (within % outWidth()) * stride + kx - padding();
        if (sy < 0 || sx < 0 || sy >= sourceHeight() || sx >= sourceWidth()) {
            return -1;
        }
        int y = upsample ? sy >> 1 : sy;
        int x = upsample ? sx >> 1 : sx;
        return (b * height + y) * width + x;
    }

    // Output row whose tap (ky, kx) reads source pixel (sy, sx) of image b, or -1 if none.
    LFM_HD int64_t outputRowReading(int64_t b, int sy, int sx, int ky, int kx) const {
        int ty = sy + padding() - ky, tx = sx + padding() - kx;
        if (ty < 0 || tx < 0 || ty % stride != 0 || tx % stride != 0) {
            return -1;
        }
        int oy = ty / stride, ox = tx / stride;
        if (oy >= outHeight() || ox >= outWidth()) {
            return -1;
        }
        return (b * outHeight() + oy) * outWidth() + ox;
    }
};
