// activation.cuh: the activations and their derivatives (lfm.backend.Activation), in float as the
// kernels compute them. Codes: LFM_ACT_* in lfm_kernels.h.
#pragma once
#include "compat.cuh"
#include "../lfm_kernels.h"

// y(x). Softplus(beta): log(1 + e^{beta x}) / beta, and x where beta x > 20 (PyTorch's threshold).
LFM_HD float lfm_activation_apply(int kind, float parameter, float x) {
    switch (kind) {
        case LFM_ACT_RELU:
            return x > 0.f ? x : 0.f;
        case LFM_ACT_SOFTPLUS: {
            float bx = parameter * x;
            return bx > 20.f ? x : log1pf(expf(bx)) / parameter;
        }
        case LFM_ACT_SILU:
            return x / (1.f + expf(-x));
        case LFM_ACT_ELU:
            return x > 0.f ? x : parameter * expm1f(x);
        case LFM_ACT_TANH:
            return tanhf(x);
        default:
            return x;
    }
}

// dy/dx at x: relu [x > 0]; softplus sigmoid(beta x) (1 past the threshold); silu s + x s (1 - s);
// elu 1 or alpha e^x; tanh 1 - tanh(x)^2.
LFM_HD float lfm_activation_derivative(int kind, float parameter, float x) {
    switch (kind) {
        case LFM_ACT_RELU:
            return x > 0.f ? 1.f : 0.f;
        case LFM_ACT_SOFTPLUS: {
            float bx = parameter * x;
            return bx > 20.f ? 1.f : 1.f / (1.f + expf(-bx));
        }
        case LFM_ACT_SILU: {
            float s = 1.f / (1.f + expf(-x));
            return s + x * s * (1.f - s);
        }
        case LFM_ACT_ELU:
            return x > 0.f ? 1.f : parameter * expf(x);
        case LFM_ACT_TANH: {
            float y = tanhf(x);
            return 1.f - y * y;
        }
        default:
            return 1.f;
    }
}
