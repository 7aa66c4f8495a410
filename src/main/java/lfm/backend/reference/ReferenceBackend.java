package lfm.backend.reference;

import static lfm.backend.reference.Elements.get;
import static lfm.backend.reference.Elements.set;
import static lfm.backend.reference.Elements.store;

import lfm.backend.Activation;
import lfm.backend.AdamStep;
import lfm.backend.Backend;
import lfm.backend.Checks;
import lfm.backend.ConvGeometry;
import lfm.backend.HostChunks;
import lfm.backend.MatrixBatch;
import lfm.backend.TimeEmbedding;
import lfm.flow.Interpolant;
import lfm.random.Distributions;
import lfm.random.RandomKey;
import lfm.tensor.BumpArena;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;

/**
 * The oracle: every op as a plain scalar loop with double accumulation, in float32 or float64 storage.
 * Slow on purpose and written to be read against the formulas in {@link Backend}; the fast backends
 * are tested against it, and the finite-difference gradient checks run on it in float64.
 */
public final class ReferenceBackend implements Backend {
    private final HostChunks chunks = new HostChunks();

    @Override
    public String name() {
        return "reference";
    }

    @Override
    public String description() {
        return "reference (scalar loops, double accumulation, 1 thread)";
    }

    @Override
    public TensorArena newArena(String name) {
        return new BumpArena(name, this, chunks);
    }

    /** An arena whose tensors default to float64: models built in it compute entirely in double. */
    public TensorArena newDoubleArena(String name) {
        return new BumpArena(name, this, chunks, lfm.tensor.DType.F64);
    }

    // ---------------------------------------------------------------- transfers

    @Override
    public float[] toHost(Tensor tensor) {
        float[] values = new float[Math.toIntExact(tensor.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) get(tensor, i);
        }
        return values;
    }

    @Override
    public double[] toHostDoubles(Tensor tensor) {
        double[] values = new double[Math.toIntExact(tensor.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = get(tensor, i);
        }
        return values;
    }

    @Override
    public void fromHost(float[] values, Tensor destination) {
        checkLength(values.length, destination);
        for (int i = 0; i < values.length; i++) {
            set(destination, i, values[i]);
        }
    }

    @Override
    public void fromHost(double[] values, Tensor destination) {
        checkLength(values.length, destination);
        for (int i = 0; i < values.length; i++) {
            set(destination, i, values[i]);
        }
    }

    private static void checkLength(int length, Tensor destination) {
        if (length != destination.size()) {
            throw new IllegalArgumentException("fromHost: " + length + " values into " + destination.shape());
        }
    }

    @Override
    public void copy(Tensor source, Tensor destination) {
        Checks.sameSize("copy", source, destination);
        for (long i = 0; i < source.size(); i++) {
            set(destination, i, get(source, i));
        }
    }

    @Override
    public void fill(Tensor destination, float value) {
        for (long i = 0; i < destination.size(); i++) {
            set(destination, i, value);
        }
    }

    // ---------------------------------------------------------------- matrix products

    @Override
    public void matmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB, Tensor c, float alpha, float beta) {
        int[] mnk = Checks.matmul(a, transposeA, b, transposeB, c);
        int m = mnk[0], n = mnk[1], k = mnk[2];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double dot = 0;
                for (int p = 0; p < k; p++) {
                    double left = transposeA ? get(a, p, i) : get(a, i, p);
                    double right = transposeB ? get(b, j, p) : get(b, p, j);
                    dot += left * right;
                }
                double old = beta == 0 ? 0 : beta * get(c, i, j);
                set(c, i, j, alpha * dot + old);
            }
        }
    }

    // ---------------------------------------------------------------- dense layer

    @Override
    public void biasActivation(Tensor pre, Tensor bias, Activation activation, Tensor out) {
        Checks.sameMatrix("biasActivation", pre, out);
        int cols = pre.cols();
        if (bias != null) {
            Checks.rowVector("biasActivation", bias, cols);
        }
        for (int i = 0; i < pre.rows(); i++) {
            for (int j = 0; j < cols; j++) {
                double x = get(pre, i, j) + (bias == null ? 0 : get(bias, j));
                set(pre, i, j, x);
                set(out, i, j, activation.apply(get(pre, i, j)));
            }
        }
    }

    @Override
    public void activationBackward(Tensor pre, Tensor out, Tensor gradOut, Activation activation,
                                   Tensor gradPre, Tensor gradBias) {
        Checks.sameMatrix("activationBackward", pre, gradOut);
        Checks.sameMatrix("activationBackward", pre, gradPre);
        int cols = pre.cols();
        double[] columnTotals = new double[cols];
        for (int i = 0; i < pre.rows(); i++) {
            for (int j = 0; j < cols; j++) {
                double g = get(gradOut, i, j) * activation.derivative(get(pre, i, j));
                set(gradPre, i, j, g);
                columnTotals[j] += g;
            }
        }
        if (gradBias != null) {
            Checks.rowVector("activationBackward", gradBias, cols);
            for (int j = 0; j < cols; j++) {
                store(gradBias, j, columnTotals[j], true);
            }
        }
    }

    @Override
    public void activationTangent(Tensor pre, Activation activation, Tensor tangents) {
        Checks.stackedRows("activationTangent", tangents, pre.rows());
        int n = pre.rows();
        for (int r = 0; r < tangents.rows(); r++) {
            for (int j = 0; j < pre.cols(); j++) {
                double slope = activation.derivative(get(pre, r % n, j));
                set(tangents, r, j, get(tangents, r, j) * slope);
            }
        }
    }

    // ---------------------------------------------------------------- elementwise

    @Override
    public void add(Tensor a, Tensor b, Tensor out) {
        Checks.sameSize("add", a, b);
        Checks.sameSize("add", a, out);
        for (long i = 0; i < a.size(); i++) {
            set(out, i, get(a, i) + get(b, i));
        }
    }

    @Override
    public void multiply(Tensor a, Tensor b, Tensor out) {
        Checks.sameSize("multiply", a, b);
        Checks.sameSize("multiply", a, out);
        for (long i = 0; i < a.size(); i++) {
            set(out, i, get(a, i) * get(b, i));
        }
    }

    @Override
    public void scale(Tensor a, float s, Tensor out) {
        Checks.sameSize("scale", a, out);
        for (long i = 0; i < a.size(); i++) {
            set(out, i, s * get(a, i));
        }
    }

    @Override
    public void addScalar(Tensor scalar, float factor, Tensor out) {
        Checks.scalar("addScalar", scalar);
        double value = factor * get(scalar, 0);
        for (long i = 0; i < out.size(); i++) {
            set(out, i, get(out, i) + value);
        }
    }

    @Override
    public void axpy(float alpha, Tensor x, Tensor y) {
        Checks.sameSize("axpy", x, y);
        for (long i = 0; i < x.size(); i++) {
            set(y, i, get(y, i) + alpha * get(x, i));
        }
    }

    @Override
    public void combine(Tensor out, Tensor base, float[] coefficients, Tensor... terms) {
        if (coefficients.length != terms.length) {
            throw new IllegalArgumentException("combine: " + coefficients.length + " coefficients for "
                    + terms.length + " terms");
        }
        for (Tensor term : terms) {
            Checks.sameSize("combine", term, out);
        }
        for (long i = 0; i < out.size(); i++) {
            double value = base == null ? 0 : get(base, i);
            for (int k = 0; k < terms.length; k++) {
                value += coefficients[k] * get(terms[k], i);
            }
            set(out, i, value);
        }
    }

    // ---------------------------------------------------------------- reductions

    @Override
    public void sum(Tensor a, Tensor out, boolean accumulate) {
        Checks.scalar("sum", out);
        double total = 0;
        for (long i = 0; i < a.size(); i++) {
            total += get(a, i);
        }
        store(out, 0, total, accumulate);
    }

    @Override
    public void sumOfSquares(Tensor a, Tensor out, boolean accumulate) {
        Checks.scalar("sumOfSquares", out);
        double total = 0;
        for (long i = 0; i < a.size(); i++) {
            double x = get(a, i);
            total += x * x;
        }
        store(out, 0, total, accumulate);
    }

    @Override
    public void columnSums(Tensor a, Tensor out, boolean accumulate) {
        Checks.rowVector("columnSums", out, a.cols());
        for (int j = 0; j < a.cols(); j++) {
            double total = 0;
            for (int i = 0; i < a.rows(); i++) {
                total += get(a, i, j);
            }
            store(out, j, total, accumulate);
        }
    }

    @Override
    public void rowDot(Tensor a, Tensor b, float s, Tensor out, boolean accumulate) {
        Checks.sameMatrix("rowDot", a, b);
        Checks.column("rowDot", out, a.rows());
        for (int i = 0; i < a.rows(); i++) {
            double dot = 0;
            for (int j = 0; j < a.cols(); j++) {
                dot += get(a, i, j) * get(b, i, j);
            }
            store(out, i, s * dot, accumulate);
        }
    }

    @Override
    public void stackedDiagonal(Tensor stacked, float s, Tensor out, boolean accumulate) {
        int d = stacked.cols();
        Checks.stackedRows("stackedDiagonal", stacked, d);
        int n = stacked.rows() / d;
        Checks.column("stackedDiagonal", out, n);
        for (int i = 0; i < n; i++) {
            double trace = 0;
            for (int block = 0; block < d; block++) {
                trace += get(stacked, block * n + i, block);
            }
            store(out, i, s * trace, accumulate);
        }
    }

    @Override
    public void errorRatioSquares(Tensor error, Tensor x0, Tensor x1, float rtol, float atol, Tensor out) {
        Checks.sameSize("errorRatioSquares", error, x0);
        Checks.sameSize("errorRatioSquares", error, x1);
        Checks.scalar("errorRatioSquares", out);
        double total = 0;
        for (long i = 0; i < error.size(); i++) {
            double tolerance = atol + rtol * Math.max(Math.abs(get(x0, i)), Math.abs(get(x1, i)));
            double ratio = get(error, i) / tolerance;
            total += ratio * ratio;
        }
        set(out, 0, total);
    }

    // ---------------------------------------------------------------- loss

    @Override
    public void mseForward(Tensor prediction, Tensor target, Tensor out) {
        Checks.sameSize("mseForward", prediction, target);
        Checks.scalar("mseForward", out);
        double total = 0;
        for (long i = 0; i < prediction.size(); i++) {
            double diff = get(prediction, i) - get(target, i);
            total += diff * diff;
        }
        set(out, 0, total / prediction.size());
    }

    @Override
    public void mseBackward(Tensor prediction, Tensor target, Tensor gradLoss, Tensor gradPrediction) {
        Checks.sameSize("mseBackward", prediction, target);
        Checks.sameSize("mseBackward", prediction, gradPrediction);
        double factor = 2 * get(gradLoss, 0) / prediction.size();
        for (long i = 0; i < prediction.size(); i++) {
            store(gradPrediction, i, factor * (get(prediction, i) - get(target, i)), true);
        }
    }

    // ---------------------------------------------------------------- columns and time

    @Override
    public void concatColumns(Tensor left, Tensor right, Tensor out) {
        int cl = left.cols();
        Checks.rows("concatColumns", right, left.rows());
        Checks.rows("concatColumns", out, left.rows());
        if (out.cols() != cl + right.cols()) {
            throw new IllegalArgumentException("concatColumns: " + cl + " + " + right.cols() + " columns into "
                    + out.shape());
        }
        for (int i = 0; i < out.rows(); i++) {
            for (int j = 0; j < out.cols(); j++) {
                set(out, i, j, j < cl ? get(left, i, j) : get(right, i, j - cl));
            }
        }
    }

    @Override
    public void splitColumns(Tensor in, Tensor left, Tensor right, boolean accumulate) {
        int cl = left != null ? left.cols() : in.cols() - right.cols();
        for (int i = 0; i < in.rows(); i++) {
            for (int j = 0; j < in.cols(); j++) {
                double value = get(in, i, j);
                if (j < cl && left != null) {
                    store(left, (long) i * cl + j, value, accumulate);
                } else if (j >= cl && right != null) {
                    store(right, (long) i * right.cols() + j - cl, value, accumulate);
                }
            }
        }
    }

    @Override
    public void timeEmbedding(Tensor t, Tensor out) {
        Checks.column("timeEmbedding", t, out.rows());
        int count = out.cols() / 2;
        for (int i = 0; i < t.rows(); i++) {
            double time = get(t, i);
            for (int k = 0; k < count; k++) {
                double omega = TimeEmbedding.frequency(k, count);
                set(out, i, k, Math.sin(omega * time));
                set(out, i, count + k, Math.cos(omega * time));
            }
        }
    }

    @Override
    public void timeEmbeddingBackward(Tensor t, Tensor gradOut, Tensor gradT, boolean accumulate) {
        Checks.column("timeEmbeddingBackward", gradT, t.rows());
        int count = gradOut.cols() / 2;
        for (int i = 0; i < t.rows(); i++) {
            double time = get(t, i);
            double total = 0;
            for (int k = 0; k < count; k++) {
                double omega = TimeEmbedding.frequency(k, count);
                total += get(gradOut, i, k) * omega * Math.cos(omega * time)
                        - get(gradOut, i, count + k) * omega * Math.sin(omega * time);
            }
            store(gradT, i, total, accumulate);
        }
    }

    @Override
    public void timestepEmbedding(Tensor t, Tensor out) {
        Checks.column("timestepEmbedding", t, out.rows());
        Checks.evenColumns("timestepEmbedding", out);
        LayerLoops.timestepEmbedding(t, out);
    }

    @Override
    public void timestepEmbeddingBackward(Tensor t, Tensor gradOut, Tensor gradT, boolean accumulate) {
        Checks.column("timestepEmbeddingBackward", gradT, t.rows());
        Checks.rows("timestepEmbeddingBackward", gradOut, t.rows());
        Checks.evenColumns("timestepEmbeddingBackward", gradOut);
        LayerLoops.timestepEmbeddingBackward(t, gradOut, gradT, accumulate);
    }

    // ---------------------------------------------------------------- images and attention

    @Override
    public void conv2d(Tensor input, Tensor weight, Tensor bias, Tensor sampleBias, Tensor residual,
                       ConvGeometry geometry, Tensor out, boolean accumulate) {
        Checks.convolution("conv2d", geometry, input, weight, bias, out);
        Checks.convolutionEpilogue(geometry, sampleBias, residual, out);
        ConvolutionLoops.forward(input, weight, bias, sampleBias, residual, geometry, out, accumulate);
    }

    @Override
    public void conv2dBackwardData(Tensor gradOut, Tensor weight, ConvGeometry geometry, Tensor gradInput,
                                   boolean accumulate) {
        Checks.convolution("conv2dBackwardData", geometry, gradInput, weight, null, gradOut);
        ConvolutionLoops.backwardData(gradOut, weight, geometry, gradInput, accumulate);
    }

    @Override
    public void conv2dBackwardFilter(Tensor input, Tensor gradOut, ConvGeometry geometry, Tensor gradWeight,
                                     Tensor gradBias, boolean accumulate) {
        Checks.convolution("conv2dBackwardFilter", geometry, input, gradWeight, gradBias, gradOut);
        ConvolutionLoops.backwardFilter(input, gradOut, geometry, gradWeight, gradBias, accumulate);
    }

    @Override
    public void groupNorm(Tensor x, Tensor gamma, Tensor beta, float epsilon, Activation activation, Tensor out,
                          Tensor mean, Tensor inverseStd) {
        int[] dims = Checks.groupNorm("groupNorm", x, gamma, beta, mean, inverseStd);
        Checks.sameMatrix("groupNorm", x, out);
        Checks.distinct("groupNorm", x, out);
        LayerLoops.groupNorm(x, gamma, beta, epsilon, activation, out, mean, inverseStd, dims);
    }

    @Override
    public void groupNormBackward(Tensor x, Tensor gamma, Tensor beta, Tensor mean, Tensor inverseStd,
                                  Activation activation, Tensor gradOut, Tensor gradInput, boolean accumulate,
                                  Tensor gradGamma, Tensor gradBeta) {
        int[] dims = Checks.groupNorm("groupNormBackward", x, gamma, beta, mean, inverseStd);
        Checks.sameMatrix("groupNormBackward", x, gradOut);
        Checks.sameMatrix("groupNormBackward", x, gradInput);
        LayerLoops.groupNormBackward(x, gamma, beta, mean, inverseStd, activation, gradOut, gradInput, accumulate,
                gradGamma, gradBeta, dims);
    }

    @Override
    public void addSampleBias(Tensor x, Tensor bias, Tensor out) {
        int pixels = Checks.sampleRows("addSampleBias", x, bias);
        Checks.sameMatrix("addSampleBias", x, out);
        LayerLoops.addSampleBias(x, bias, out, pixels);
    }

    @Override
    public void sampleBiasBackward(Tensor gradOut, Tensor gradBias, boolean accumulate) {
        int pixels = Checks.sampleRows("sampleBiasBackward", gradOut, gradBias);
        LayerLoops.sampleBiasBackward(gradOut, gradBias, accumulate, pixels);
    }

    @Override
    public void softmaxRows(Tensor x, Tensor out) {
        Checks.sameMatrix("softmaxRows", x, out);
        LayerLoops.softmaxRows(x, out);
    }

    @Override
    public void softmaxRowsBackward(Tensor out, Tensor gradOut, Tensor gradIn, boolean accumulate) {
        Checks.sameMatrix("softmaxRowsBackward", out, gradOut);
        Checks.sameMatrix("softmaxRowsBackward", out, gradIn);
        LayerLoops.softmaxRowsBackward(out, gradOut, gradIn, accumulate);
    }

    @Override
    public void matmulBatched(int count, MatrixBatch a, boolean transposeA, MatrixBatch b, boolean transposeB,
                              MatrixBatch c, float alpha, float beta) {
        int[] mnk = Checks.matmulBatched(count, a, transposeA, b, transposeB, c);
        LayerLoops.matmulBatched(count, a, transposeA, b, transposeB, c, alpha, beta, mnk);
    }

    @Override
    public void dropout(Tensor x, float probability, RandomKey key, Tensor out, boolean accumulate) {
        Checks.probability("dropout", probability);
        Checks.sameSize("dropout", x, out);
        LayerLoops.dropout(x, probability, key, out, accumulate);
    }

    // ---------------------------------------------------------------- random draws

    @Override
    public void fillUniform(Tensor out, RandomKey key) {
        for (long i = 0; i < out.size(); i++) {
            set(out, i, Distributions.uniform(key, i));
        }
    }

    @Override
    public void fillNormal(Tensor out, RandomKey key) {
        for (long i = 0; i < out.size(); i++) {
            set(out, i, Distributions.normal(key, i));
        }
    }

    @Override
    public void fillBeta(Tensor out, double a, double b, RandomKey key) {
        for (long i = 0; i < out.size(); i++) {
            set(out, i, Distributions.beta(key, i, a, b));
        }
    }

    @Override
    public void gatherRandomRows(Tensor source, RandomKey key, Tensor out) {
        if (source.cols() != out.cols()) {
            throw new IllegalArgumentException("gatherRandomRows: " + source.shape() + " into " + out.shape());
        }
        for (int i = 0; i < out.rows(); i++) {
            int row = Distributions.uniformIndex(key, i, source.rows());
            for (int j = 0; j < out.cols(); j++) {
                set(out, i, j, get(source, row, j));
            }
        }
    }

    // ---------------------------------------------------------------- flow matching

    @Override
    public void pathSample(Tensor xLeft, Tensor t, float shrink, float noiseScale, Interpolant interpolant,
                           RandomKey noiseKey, Tensor xt, Tensor target) {
        Checks.column("pathSample", t, xLeft.rows());
        Checks.sameMatrix("pathSample", xLeft, xt);
        Checks.sameMatrix("pathSample", xLeft, target);
        int cols = xLeft.cols();
        for (int i = 0; i < xLeft.rows(); i++) {
            double time = get(t, i);
            double alpha = interpolant.alpha(time), sigma = interpolant.sigma(time);
            double alphaDot = interpolant.alphaDot(time), sigmaDot = interpolant.sigmaDot(time);
            for (int j = 0; j < cols; j++) {
                long index = (long) i * cols + j;
                double left = get(xLeft, index);
                double right = shrink * left + noiseScale * Distributions.normal(noiseKey, index);
                set(xt, index, alpha * left + sigma * right);
                set(target, index, alphaDot * left + sigmaDot * right);
            }
        }
    }

    // ---------------------------------------------------------------- optimisation

    @Override
    public void adamUpdate(Tensor parameter, Tensor gradient, Tensor firstMoment, Tensor secondMoment, AdamStep step) {
        Checks.sameSize("adamUpdate", parameter, gradient);
        Checks.sameSize("adamUpdate", parameter, firstMoment);
        Checks.sameSize("adamUpdate", parameter, secondMoment);
        double stepSize = step.learningRate() / step.biasCorrection1();
        double rootCorrection2 = Math.sqrt(step.biasCorrection2());
        for (long i = 0; i < parameter.size(); i++) {
            double p = get(parameter, i);
            double g = get(gradient, i);
            if (step.decoupledWeightDecay()) {
                p *= 1 - (double) step.learningRate() * step.weightDecay();
            } else {
                g += step.weightDecay() * p;
            }
            double m = step.beta1() * get(firstMoment, i) + (1 - (double) step.beta1()) * g;
            double v = step.beta2() * get(secondMoment, i) + (1 - (double) step.beta2()) * g * g;
            set(firstMoment, i, m);
            set(secondMoment, i, v);
            set(parameter, i, p - stepSize * m / (Math.sqrt(v) / rootCorrection2 + step.epsilon()));
        }
    }

    @Override
    public void clipByGlobalNorm(Tensor gradient, Tensor sumSquares, float maxNorm) {
        double factor = Math.min(1, maxNorm / (Math.sqrt(get(sumSquares, 0)) + 1e-6));
        for (long i = 0; i < gradient.size(); i++) {
            set(gradient, i, factor * get(gradient, i));
        }
    }

    @Override
    public void lerp(Tensor target, Tensor source, float weight) {
        Checks.sameSize("lerp", target, source);
        for (long i = 0; i < target.size(); i++) {
            double old = get(target, i);
            set(target, i, old + weight * (get(source, i) - old));
        }
    }

    @Override
    public void close() {
        // Arenas own the memory; nothing else to release.
    }
}
