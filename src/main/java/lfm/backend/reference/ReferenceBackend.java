package lfm.backend.reference;

import lfm.backend.Activation;
import lfm.backend.AdamStep;
import lfm.backend.Backend;
import lfm.backend.ConvGeometry;
import lfm.backend.HostChunks;
import lfm.backend.MatrixBatch;
import lfm.flow.Interpolant;
import lfm.random.RandomKey;
import lfm.tensor.BumpArena;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;

/**
 * The oracle: every op as a plain scalar loop with double accumulation, in float32 or float64 storage.
 * Slow on purpose and written to be read against the formulas in {@link Backend}; the fast backends
 * are tested against it, and the finite-difference gradient checks run on it in float64. Every op is one
 * line here, handing on to the loops of its family: {@link ElementwiseLoops}, {@link DenseLoops},
 * {@link ReductionLoops}, {@link ColumnLoops}, {@link ImageLoops} (convolution, normalisation, attention),
 * {@link RandomLoops} and {@link OptimizerLoops}.
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
        return ElementwiseLoops.toHost(tensor);
    }

    @Override
    public double[] toHostDoubles(Tensor tensor) {
        return ElementwiseLoops.toHostDoubles(tensor);
    }

    @Override
    public void fromHost(float[] values, Tensor destination) {
        ElementwiseLoops.fromHost(values, destination);
    }

    @Override
    public void fromHost(double[] values, Tensor destination) {
        ElementwiseLoops.fromHost(values, destination);
    }

    @Override
    public void copy(Tensor source, Tensor destination) {
        ElementwiseLoops.copy(source, destination);
    }

    @Override
    public void fill(Tensor destination, float value) {
        ElementwiseLoops.fill(destination, value);
    }

    // ---------------------------------------------------------------- matrix products and dense layers

    @Override
    public void matmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB, Tensor c, float alpha, float beta) {
        DenseLoops.matmul(a, transposeA, b, transposeB, c, alpha, beta);
    }

    @Override
    public void biasActivation(Tensor pre, Tensor bias, Activation activation, Tensor out) {
        DenseLoops.biasActivation(pre, bias, activation, out);
    }

    @Override
    public void activationBackward(
            Tensor pre, Tensor out, Tensor gradOut, Activation activation, Tensor gradPre, Tensor gradBias) {
        DenseLoops.activationBackward(pre, out, gradOut, activation, gradPre, gradBias);
    }

    @Override
    public void activationTangent(Tensor pre, Activation activation, Tensor tangents) {
        DenseLoops.activationTangent(pre, activation, tangents);
    }

    // ---------------------------------------------------------------- elementwise

    @Override
    public void add(Tensor a, Tensor b, Tensor out) {
        ElementwiseLoops.add(a, b, out);
    }

    @Override
    public void multiply(Tensor a, Tensor b, Tensor out) {
        ElementwiseLoops.multiply(a, b, out);
    }

    @Override
    public void scale(Tensor a, float s, Tensor out) {
        ElementwiseLoops.scale(a, s, out);
    }

    @Override
    public void addScalar(Tensor scalar, float factor, Tensor out) {
        ElementwiseLoops.addScalar(scalar, factor, out);
    }

    @Override
    public void axpy(float alpha, Tensor x, Tensor y) {
        ElementwiseLoops.axpy(alpha, x, y);
    }

    @Override
    public void combine(Tensor out, Tensor base, float[] coefficients, Tensor... terms) {
        ElementwiseLoops.combine(out, base, coefficients, terms);
    }

    // ---------------------------------------------------------------- reductions and loss

    @Override
    public void sum(Tensor a, Tensor out, boolean accumulate) {
        ReductionLoops.sum(a, out, accumulate);
    }

    @Override
    public void sumOfSquares(Tensor a, Tensor out, boolean accumulate) {
        ReductionLoops.sumOfSquares(a, out, accumulate);
    }

    @Override
    public void columnSums(Tensor a, Tensor out, boolean accumulate) {
        ReductionLoops.columnSums(a, out, accumulate);
    }

    @Override
    public void rowDot(Tensor a, Tensor b, float s, Tensor out, boolean accumulate) {
        ReductionLoops.rowDot(a, b, s, out, accumulate);
    }

    @Override
    public void stackedDiagonal(Tensor stacked, float s, Tensor out, boolean accumulate) {
        ReductionLoops.stackedDiagonal(stacked, s, out, accumulate);
    }

    @Override
    public void errorRatioSquares(Tensor error, Tensor x0, Tensor x1, float rtol, float atol, Tensor out) {
        ReductionLoops.errorRatioSquares(error, x0, x1, rtol, atol, out);
    }

    @Override
    public void mseForward(Tensor prediction, Tensor target, Tensor out) {
        ReductionLoops.mseForward(prediction, target, out);
    }

    @Override
    public void mseBackward(Tensor prediction, Tensor target, Tensor gradLoss, Tensor gradPrediction) {
        ReductionLoops.mseBackward(prediction, target, gradLoss, gradPrediction);
    }

    // ---------------------------------------------------------------- columns and time

    @Override
    public void concatColumns(Tensor left, Tensor right, Tensor out) {
        ColumnLoops.concatColumns(left, right, out);
    }

    @Override
    public void splitColumns(Tensor in, Tensor left, Tensor right, boolean accumulate) {
        ColumnLoops.splitColumns(in, left, right, accumulate);
    }

    @Override
    public void timeEmbedding(Tensor t, Tensor out) {
        ColumnLoops.timeEmbedding(t, out);
    }

    @Override
    public void timeEmbeddingBackward(Tensor t, Tensor gradOut, Tensor gradT, boolean accumulate) {
        ColumnLoops.timeEmbeddingBackward(t, gradOut, gradT, accumulate);
    }

    @Override
    public void timestepEmbedding(Tensor t, Tensor out) {
        ColumnLoops.timestepEmbedding(t, out);
    }

    @Override
    public void timestepEmbeddingBackward(Tensor t, Tensor gradOut, Tensor gradT, boolean accumulate) {
        ColumnLoops.timestepEmbeddingBackward(t, gradOut, gradT, accumulate);
    }

    // ---------------------------------------------------------------- images and attention

    @Override
    public void conv2d(
            Tensor input,
            Tensor weight,
            Tensor bias,
            Tensor sampleBias,
            Tensor residual,
            ConvGeometry geometry,
            Tensor out,
            boolean accumulate) {
        ImageLoops.conv2d(input, weight, bias, sampleBias, residual, geometry, out, accumulate);
    }

    @Override
    public void conv2dBackwardData(
            Tensor gradOut, Tensor weight, ConvGeometry geometry, Tensor gradInput, boolean accumulate) {
        ImageLoops.conv2dBackwardData(gradOut, weight, geometry, gradInput, accumulate);
    }

    @Override
    public void conv2dBackwardFilter(
            Tensor input,
            Tensor gradOut,
            ConvGeometry geometry,
            Tensor gradWeight,
            Tensor gradBias,
            boolean accumulate) {
        ImageLoops.conv2dBackwardFilter(input, gradOut, geometry, gradWeight, gradBias, accumulate);
    }

    @Override
    public void groupNorm(
            Tensor x,
            Tensor gamma,
            Tensor beta,
            float epsilon,
            Activation activation,
            Tensor out,
            Tensor mean,
            Tensor inverseStd) {
        ImageLoops.groupNorm(x, gamma, beta, epsilon, activation, out, mean, inverseStd);
    }

    @Override
    public void groupNormBackward(
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
            Tensor gradBeta) {
        ImageLoops.groupNormBackward(
                x, gamma, beta, mean, inverseStd, activation, gradOut, gradInput, accumulate, gradGamma, gradBeta);
    }

    @Override
    public void addSampleBias(Tensor x, Tensor bias, Tensor out) {
        ImageLoops.addSampleBias(x, bias, out);
    }

    @Override
    public void sampleBiasBackward(Tensor gradOut, Tensor gradBias, boolean accumulate) {
        ImageLoops.sampleBiasBackward(gradOut, gradBias, accumulate);
    }

    @Override
    public void softmaxRows(Tensor x, Tensor out) {
        ImageLoops.softmaxRows(x, out);
    }

    @Override
    public void softmaxRowsBackward(Tensor out, Tensor gradOut, Tensor gradIn, boolean accumulate) {
        ImageLoops.softmaxRowsBackward(out, gradOut, gradIn, accumulate);
    }

    @Override
    public void matmulBatched(
            int count,
            MatrixBatch a,
            boolean transposeA,
            MatrixBatch b,
            boolean transposeB,
            MatrixBatch c,
            float alpha,
            float beta) {
        ImageLoops.matmulBatched(count, a, transposeA, b, transposeB, c, alpha, beta);
    }

    @Override
    public void dropout(Tensor x, float probability, RandomKey key, Tensor out, boolean accumulate) {
        ImageLoops.dropout(x, probability, key, out, accumulate);
    }

    // ---------------------------------------------------------------- random draws and flow matching

    @Override
    public void fillUniform(Tensor out, RandomKey key) {
        RandomLoops.fillUniform(out, key);
    }

    @Override
    public void fillNormal(Tensor out, RandomKey key) {
        RandomLoops.fillNormal(out, key);
    }

    @Override
    public void fillBeta(Tensor out, double a, double b, RandomKey key) {
        RandomLoops.fillBeta(out, a, b, key);
    }

    @Override
    public void gatherRandomRows(Tensor source, RandomKey key, Tensor out) {
        RandomLoops.gatherRandomRows(source, key, out);
    }

    @Override
    public void pathSample(
            Tensor xLeft,
            Tensor t,
            float shrink,
            float noiseScale,
            Interpolant interpolant,
            RandomKey noiseKey,
            Tensor xt,
            Tensor target) {
        RandomLoops.pathSample(xLeft, t, shrink, noiseScale, interpolant, noiseKey, xt, target);
    }

    // ---------------------------------------------------------------- optimisation

    @Override
    public void adamUpdate(Tensor parameter, Tensor gradient, Tensor firstMoment, Tensor secondMoment, AdamStep step) {
        OptimizerLoops.adamUpdate(parameter, gradient, firstMoment, secondMoment, step);
    }

    @Override
    public void clipByGlobalNorm(Tensor gradient, Tensor sumSquares, float maxNorm) {
        OptimizerLoops.clipByGlobalNorm(gradient, sumSquares, maxNorm);
    }

    @Override
    public void lerp(Tensor target, Tensor source, float weight) {
        OptimizerLoops.lerp(target, source, weight);
    }

    @Override
    public void close() {
        // Arenas own the memory; nothing else to release.
    }
}
