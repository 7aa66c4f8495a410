// adam.cuh: one Adam/AdamW element update in double (lfm.backend.AdamStep, as PyTorch computes it):
//   Adam: g += wd p          AdamW: p *= 1 - lr wd
//   m = b1 m + (1 - b1) g    v = b2 v + (1 - b2) g^2
//   p -= stepSize m / (sqrt(v) / rootCorrection2 + eps), stepSize = lr / (1 - b1^t), rootCorrection2 = sqrt(1 - b2^t)
#pragma once
#include "compat.cuh"

struct lfm_adam_hyper {
    float learningRate, beta1, beta2, epsilon, weightDecay;
    int decoupled;
    double stepSize, rootCorrection2;
};

LFM_HD void lfm_adam_element(const lfm_adam_hyper &h, float &parameter, float gradient, float &firstMoment,
                             float &secondMoment) {
    double p = parameter;
    double g = gradient;
    if (h.decoupled) {
        p *= 1 - (double)h.learningRate * h.weightDecay;
    } else {
        g += h.weightDecay * p;
    }
    double m = h.beta1 * (double)firstMoment + (1 - (double)h.beta1) * g;
    double v = h.beta2 * (double)secondMoment + (1 - (double)h.beta2) * g * g;
    firstMoment = (float)m;
    secondMoment = (float)v;
    parameter = (float)(p - h.stepSize * m / (sqrt(v) / h.rootCorrection2 + h.epsilon));
}
