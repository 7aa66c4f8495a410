// interpolant.cuh: coefficients of I_t = alpha(t) x_l + sigma(t) x_r and their time derivatives
// (lfm.flow.Interpolant), in double. OT: 1 - t, t, -1, 1. TRIG: cos, sin of (pi/2) t and derivatives.
#pragma once
#include "compat.cuh"
#include "../lfm_kernels.h"

struct lfm_coefficients {
    double alpha, sigma, alphaDot, sigmaDot;
};

LFM_HD lfm_coefficients lfm_interpolant(int kind, double t) {
    lfm_coefficients result;
    if (kind == LFM_INTERPOLANT_TRIG) {
        const double halfPi = 1.5707963267948966;  // Math.PI / 2, exact
        double c = cos(halfPi * t), s = sin(halfPi * t);
        result.alpha = c;
        result.sigma = s;
        result.alphaDot = -halfPi * s;
        result.sigmaDot = halfPi * c;
    } else {
        result.alpha = 1 - t;
        result.sigma = t;
        result.alphaDot = -1;
        result.sigmaDot = 1;
    }
    return result;
}

// Sinusoidal time embedding frequency (lfm.backend.TimeEmbedding): 1000^(k/(count-1)), 1 for count 1.
LFM_HD double lfm_time_frequency(int k, int count) {
    return count == 1 ? 1.0 : pow(1000.0, (double)k / (count - 1));
}

// d/dt of one row's embedding: sum_k g[k] w_k cos(w_k t) - g[K + k] w_k sin(w_k t).
LFM_HD double lfm_time_embedding_gradient(const float *gradRow, int count, double time) {
    double total = 0;
    for (int k = 0; k < count; k++) {
        double omega = lfm_time_frequency(k, count);
        total += gradRow[k] * omega * cos(omega * time) - gradRow[count + k] * omega * sin(omega * time);
    }
    return total;
}

// The UNet's timestep embedding frequency (lfm.backend.TimeEmbedding.timestepFrequency): 10000^(-k/count).
LFM_HD double lfm_timestep_frequency(int k, int count) {
    return exp(-log(10000.0) * k / count);
}
