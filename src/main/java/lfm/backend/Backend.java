package lfm.backend;

import java.util.List;
import lfm.flow.Interpolant;
import lfm.random.RandomKey;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;

/**
 * The numeric operations of the engine. Three implementations: {@code reference} (scalar loops,
 * double accumulation, the oracle every other backend is tested against), {@code cpu} (Vector API,
 * multithreaded) and {@code cuda} (hand-written kernels and cuBLAS through FFM).
 *
 * <p>Conventions shared by every op:
 * <ul>
 *   <li>Tensors are row-major matrices (rows, cols) (see {@link lfm.tensor.Shape}); all tensors passed
 *       to one call belong to this backend.</li>
 *   <li>Outputs are passed in (BLAS style): ops never allocate, the caller decides which arena the
 *       result lives in. An output may alias an input only where the op says so.</li>
 *   <li>"accumulate" means out += result; otherwise out = result.</li>
 *   <li>Scalars produced on the device (losses, norms) are (1, 1) tensors and stay there until a
 *       caller reads them with {@link #toHost}. Ops may run asynchronously; {@link #toHost} waits.</li>
 *   <li>Random draws are pure functions of their {@link RandomKey} and element index
 *       ({@link lfm.random.Distributions}), identical on every backend and thread count; a fill starts
 *       at the key's element offset (see "random draws" below).</li>
 * </ul>
 */
public interface Backend extends AutoCloseable {

    /** "reference", "cpu" or "cuda". */
    String name();

    /** One line for logs: what runs where (vector width, threads, GPU name). */
    String description();

    /** A new arena for tensors of this backend, named for what it holds. */
    TensorArena newArena(String name);

    // ---------------------------------------------------------------- transfers

    /** Copies a tensor's values to the host (float32; float64 tensors are rounded). */
    float[] toHost(Tensor tensor);

    /** Copies a tensor's values to the host in double. */
    double[] toHostDoubles(Tensor tensor);

    /** Copies host values into a tensor ({@code values.length} must equal its size). */
    void fromHost(float[] values, Tensor destination);

    void fromHost(double[] values, Tensor destination);

    /** destination = source (same size). */
    void copy(Tensor source, Tensor destination);

    /** Every element = value. */
    void fill(Tensor destination, float value);

    /** Waits for every queued op (no-op on the CPU backends). */
    default void synchronize() {}

    // ---------------------------------------------------------------- matrix products

    /**
     * c = α·op(a)·op(b) + β·c, with op(x) = xᵀ when the flag is set. Shapes: op(a) (m, k), op(b) (k, n),
     * c (m, n). With β = 0 the old contents of c are ignored (NaN included).
     */
    void matmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB, Tensor c, float alpha, float beta);

    // ---------------------------------------------------------------- dense layer, fused

    /**
     * A dense layer, forward: pre = x·Wᵀ + bias, out = act(pre). x (N, in), weight (out, in), bias
     * (1, out) or null, pre and out (N, out); {@code out} may be {@code pre} only for the identity. The
     * default is {@link #matmul} then {@link #biasActivation}; a backend may fuse the two (the CPU
     * backend applies bias and activation to each register tile of the product while it is in L1).
     */
    default void denseForward(Tensor x, Tensor weight, Tensor bias, Activation activation, Tensor pre, Tensor out) {
        matmul(x, false, weight, true, pre, 1f, 0f);
        biasActivation(pre, bias, activation, out);
    }

    /**
     * Inference through a chain of dense layers, keeping no intermediate: out = the chain applied to x,
     * {@code activation} after every layer but the last, which is linear. x (N, in), weights Wₗ
     * (outₗ, inₗ), biases bₗ (1, outₗ) or null entries, out (N, out_L). The default runs
     * {@link #denseForward} layer by layer with intermediates from {@code scratch}; a backend may instead
     * take tiles of rows through every layer (the CPU backend does, so activations stay in cache).
     */
    default void denseChainForward(
            Tensor x,
            List<Tensor> weights,
            List<Tensor> biases,
            Activation activation,
            Tensor out,
            TensorArena scratch) {
        Tensor h = x;
        for (int l = 0; l < weights.size(); l++) {
            boolean last = l == weights.size() - 1;
            Tensor pre = last
                    ? out
                    : scratch.allocate(Shape.matrix(h.rows(), weights.get(l).rows()), h.dtype());
            Tensor next = last ? out : scratch.allocate(pre.shape(), h.dtype());
            denseForward(h, weights.get(l), biases.get(l), last ? Activation.IDENTITY : activation, pre, next);
            h = next;
        }
    }

    /**
     * The gradient that flows from a dense layer into the layer below it, taken through that layer's
     * activation: gradPre = (gradAbove·W) ⊙ act'(pre), and gradBias (1, cols) += the column sums of
     * gradPre when gradBias is not null. gradAbove (N, k) is the upper layer's pre-activation gradient,
     * weight (k, cols) its weight; pre and out (N, cols) the lower layer's pre-activation and output.
     * The default is {@link #matmul} then {@link #activationBackward}; a backend may fuse them (the CPU
     * backend takes act' in the product's epilogue).
     */
    default void denseBackwardInput(
            Tensor gradAbove,
            Tensor weight,
            Tensor pre,
            Tensor out,
            Activation activation,
            Tensor gradPre,
            Tensor gradBias) {
        matmul(gradAbove, false, weight, false, gradPre, 1f, 0f);
        activationBackward(pre, out, gradPre, activation, gradPre, gradBias);
    }

    /**
     * Bias + activation, forward: pre ← pre + bias (in place, bias (1, cols) broadcast over rows; null
     * for none), then out = act(pre). {@code out} may be {@code pre} only for the identity.
     */
    void biasActivation(Tensor pre, Tensor bias, Activation activation, Tensor out);

    /**
     * Bias + activation, backward: gradPre = gradOut ⊙ act'(pre), and gradBias (1, cols) += the column
     * sums of gradPre when gradBias is not null. {@code out} is the forward output (some derivatives
     * read it). gradPre may alias gradOut.
     */
    void activationBackward(
            Tensor pre, Tensor out, Tensor gradOut, Activation activation, Tensor gradPre, Tensor gradBias);

    /**
     * Forward-mode (tangent) rule of an activation for k stacked tangents: tangents (k·N, cols) in
     * place, row r multiplied by act'(pre[r mod N]), pre (N, cols). Used by the exact divergence.
     */
    void activationTangent(Tensor pre, Activation activation, Tensor tangents);

    // ---------------------------------------------------------------- elementwise

    /** out = a + b (same shapes; out may alias either). */
    void add(Tensor a, Tensor b, Tensor out);

    /** out = a ⊙ b (same shapes; out may alias either). */
    void multiply(Tensor a, Tensor b, Tensor out);

    /** out = s·a (out may alias a). */
    void scale(Tensor a, float s, Tensor out);

    /** out += factor · scalar, with scalar a (1, 1) tensor (broadcast of a reduced gradient). */
    void addScalar(Tensor scalar, float factor, Tensor out);

    /** y += α·x. */
    void axpy(float alpha, Tensor x, Tensor y);

    /**
     * out = base + Σₖ cₖ·termsₖ, the update of every explicit ODE stage. {@code base} may be null
     * (then out = Σₖ cₖ·termsₖ) and may alias out; terms must not alias out.
     */
    void combine(Tensor out, Tensor base, float[] coefficients, Tensor... terms);

    // ---------------------------------------------------------------- reductions

    /** out (1, 1) (+)= Σ a. */
    void sum(Tensor a, Tensor out, boolean accumulate);

    /** out (1, 1) (+)= Σ a². */
    void sumOfSquares(Tensor a, Tensor out, boolean accumulate);

    /** out (1, cols) (+)= Σ over rows of a. */
    void columnSums(Tensor a, Tensor out, boolean accumulate);

    /** out (rows, 1) (+)= s · Σⱼ a[i, j]·b[i, j] (row-wise dot products; a and b the same shape). */
    void rowDot(Tensor a, Tensor b, float s, Tensor out, boolean accumulate);

    /**
     * Trace of stacked Jacobian blocks: stacked (D·N, D) holds D blocks of N rows; out (N, 1) (+)=
     * s · Σ_d stacked[d·N + i, d].
     */
    void stackedDiagonal(Tensor stacked, float s, Tensor out, boolean accumulate);

    /**
     * Error measure of an adaptive ODE step: out (1, 1) = Σᵢ (errorᵢ / (atol + rtol·max(|x0ᵢ|, |x1ᵢ|)))²,
     * error the difference of the embedded solutions, x0 and x1 the states before and after the step.
     */
    void errorRatioSquares(Tensor error, Tensor x0, Tensor x1, float rtol, float atol, Tensor out);

    // ---------------------------------------------------------------- loss

    /** out (1, 1) = mean over all elements of (prediction − target)². */
    void mseForward(Tensor prediction, Tensor target, Tensor out);

    /** gradPrediction += g · 2 (prediction − target) / n, with g the (1, 1) tensor gradLoss. */
    void mseBackward(Tensor prediction, Tensor target, Tensor gradLoss, Tensor gradPrediction);

    // ---------------------------------------------------------------- columns and time

    /** out = [left | right] column-wise (rows equal). */
    void concatColumns(Tensor left, Tensor right, Tensor out);

    /** Backward of concat: left (+)= in[:, :cl], right (+)= in[:, cl:]; either may be null. */
    void splitColumns(Tensor in, Tensor left, Tensor right, boolean accumulate);

    /**
     * Sinusoidal time embedding: t (N, 1) → out (N, 2K), out[i, k] = sin(ωₖ tᵢ), out[i, K + k] =
     * cos(ωₖ tᵢ), ωₖ = {@link TimeEmbedding#frequency(int, int)}.
     */
    void timeEmbedding(Tensor t, Tensor out);

    /** gradT (N, 1) (+)= Σₖ gradOut[i, k] ωₖ cos(ωₖ tᵢ) − gradOut[i, K + k] ωₖ sin(ωₖ tᵢ). */
    void timeEmbeddingBackward(Tensor t, Tensor gradOut, Tensor gradT, boolean accumulate);

    /**
     * The UNet's sinusoidal time embedding: t (N, 1) → out (N, 2K), out[i, k] = cos(ωₖ tᵢ),
     * out[i, K + k] = sin(ωₖ tᵢ), ωₖ = {@link TimeEmbedding#timestepFrequency(int, int)} = 10000^(−k/K),
     * in double.
     */
    void timestepEmbedding(Tensor t, Tensor out);

    /** gradT (N, 1) (+)= Σₖ −gradOut[i, k] ωₖ sin(ωₖ tᵢ) + gradOut[i, K + k] ωₖ cos(ωₖ tᵢ). */
    void timestepEmbeddingBackward(Tensor t, Tensor gradOut, Tensor gradT, boolean accumulate);

    // ---------------------------------------------------------------- images (NHWC rows) and attention

    /**
     * 2-D convolution, forward, with a residual block's epilogue fused ({@link ConvGeometry} gives the
     * layout and the formula): out[b, oy, ox, o] (+)= conv(input) + bias[o] + sampleBias[b, o] +
     * residual[b, oy, ox, o]. input (B·H·W, C_in), weight (C_out, C_in·k²) in PyTorch's (O, I, kh, kw)
     * order; bias (C_out), sampleBias (B, C_out) (a time embedding broadcast over the pixels) and
     * residual (B·H_out·W_out, C_out) are each optional (null); out (B·H_out·W_out, C_out). With
     * accumulate = false the old contents of out are ignored; with true the result is added. out must
     * not alias input or residual.
     */
    void conv2d(
            Tensor input,
            Tensor weight,
            Tensor bias,
            Tensor sampleBias,
            Tensor residual,
            ConvGeometry geometry,
            Tensor out,
            boolean accumulate);

    /**
     * 2-D convolution, gradient of the input: gradInput (B·H·W, C_in) (+)= ∂⟨gradOut, conv(input)⟩/∂input,
     * i.e. gradInput[b, y, x, i] = Σ over every (oy, ox, o, ky, kx) whose tap reads input pixel (y, x)
     * of gradOut[b, oy, ox, o]·w[o, i, ky, kx] (with upsample: the four source pixels of (y, x) summed).
     */
    void conv2dBackwardData(Tensor gradOut, Tensor weight, ConvGeometry geometry, Tensor gradInput, boolean accumulate);

    /**
     * 2-D convolution, gradient of the parameters: gradWeight[o, i, ky, kx] (+)= Σ_{b, oy, ox}
     * gradOut[b, oy, ox, o]·s[b, oy·stride + ky − p, ox·stride + kx − p, i] and, when gradBias (C_out) is
     * not null, gradBias (+)= the column sums of gradOut (one accumulate flag for both).
     */
    void conv2dBackwardFilter(
            Tensor input,
            Tensor gradOut,
            ConvGeometry geometry,
            Tensor gradWeight,
            Tensor gradBias,
            boolean accumulate);

    /**
     * Group normalisation with an affine map and a fused activation, forward. x (B·P, C) holds B samples
     * of P rows each (P = H·W pixels); mean and inverseStd are (B, G), which sets B and the number of
     * groups G (G divides C; group g is channels [g·C/G, (g + 1)·C/G)). Per sample b and group g, over
     * its P·C/G elements, in double: μ = mean, σ² = mean of (x − μ)² (biased), r = 1/√(σ² + ε); then
     * out = act(γ_c·(x − μ)·r + β_c), γ and β (C). mean and inverseStd receive μ and r. out must not
     * alias x (the backward reads x).
     */
    void groupNorm(
            Tensor x,
            Tensor gamma,
            Tensor beta,
            float epsilon,
            Activation activation,
            Tensor out,
            Tensor mean,
            Tensor inverseStd);

    /**
     * Group normalisation, backward, from the saved μ and r: with x̂ = (x − μ)·r, pre = γ_c x̂ + β_c and
     * g = gradOut ⊙ act'(pre): gradBeta_c += Σ g, gradGamma_c += Σ g·x̂ (each skipped when null), and per
     * sample and group, with d = g·γ_c and means over the group's elements,
     * gradInput (+)= r·(d − mean(d) − x̂·mean(d·x̂)).
     */
    void groupNormBackward(
            Tensor x,
            Tensor gamma,
            Tensor beta,
            Tensor mean,
            Tensor inverseStd,
            Activation activation,
            Tensor gradOut,
            Tensor gradInput,
            boolean accumulate,
            Tensor gradGamma,
            Tensor gradBeta);

    /**
     * Per-sample channel bias: out[b·P + p, c] = x[b·P + p, c] + bias[b, c]; x (B·P, C), bias (B, C)
     * (its rows set B). out may alias x.
     */
    void addSampleBias(Tensor x, Tensor bias, Tensor out);

    /** gradBias (B, C) (+)= Σ_p gradOut[b·P + p, c], gradOut (B·P, C). */
    void sampleBiasBackward(Tensor gradOut, Tensor gradBias, boolean accumulate);

    /** Row softmax: out[i, j] = e^{x[i, j] − m_i} / Σ_j e^{x[i, j] − m_i}, m_i = max_j x[i, j]. out may alias x. */
    void softmaxRows(Tensor x, Tensor out);

    /**
     * Row softmax, backward from its output y: gradIn[i, j] (+)= y[i, j]·(gradOut[i, j] − Σ_k gradOut[i, k]
     * y[i, k]). gradIn may alias gradOut when accumulate is false.
     */
    void softmaxRowsBackward(Tensor out, Tensor gradOut, Tensor gradIn, boolean accumulate);

    /**
     * Strided batched product: for i in [0, count), c_i = α·op(a_i)·op(b_i) + β·c_i with the matrices
     * laid out as {@link MatrixBatch} says; op(a_i) (m, k), op(b_i) (k, n), c_i (m, n). With β = 0 the
     * old c is ignored (NaN included). The c matrices must not overlap each other, a or b.
     */
    void matmulBatched(
            int count,
            MatrixBatch a,
            boolean transposeA,
            MatrixBatch b,
            boolean transposeB,
            MatrixBatch c,
            float alpha,
            float beta);

    /**
     * Inverted dropout with a Philox mask: out[i] (+)= x[i]·mᵢ/(1 − p), mᵢ = [uᵢ ≥ p] with
     * uᵢ = {@link lfm.random.Distributions#uniform}(key, i), so the mask is the same on every backend and
     * the backward is the same call on the output gradient. 0 ≤ p &lt; 1; out may alias x when accumulate
     * is false.
     */
    void dropout(Tensor x, float probability, RandomKey key, Tensor out, boolean accumulate);

    // ---------------------------------------------------------------- random draws
    // Every draw op writes element i of its output from element key.offset() + i of the draw (for
    // gatherRandomRows: row i from index key.offset() + i), for any offset ≥ 0: P ranks that fill the
    // pieces of one global batch with key.skip(first element of their piece) together hold, bit for bit,
    // the one draw a single process makes.

    void fillUniform(Tensor out, RandomKey key);

    void fillNormal(Tensor out, RandomKey key);

    /** Beta(a, b) per element (a, b &gt; 0). */
    void fillBeta(Tensor out, double a, double b, RandomKey key);

    /**
     * out row i = source row {@code Distributions.uniformIndex(key, i, source.rows())} (index offset + i
     * of the draw). The rows drawn depend only on the key and the row counts, so one key picks the same
     * rows from every source with as many rows (conditional training draws a point and its condition
     * this way).
     */
    void gatherRandomRows(Tensor source, RandomKey key, Tensor out);

    // ---------------------------------------------------------------- flow matching

    /**
     * One flow-matching training pair, fused: z = normal draw {@code noiseKey} (element index = the key's
     * offset + flat index into x_l), x_r = shrink·x_l + noiseScale·z (an OU step of length γ: shrink = e^{−γ},
     * noiseScale = √(1 − e^{−2γ}); the free block: 0 and 1), then per row i with tᵢ = t[i, 0]:
     * xt = α(tᵢ) x_l + σ(tᵢ) x_r and target = α'(tᵢ) x_l + σ'(tᵢ) x_r.
     */
    void pathSample(
            Tensor xLeft,
            Tensor t,
            float shrink,
            float noiseScale,
            Interpolant interpolant,
            RandomKey noiseKey,
            Tensor xt,
            Tensor target);

    // ---------------------------------------------------------------- optimisation

    /** One fused Adam/AdamW update of a parameter and its moments (see {@link AdamStep}). */
    void adamUpdate(Tensor parameter, Tensor gradient, Tensor firstMoment, Tensor secondMoment, AdamStep step);

    /** Gradient clipping: g ← g · min(1, maxNorm / (√sumSquares + 1e-6)), sumSquares a (1, 1) tensor. */
    void clipByGlobalNorm(Tensor gradient, Tensor sumSquares, float maxNorm);

    /** Exponential moving average: target ← target + w·(source − target). */
    void lerp(Tensor target, Tensor source, float weight);

    @Override
    void close();
}
