// philox.cuh: Philox4x32-10 and the draws built on it, bit for bit the Java definitions in
// src/main/java/lfm/random/Philox.java and Distributions.java (the CPU formula is quoted beside each).
#pragma once
#include "compat.cuh"

struct lfm_key {
    uint32_t key0, key1, stream0, stream1;
};

// Philox4x32-10 (Salmon et al., SC'11). Java: Philox.block(c0, c1, c2, c3, k0, k1, out).
LFM_HD void lfm_philox(uint32_t c0, uint32_t c1, uint32_t c2, uint32_t c3, uint32_t k0, uint32_t k1,
                       uint32_t out[4]) {
    for (int round = 0; round < 10; round++) {
        uint64_t product0 = (uint64_t)0xD2511F53u * c0;
        uint64_t product1 = (uint64_t)0xCD9E8D57u * c2;
        uint32_t next0 = (uint32_t)(product1 >> 32) ^ c1 ^ k0;
        uint32_t next1 = (uint32_t)product1;
        uint32_t next2 = (uint32_t)(product0 >> 32) ^ c3 ^ k1;
        uint32_t next3 = (uint32_t)product0;
        c0 = next0;
        c1 = next1;
        c2 = next2;
        c3 = next3;
        k0 += 0x9E3779B9u;
        k1 += 0xBB67AE85u;
    }
    out[0] = c0;
    out[1] = c1;
    out[2] = c2;
    out[3] = c3;
}

// Block `block` of a draw: counter (block low, block high, stream low, stream high).
LFM_HD void lfm_block(const lfm_key &key, uint64_t block, uint32_t out[4]) {
    lfm_philox((uint32_t)block, (uint32_t)(block >> 32), key.stream0, key.stream1, key.key0, key.key1, out);
}

// Java: ((word >>> 8) | 1) * 0x1p-24f, in (0, 1), exact in float.
LFM_HD float lfm_uniform_word(uint32_t word) {
    return (float)((word >> 8) | 1u) * 5.9604644775390625e-8f;
}

// Java: Distributions.boxMuller: r = sqrt(-2 ln u1), angle = 2 pi u2, in double, rounded to float.
LFM_HD float lfm_box_muller(uint32_t word1, uint32_t word2, bool cosine) {
    double radius = sqrt(-2 * log((double)lfm_uniform_word(word1)));
    double angle = 2 * 3.141592653589793 * (double)lfm_uniform_word(word2);
    return (float)(radius * (cosine ? cos(angle) : sin(angle)));
}

// Java: Distributions.uniform(key, index).
LFM_HD float lfm_uniform_at(const lfm_key &key, uint64_t index) {
    uint32_t words[4];
    lfm_block(key, index >> 2, words);
    return lfm_uniform_word(words[index & 3]);
}

// Java: Distributions.normal(key, index): lanes (0, 1) and (2, 3) pair up, even lane = cosine.
LFM_HD float lfm_normal_at(const lfm_key &key, uint64_t index) {
    uint32_t words[4];
    lfm_block(key, index >> 2, words);
    int lane = (int)(index & 3);
    int pair = lane & ~1;
    return lfm_box_muller(words[pair], words[pair + 1], (lane & 1) == 0);
}

// Java: Distributions.normalBlock: the four normals of block `block`.
LFM_HD void lfm_normal_block(const lfm_key &key, uint64_t block, float out[4]) {
    uint32_t words[4];
    lfm_block(key, block, words);
    out[0] = lfm_box_muller(words[0], words[1], true);
    out[1] = lfm_box_muller(words[0], words[1], false);
    out[2] = lfm_box_muller(words[2], words[3], true);
    out[3] = lfm_box_muller(words[2], words[3], false);
}

// Java: Distributions.uniformIndex: (word * bound) >>> 32 in unsigned 64-bit arithmetic.
LFM_HD int lfm_uniform_index_at(const lfm_key &key, uint64_t index, int bound) {
    uint32_t words[4];
    lfm_block(key, index >> 2, words);
    return (int)(((uint64_t)words[index & 3] * (uint64_t)(uint32_t)bound) >> 32);
}

// Java: Distributions.gamma: Marsaglia-Tsang; attempt k of gamma `which` uses the block with counter
// ((int) index, k + (which << 16), stream0, stream1); shape < 1 boosted by U^(1/shape).
LFM_HD double lfm_gamma_at(const lfm_key &key, uint64_t index, int which, double shape) {
    bool boost = shape < 1;
    double d = (boost ? shape + 1 : shape) - 1.0 / 3.0;
    double c = 1 / sqrt(9 * d);
    uint32_t words[4];
    for (int attempt = 0; attempt < 64; attempt++) {
        lfm_philox((uint32_t)index, (uint32_t)(attempt + (which << 16)), key.stream0, key.stream1, key.key0,
                   key.key1, words);
        double normal = lfm_box_muller(words[0], words[1], true);
        double v = 1 + c * normal;
        if (v <= 0) {
            continue;
        }
        v = v * v * v;
        double u = lfm_uniform_word(words[2]);
        if (log(u) < 0.5 * normal * normal + d - d * v + d * log(v)) {
            double value = d * v;
            return boost ? value * pow((double)lfm_uniform_word(words[3]), 1 / shape) : value;
        }
    }
    return boost ? d * pow(0.5, 1 / shape) : d;
}

// Java: Distributions.beta = X / (X + Y), X ~ Gamma(a) (which 0), Y ~ Gamma(b) (which 1).
LFM_HD float lfm_beta_at(const lfm_key &key, uint64_t index, double a, double b) {
    double x = lfm_gamma_at(key, index, 0, a);
    double y = lfm_gamma_at(key, index, 1, b);
    return (float)(x / (x + y));
}
