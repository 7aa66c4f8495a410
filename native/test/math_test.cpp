// math_test.cpp: checks the per-element maths of the CUDA kernels (the __host__ __device__ functions of
// native/src/*.cuh, compiled here by g++ with the CUDA qualifiers as empty macros) against
//   - Random123's published known-answer vectors for Philox4x32-10, and
//   - values produced by the Java definitions (java_values.inc, written by lfm.backend.cuda.NativeMathTable).
// Raw Philox words, uniforms and uniform indices must be equal bit for bit; normals and Beta draws may
// differ in the last place where libm and Java's Math differ (CUDA's device libm differs likewise);
// activations are float formulas checked against Java's double ones with a float tolerance.
// Prints "N passed, N failed" and exits non-zero on any failure.
#include <cmath>
#include <cstdio>
#include <cstring>

#include "../src/activation.cuh"
#include "../src/adam.cuh"
#include "../src/interpolant.cuh"
#include "../src/philox.cuh"
#include "java_values.inc"

static int passed = 0, failed = 0;

static void expect(bool ok, const char *what, int index, double expected, double actual) {
    if (ok) {
        passed++;
    } else {
        failed++;
        if (failed <= 25) {
            std::printf("FAIL %s [%d]: expected %.9g, got %.9g\n", what, index, expected, actual);
        }
    }
}

static uint32_t bits(float value) {
    uint32_t word;
    std::memcpy(&word, &value, 4);
    return word;
}

static float fromBits(uint32_t word) {
    float value;
    std::memcpy(&value, &word, 4);
    return value;
}

// Floats within `ulps` units in the last place (same sign).
static bool ulpClose(float a, float b, int ulps) {
    if (a == b) return true;
    if ((a < 0) != (b < 0)) return false;
    int64_t da = bits(a), db = bits(b);
    return (da > db ? da - db : db - da) <= ulps;
}

static void philoxKnownAnswers() {
    // Random123 kat_vectors: philox4x32 10, counter then key, then the expected output.
    const uint32_t kat[3][10] = {
        {0, 0, 0, 0, 0, 0, 0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u},
        {0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0x408f276du, 0x41c83b0eu,
         0xa20bc7c6u, 0x6d5451fdu},
        {0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u, 0xa4093822u, 0x299f31d0u, 0xd16cfe09u, 0x94fdccebu,
         0x5001e420u, 0x24126ea1u}};
    for (int c = 0; c < 3; c++) {
        uint32_t out[4];
        lfm_philox(kat[c][0], kat[c][1], kat[c][2], kat[c][3], kat[c][4], kat[c][5], out);
        for (int w = 0; w < 4; w++) expect(out[w] == kat[c][6 + w], "philox KAT", c, kat[c][6 + w], out[w]);
    }
    int cases = sizeof(PHILOX_CASES) / sizeof(PHILOX_CASES[0]);
    for (int c = 0; c < cases; c++) {
        const uint32_t *k = PHILOX_CASES[c];
        uint32_t out[4];
        lfm_philox(k[0], k[1], k[2], k[3], k[4], k[5], out);
        for (int w = 0; w < 4; w++) expect(out[w] == k[6 + w], "philox vs Java", c, k[6 + w], out[w]);
    }
}

static lfm_key keyOf(uint32_t k0, uint32_t k1, uint32_t s0, uint32_t s1) {
    lfm_key key;
    key.key0 = k0;
    key.key1 = k1;
    key.stream0 = s0;
    key.stream1 = s1;
    return key;
}

static void draws() {
    int cases = sizeof(DRAW_CASES) / sizeof(DRAW_CASES[0]);
    for (int c = 0; c < cases; c++) {
        const DrawCase &d = DRAW_CASES[c];
        lfm_key key = keyOf(d.key0, d.key1, d.stream0, d.stream1);
        float u = lfm_uniform_at(key, d.index);
        expect(bits(u) == d.uniform, "uniform (bits)", c, fromBits(d.uniform), u);
        float z = lfm_normal_at(key, d.index);
        expect(ulpClose(z, fromBits(d.normal), 1), "normal (1 ulp)", c, fromBits(d.normal), z);
        float block[4];
        lfm_normal_block(key, d.index >> 2, block);
        expect(bits(block[d.index & 3]) == bits(z), "normal block = normal at", c, z, block[d.index & 3]);
    }
    cases = sizeof(INDEX_CASES) / sizeof(INDEX_CASES[0]);
    for (int c = 0; c < cases; c++) {
        const IndexCase &d = INDEX_CASES[c];
        int value = lfm_uniform_index_at(keyOf(d.key0, d.key1, d.stream0, d.stream1), d.index, d.bound);
        expect(value == d.expected, "uniformIndex", c, d.expected, value);
    }
    cases = sizeof(BETA_CASES) / sizeof(BETA_CASES[0]);
    for (int c = 0; c < cases; c++) {
        const BetaCase &d = BETA_CASES[c];
        float value = lfm_beta_at(keyOf(d.key0, d.key1, d.stream0, d.stream1), d.index, d.a, d.b);
        expect(ulpClose(value, d.expected, 2), "beta (2 ulp)", c, d.expected, value);
    }
}

static void activations() {
    int cases = sizeof(ACTIVATION_CASES) / sizeof(ACTIVATION_CASES[0]);
    for (int c = 0; c < cases; c++) {
        const ActivationCase &a = ACTIVATION_CASES[c];
        float y = lfm_activation_apply(a.kind, a.parameter, a.x);
        float slope = lfm_activation_derivative(a.kind, a.parameter, a.x);
        expect(std::fabs(y - a.y) <= 1e-6 + 2e-6 * std::fabs(a.y), "activation", c, a.y, y);
        expect(std::fabs(slope - a.slope) <= 1e-6 + 2e-6 * std::fabs(a.slope), "activation slope", c, a.slope, slope);
    }
}

static void interpolants() {
    int cases = sizeof(INTERPOLANT_CASES) / sizeof(INTERPOLANT_CASES[0]);
    for (int c = 0; c < cases; c++) {
        const InterpolantCase &i = INTERPOLANT_CASES[c];
        lfm_coefficients k = lfm_interpolant(i.kind, i.t);
        expect(std::fabs(k.alpha - i.alpha) <= 1e-15, "alpha", c, i.alpha, k.alpha);
        expect(std::fabs(k.sigma - i.sigma) <= 1e-15, "sigma", c, i.sigma, k.sigma);
        expect(std::fabs(k.alphaDot - i.alphaDot) <= 1e-15, "alphaDot", c, i.alphaDot, k.alphaDot);
        expect(std::fabs(k.sigmaDot - i.sigmaDot) <= 1e-15, "sigmaDot", c, i.sigmaDot, k.sigmaDot);
    }
    cases = sizeof(FREQUENCY_CASES) / sizeof(FREQUENCY_CASES[0]);
    for (int c = 0; c < cases; c++) {
        const FrequencyCase &f = FREQUENCY_CASES[c];
        double value = lfm_time_frequency(f.k, f.count);
        expect(std::fabs(value - f.frequency) <= 1e-12 * f.frequency, "time frequency", c, f.frequency, value);
    }
    cases = sizeof(TIME_GRADIENT_CASES) / sizeof(TIME_GRADIENT_CASES[0]);
    for (int c = 0; c < cases; c++) {
        const TimeGradientCase &g = TIME_GRADIENT_CASES[c];
        double value = lfm_time_embedding_gradient(TIME_GRADIENT_ROW, 3, g.t);
        expect(std::fabs(value - g.gradient) <= 1e-9 * (1 + std::fabs(g.gradient)), "time gradient", c, g.gradient, value);
    }
}

static void adam() {
    int cases = sizeof(ADAM_CASES) / sizeof(ADAM_CASES[0]);
    for (int c = 0; c < cases; c++) {
        const AdamCase &a = ADAM_CASES[c];
        lfm_adam_hyper h;
        h.learningRate = a.lr;
        h.beta1 = a.beta1;
        h.beta2 = a.beta2;
        h.epsilon = a.eps;
        h.weightDecay = a.wd;
        h.decoupled = a.decoupled;
        h.stepSize = a.stepSize;
        h.rootCorrection2 = a.rootCorrection2;
        float p = a.p0, m = a.m0, v = a.v0;
        lfm_adam_element(h, p, a.gradient, m, v);
        expect(ulpClose(p, fromBits(a.p), 1), "adam p", c, fromBits(a.p), p);
        expect(ulpClose(m, fromBits(a.m), 1), "adam m", c, fromBits(a.m), m);
        expect(ulpClose(v, fromBits(a.v), 1), "adam v", c, fromBits(a.v), v);
    }
}

int main() {
    philoxKnownAnswers();
    draws();
    activations();
    interpolants();
    adam();
    std::printf("native math: %d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
