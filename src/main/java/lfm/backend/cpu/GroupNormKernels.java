package lfm.backend.cpu;

import static lfm.backend.cpu.Simd.LANES;
import static lfm.backend.cpu.Simd.get;
import static lfm.backend.cpu.Simd.set;
import static lfm.backend.cpu.Simd.vectorEnd;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import lfm.backend.Activation;

/**
 * Group normalisation with the affine map and a fused activation, forward and backward, one sample
 * (P rows of C channels) at a time; workers split the samples, so every sum is made by one thread in
 * a fixed order and results do not depend on the thread count. Within a sample the work runs along
 * rows with vectors across channels, using per-channel tables (μ, r, scale, shift of the channel's
 * group), because a group may hold a single channel.
 * <ul>
 *   <li>forward: per-channel sums over the rows, combined per group in double for μ; a second pass
 *       for Σ(x − μ)² (no cancellation); then out = act(x·a_c + b_c) with a_c = γ_c·r, b_c = β_c − μ·a_c;</li>
 *   <li>backward: g = gradOut ⊙ act'(pre) kept in a per-worker buffer with per-channel Σg and Σg·x̂
 *       (the sample's share of dβ and dγ, added over samples in order afterwards, in double), then
 *       dx = a_c·g − r·mean(d) − x̂·r·mean(d·x̂), d = γ_c·g, means over the group.</li>
 * </ul>
 */
final class GroupNormKernels implements WorkerPool.Task {

    /** Per-channel tables and the gradient buffer of one worker. */
    private static final class Tables {
        float[] mu = new float[0], r, scale, shift, slopes, sumG, sumGx, offset, slope;
        float[] grads = new float[0];
        MemorySegment gradSegment;

        void ensure(int channels, int elements) {
            if (mu.length < channels) {
                mu = new float[channels];
                r = new float[channels];
                scale = new float[channels];
                shift = new float[channels];
                slopes = new float[channels];
                sumG = new float[channels];
                sumGx = new float[channels];
                offset = new float[channels];
                slope = new float[channels];
            }
            if (grads.length < elements) {
                grads = new float[elements];
                gradSegment = MemorySegment.ofArray(grads);
            }
        }
    }

    private final WorkerPool pool;
    private final boolean vector;
    private final ActivationMath math;
    private final Scratch scratch;
    private final Tables[] tables;
    private boolean backward;
    private Activation activation;
    private MemorySegment x;
    private MemorySegment gamma;
    private MemorySegment beta;
    private MemorySegment out; // forward output, or gradInput
    private MemorySegment gradOut;
    private MemorySegment mean;
    private MemorySegment inverseStd;
    private MemorySegment zeros;
    private boolean accumulate;
    private float epsilon;
    private int batch;
    private int pixels;
    private int channels;
    private int groups;
    private double[] parameterSums = new double[0]; // backward: per sample, Σg (C) then Σg·x̂ (C)

    GroupNormKernels(WorkerPool pool, boolean vector, Scratch scratch) {
        this.pool = pool;
        this.vector = vector;
        this.math = new ActivationMath(vector);
        this.scratch = scratch;
        this.tables = new Tables[pool.size()];
        for (int w = 0; w < tables.length; w++) {
            tables[w] = new Tables();
        }
    }

    /** x, out (B·P, C); gamma, beta (C); mean, inverseStd (B, G) written. */
    void forward(
            MemorySegment x,
            MemorySegment gamma,
            MemorySegment beta,
            float epsilon,
            Activation activation,
            MemorySegment out,
            MemorySegment mean,
            MemorySegment inverseStd,
            int[] dims,
            int channels) {
        this.backward = false;
        this.epsilon = epsilon;
        bind(x, gamma, beta, activation, out, mean, inverseStd, dims, channels);
        pool.run(this, (long) batch * pixels * channels, 1 << 14);
        clear();
    }

    /** gradInput (+)= dx; gradGamma, gradBeta (C) += Σ g·x̂, Σ g when not null. */
    void backward(
            MemorySegment x,
            MemorySegment gamma,
            MemorySegment beta,
            MemorySegment mean,
            MemorySegment inverseStd,
            Activation activation,
            MemorySegment gradOut,
            MemorySegment gradInput,
            boolean accumulate,
            MemorySegment gradGamma,
            MemorySegment gradBeta,
            int[] dims,
            int channels) {
        this.backward = true;
        this.gradOut = gradOut;
        this.accumulate = accumulate;
        bind(x, gamma, beta, activation, gradInput, mean, inverseStd, dims, channels);
        if (parameterSums.length < 2 * batch * channels) {
            parameterSums = new double[2 * batch * channels];
        }
        pool.run(this, (long) batch * pixels * channels, 1 << 13);
        for (int c = 0; c < channels; c++) {
            double gradientSum = 0, weightedSum = 0;
            for (int b = 0; b < batch; b++) {
                gradientSum += parameterSums[2 * b * channels + c];
                weightedSum += parameterSums[(2 * b + 1) * channels + c];
            }
            if (gradBeta != null) {
                set(gradBeta, c, (float) (get(gradBeta, c) + gradientSum));
            }
            if (gradGamma != null) {
                set(gradGamma, c, (float) (get(gradGamma, c) + weightedSum));
            }
        }
        clear();
    }

    /** dims = {B, P, G}. */
    private void bind(
            MemorySegment x,
            MemorySegment gamma,
            MemorySegment beta,
            Activation activation,
            MemorySegment out,
            MemorySegment mean,
            MemorySegment inverseStd,
            int[] dims,
            int channels) {
        this.x = x;
        this.gamma = gamma;
        this.beta = beta;
        this.activation = activation;
        this.out = out;
        this.mean = mean;
        this.inverseStd = inverseStd;
        this.batch = dims[0];
        this.pixels = dims[1];
        this.groups = dims[2];
        this.channels = channels;
        this.zeros = scratch.zeros(channels);
    }

    private void clear() {
        x = gamma = beta = out = gradOut = mean = inverseStd = null;
    }

    @Override
    public void run(int worker, int workers) {
        int first = (int) WorkerPool.splitPoint(batch, worker, workers);
        int last = (int) WorkerPool.splitPoint(batch, worker + 1, workers);
        Tables t = tables[worker];
        t.ensure(channels, backward ? pixels * channels : 0);
        for (int b = first; b < last; b++) {
            if (backward) {
                backwardSample(t, b);
            } else {
                forwardSample(t, b);
            }
        }
    }

    // ---------------------------------------------------------------- forward

    private void forwardSample(Tables t, int b) {
        long base = (long) b * pixels * channels;
        int width = channels / groups;
        double count = (double) pixels * width;
        channelSums(base, null, t.sumG);
        for (int g = 0; g < groups; g++) {
            double total = 0;
            for (int c = g * width; c < (g + 1) * width; c++) {
                total += t.sumG[c];
            }
            Arrays.fill(t.mu, g * width, (g + 1) * width, (float) (total / count));
        }
        channelSums(base, t.mu, t.sumG); // now Σ (x − μ)² per channel
        for (int g = 0; g < groups; g++) {
            double squares = 0;
            for (int c = g * width; c < (g + 1) * width; c++) {
                squares += t.sumG[c];
            }
            float r = (float) (1 / Math.sqrt(squares / count + epsilon));
            set(mean, (long) b * groups + g, t.mu[g * width]);
            set(inverseStd, (long) b * groups + g, r);
            for (int c = g * width; c < (g + 1) * width; c++) {
                t.scale[c] = get(gamma, c) * r;
                t.shift[c] = get(beta, c) - t.mu[c] * t.scale[c];
            }
        }
        Activation.Kind kind = activation.kind();
        for (int p = 0; p < pixels; p++) {
            long row = base + (long) p * channels;
            if (kind == Activation.Kind.SILU) {
                affineSiluRow(row, t.scale, t.shift);
                continue;
            }
            affineRow(x, row, t.scale, t.shift, out, row);
            if (kind != Activation.Kind.IDENTITY) {
                math.forwardRow(activation, out, zeros, out, row, channels);
            }
        }
    }

    /** out[row + c] = silu(x·scale_c + shift_c) in one pass (SiLU(z) = z / (1 + e^{−z})). */
    private void affineSiluRow(long row, float[] scale, float[] shift) {
        int end = vectorEnd(vector, 0, channels);
        int c = 0;
        for (; c < end; c += LANES) {
            FloatVector z = Simd.load(x, row + c)
                    .fma(FloatVector.fromArray(Simd.SPECIES, scale, c), FloatVector.fromArray(Simd.SPECIES, shift, c));
            Simd.store(z.div(VectorMath.exp(z.neg()).add(1f)), out, row + c);
        }
        for (; c < channels; c++) {
            set(out, row + c, (float) activation.apply(Math.fma(get(x, row + c), scale[c], shift[c])));
        }
    }

    /** sums[c] = Σ_p x[p, c] (centre null) or Σ_p (x[p, c] − centre[c])², in float, row order. */
    private void channelSums(long base, float[] centre, float[] sums) {
        Arrays.fill(sums, 0, channels, 0f);
        int end = vectorEnd(vector, 0, channels);
        for (int p = 0; p < pixels; p++) {
            long row = base + (long) p * channels;
            int c = 0;
            for (; c < end; c += LANES) {
                FloatVector value = Simd.load(x, row + c);
                if (centre != null) {
                    value = value.sub(FloatVector.fromArray(Simd.SPECIES, centre, c));
                    value = value.mul(value);
                }
                FloatVector.fromArray(Simd.SPECIES, sums, c).add(value).intoArray(sums, c);
            }
            for (; c < channels; c++) {
                float value = get(x, row + c);
                if (centre != null) {
                    value -= centre[c];
                    value *= value;
                }
                sums[c] += value;
            }
        }
    }

    /** target[to + c] = source[from + c]·scale[c] + shift[c]. */
    private void affineRow(
            MemorySegment source, long from, float[] scale, float[] shift, MemorySegment target, long to) {
        int end = vectorEnd(vector, 0, channels);
        int c = 0;
        for (; c < end; c += LANES) {
            Simd.store(
                    Simd.load(source, from + c)
                            .fma(
                                    FloatVector.fromArray(Simd.SPECIES, scale, c),
                                    FloatVector.fromArray(Simd.SPECIES, shift, c)),
                    target,
                    to + c);
        }
        for (; c < channels; c++) {
            set(target, to + c, Math.fma(get(source, from + c), scale[c], shift[c]));
        }
    }

    // ---------------------------------------------------------------- backward

    private void backwardSample(Tables t, int b) {
        int width = channels / groups;
        long base = (long) b * pixels * channels;
        for (int g = 0; g < groups; g++) {
            float m = get(mean, (long) b * groups + g);
            float r = get(inverseStd, (long) b * groups + g);
            for (int c = g * width; c < (g + 1) * width; c++) {
                t.mu[c] = m;
                t.r[c] = r;
                t.scale[c] = get(gamma, c) * r;
                t.shift[c] = get(beta, c) - m * t.scale[c];
            }
        }
        Arrays.fill(t.sumG, 0, channels, 0f);
        Arrays.fill(t.sumGx, 0, channels, 0f);
        Activation.Kind kind = activation.kind();
        boolean fused = kind == Activation.Kind.IDENTITY || kind == Activation.Kind.SILU;
        for (int p = 0; p < pixels; p++) {
            long row = base + (long) p * channels;
            int local = p * channels;
            if (!fused) {
                affineRow(x, row, t.scale, t.shift, t.gradSegment, local); // pre, then its slopes
                math.slopeRow(activation, t.gradSegment, null, local, channels, t.slopes);
            }
            gradientRow(t, row, local, kind);
        }
        double count = (double) pixels * width;
        int gradientBase = 2 * b * channels, weightedBase = (2 * b + 1) * channels;
        for (int g = 0; g < groups; g++) {
            double sumD = 0, sumDx = 0;
            for (int c = g * width; c < (g + 1) * width; c++) {
                parameterSums[gradientBase + c] = t.sumG[c];
                parameterSums[weightedBase + c] = t.sumGx[c];
                sumD += (double) get(gamma, c) * t.sumG[c];
                sumDx += (double) get(gamma, c) * t.sumGx[c];
            }
            for (int c = g * width; c < (g + 1) * width; c++) {
                t.offset[c] = (float) (-t.r[c] * sumD / count); // −r·mean(d)
                t.slope[c] = (float) (-t.r[c] * sumDx / count); // −r·mean(d·x̂)
            }
        }
        for (int p = 0; p < pixels; p++) {
            inputGradientRow(t, base + (long) p * channels, p * channels);
        }
    }

    /**
     * grads[local + c] = gradOut·act'(pre) (the slopes row for other activations; for the identity and
     * SiLU computed here, pre = x̂·γ + β, SiLU' = s + pre·s·(1 − s) with s = sigmoid(pre)); Σg and Σg·x̂
     * per channel.
     */
    private void gradientRow(Tables t, long row, int local, Activation.Kind kind) {
        int end = vectorEnd(vector, 0, channels);
        int c = 0;
        for (; c < end; c += LANES) {
            FloatVector normalized = Simd.load(x, row + c)
                    .sub(FloatVector.fromArray(Simd.SPECIES, t.mu, c))
                    .mul(FloatVector.fromArray(Simd.SPECIES, t.r, c));
            FloatVector g = Simd.load(gradOut, row + c);
            if (kind == Activation.Kind.SILU) {
                FloatVector pre = Simd.load(x, row + c)
                        .fma(
                                FloatVector.fromArray(Simd.SPECIES, t.scale, c),
                                FloatVector.fromArray(Simd.SPECIES, t.shift, c));
                FloatVector sigmoid = FloatVector.broadcast(Simd.SPECIES, 1f)
                        .div(VectorMath.exp(pre.neg()).add(1f));
                g = g.mul(pre.mul(sigmoid).mul(sigmoid.neg().add(1f)).add(sigmoid));
            } else if (kind != Activation.Kind.IDENTITY) {
                g = g.mul(FloatVector.fromArray(Simd.SPECIES, t.slopes, c));
            }
            g.intoArray(t.grads, local + c);
            FloatVector.fromArray(Simd.SPECIES, t.sumG, c).add(g).intoArray(t.sumG, c);
            g.fma(normalized, FloatVector.fromArray(Simd.SPECIES, t.sumGx, c)).intoArray(t.sumGx, c);
        }
        for (; c < channels; c++) {
            float normalized = (get(x, row + c) - t.mu[c]) * t.r[c];
            float slope = kind == Activation.Kind.IDENTITY
                    ? 1f
                    : kind == Activation.Kind.SILU
                            ? (float) activation.derivative(Math.fma(get(x, row + c), t.scale[c], t.shift[c]))
                            : t.slopes[c];
            float g = get(gradOut, row + c) * slope;
            t.grads[local + c] = g;
            t.sumG[c] += g;
            t.sumGx[c] = Math.fma(g, normalized, t.sumGx[c]);
        }
    }

    /** gradInput[row + c] (+)= scale_c·g + offset_c + x̂·slope_c. */
    private void inputGradientRow(Tables t, long row, int local) {
        int end = vectorEnd(vector, 0, channels);
        int c = 0;
        for (; c < end; c += LANES) {
            FloatVector normalized = Simd.load(x, row + c)
                    .sub(FloatVector.fromArray(Simd.SPECIES, t.mu, c))
                    .mul(FloatVector.fromArray(Simd.SPECIES, t.r, c));
            FloatVector value = FloatVector.fromArray(Simd.SPECIES, t.grads, local + c)
                    .fma(
                            FloatVector.fromArray(Simd.SPECIES, t.scale, c),
                            FloatVector.fromArray(Simd.SPECIES, t.offset, c))
                    .add(normalized.mul(FloatVector.fromArray(Simd.SPECIES, t.slope, c)));
            if (accumulate) {
                value = value.add(Simd.load(out, row + c));
            }
            Simd.store(value, out, row + c);
        }
        for (; c < channels; c++) {
            float normalized = (get(x, row + c) - t.mu[c]) * t.r[c];
            float value = Math.fma(t.grads[local + c], t.scale[c], t.offset[c]) + normalized * t.slope[c];
            set(out, row + c, accumulate ? get(out, row + c) + value : value);
        }
    }
}
