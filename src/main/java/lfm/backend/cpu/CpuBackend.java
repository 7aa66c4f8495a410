package lfm.backend.cpu;

import java.util.List;
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
 * The CPU backend: Vector API kernels (or their scalar twins) on a fixed pool of threads. Every op
 * is one line here, handing on to its op family ({@link ElementwiseOps}, {@link DenseOps},
 * {@link ReductionOps}, {@link ColumnOps}, {@link ConvolutionOps}, {@link LayerOps}, {@link RandomOps},
 * {@link OptimizerOps}), which checks the arguments as {@link Backend} specifies and hands the float32
 * segments to a kernel family:
 * {@link Sgemm} (packed, register-tiled SGEMM and {@link ThinGemm} for thin layers),
 * {@link ActivationKernels} (fused bias + activation and its backward), {@link ElementwiseKernels},
 * {@link ReductionKernels}, {@link ColumnKernels}, {@link RandomKernels}, {@link FlowKernels},
 * {@link AdamKernel}, and for images {@link ConvolutionKernels}, {@link GroupNormKernels},
 * {@link LayerKernels} and {@link BatchedGemm}.
 *
 * <p>Properties: random draws equal the reference bit for bit; reductions add fixed chunks in a fixed
 * order and matrix products never split k, so results do not depend on the thread count; nothing is
 * allocated per call once the scratch buffers have grown to the problem size. Tensors are float32 only
 * (float64 is the reference backend's, for gradient checks).
 *
 * <p>Not thread-safe: one thread drives a backend at a time (the kernels keep their operands in fields
 * while the pool runs them). {@code -Dlfm.cpu.scalar=true} forces the scalar kernels;
 * {@code -Dlfm.cpu.vectorBits=256} the 8-float (AVX2) kernels and tiles on an AVX-512 machine.
 */
public final class CpuBackend implements Backend {
    /** System property that forces the scalar kernels (for testing, or where the Vector API is slow). */
    public static final String SCALAR_PROPERTY = "lfm.cpu.scalar";

    private final HostChunks chunks = new HostChunks();
    private final boolean vector;
    private final WorkerPool pool;
    private final Sgemm gemm;
    private final ElementwiseOps elementwise;
    private final DenseOps dense;
    private final ReductionOps reductions;
    private final ColumnOps columns;
    private final ConvolutionOps convolutions;
    private final LayerOps layers;
    private final RandomOps random;
    private final OptimizerOps optimizer;

    /** @param threads worker threads, the calling thread included; 0 = one per available core */
    public CpuBackend(int threads) {
        this(threads, Boolean.getBoolean(SCALAR_PROPERTY));
    }

    /**
     * @param threads       worker threads, the calling thread included; 0 = one per available core
     * @param scalarKernels run the plain scalar loops instead of the Vector API ones
     */
    public CpuBackend(int threads, boolean scalarKernels) {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be ≥ 0, got " + threads);
        }
        int count = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
        VectorWidth.species(System.getProperty(VectorWidth.PROPERTY)); // a bad value fails here, in one line
        this.vector = !scalarKernels;
        this.pool = new WorkerPool(count);
        Scratch scratch = new Scratch(count);
        this.gemm = new Sgemm(pool, vector, scratch);

        ActivationKernels activations = new ActivationKernels(pool, vector, scratch);
        MlpInference inference = new MlpInference(pool, CacheSizes.detect());
        this.dense = new DenseOps(this, gemm, inference, activations, scratch, vector);
        ElementwiseKernels elementwiseKernels = new ElementwiseKernels(pool, vector);
        this.elementwise = new ElementwiseOps(this, elementwiseKernels);
        this.reductions = new ReductionOps(this, new ReductionKernels(pool, vector, scratch), elementwiseKernels);
        this.columns = new ColumnOps(this, new ColumnKernels(pool, vector));
        this.random = new RandomOps(this, new RandomKernels(pool), new FlowKernels(pool));
        this.optimizer = new OptimizerOps(this, new AdamKernel(pool, vector), elementwiseKernels);
        this.convolutions = new ConvolutionOps(this, new ConvolutionKernels(pool, vector, gemm));
        this.layers = new LayerOps(
                this,
                new GroupNormKernels(pool, vector, scratch),
                new LayerKernels(pool, vector),
                new BatchedGemm(pool, vector));
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public String description() {
        String kernels = vector ? "Vector API, " + Simd.LANES + " floats per vector" : "scalar kernels";
        if (vector && System.getProperty(VectorWidth.PROPERTY) != null) {
            kernels += " (-D" + VectorWidth.PROPERTY + "=" + System.getProperty(VectorWidth.PROPERTY) + ")";
        }
        return "cpu (" + kernels + ", " + pool.size() + (pool.size() == 1 ? " thread)" : " threads)");
    }

    /**
     * The matrix-product set-up, for `lfm info` and `lfm bench`: register tiles, block sizes and the
     * cache sizes they were derived from, e.g. "4x4 tile (kc 256, mc 128, nc 256), 8x2 for transposed a
     * (...); L1d 32 KiB, L2 512 KiB (assumed)".
     */
    public String gemmDescription() {
        return vector ? gemm.describe() + "; " + CacheSizes.detect() : "scalar loops";
    }

    /** Floats per vector the kernels use (1 with the scalar kernels). */
    public int vectorLanes() {
        return vector ? Simd.LANES : 1;
    }

    /** Threads in the pool, the calling thread included. */
    public int threads() {
        return pool.size();
    }

    /** Whether the Vector API kernels run (false: the scalar ones). */
    public boolean vectorized() {
        return vector;
    }

    @Override
    public TensorArena newArena(String name) {
        return new BumpArena(name, this, chunks);
    }

    // ---------------------------------------------------------------- transfers

    @Override
    public float[] toHost(Tensor tensor) {
        return elementwise.toHost(tensor);
    }

    @Override
    public double[] toHostDoubles(Tensor tensor) {
        return elementwise.toHostDoubles(tensor);
    }

    @Override
    public void fromHost(float[] values, Tensor destination) {
        elementwise.fromHost(values, destination);
    }

    @Override
    public void fromHost(double[] values, Tensor destination) {
        elementwise.fromHost(values, destination);
    }

    @Override
    public void copy(Tensor source, Tensor destination) {
        elementwise.copy(source, destination);
    }

    @Override
    public void fill(Tensor destination, float value) {
        elementwise.fill(destination, value);
    }

    // ---------------------------------------------------------------- matrix products and dense layers

    @Override
    public void matmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB, Tensor c, float alpha, float beta) {
        dense.matmul(a, transposeA, b, transposeB, c, alpha, beta);
    }

    @Override
    public void denseForward(Tensor x, Tensor weight, Tensor bias, Activation activation, Tensor pre, Tensor out) {
        dense.denseForward(x, weight, bias, activation, pre, out);
    }

    @Override
    public void denseChainForward(
            Tensor x,
            List<Tensor> weights,
            List<Tensor> biases,
            Activation activation,
            Tensor out,
            TensorArena scratchArena) {
        if (!dense.chainForward(x, weights, biases, activation, out)) {
            Backend.super.denseChainForward(x, weights, biases, activation, out, scratchArena);
        }
    }

    @Override
    public void denseBackwardInput(
            Tensor gradAbove,
            Tensor weight,
            Tensor pre,
            Tensor out,
            Activation activation,
            Tensor gradPre,
            Tensor gradBias) {
        dense.denseBackwardInput(gradAbove, weight, pre, out, activation, gradPre, gradBias);
    }

    @Override
    public void biasActivation(Tensor pre, Tensor bias, Activation activation, Tensor out) {
        dense.biasActivation(pre, bias, activation, out);
    }

    @Override
    public void activationBackward(
            Tensor pre, Tensor out, Tensor gradOut, Activation activation, Tensor gradPre, Tensor gradBias) {
        dense.activationBackward(pre, out, gradOut, activation, gradPre, gradBias);
    }

    @Override
    public void activationTangent(Tensor pre, Activation activation, Tensor tangents) {
        dense.activationTangent(pre, activation, tangents);
    }

    // ---------------------------------------------------------------- elementwise

    @Override
    public void add(Tensor a, Tensor b, Tensor out) {
        elementwise.add(a, b, out);
    }

    @Override
    public void multiply(Tensor a, Tensor b, Tensor out) {
        elementwise.multiply(a, b, out);
    }

    @Override
    public void scale(Tensor a, float s, Tensor out) {
        elementwise.scale(a, s, out);
    }

    @Override
    public void addScalar(Tensor scalar, float factor, Tensor out) {
        elementwise.addScalar(scalar, factor, out);
    }

    @Override
    public void axpy(float alpha, Tensor x, Tensor y) {
        elementwise.axpy(alpha, x, y);
    }

    @Override
    public void combine(Tensor out, Tensor base, float[] coefficients, Tensor... terms) {
        elementwise.combine(out, base, coefficients, terms);
    }

    // ---------------------------------------------------------------- reductions and loss

    @Override
    public void sum(Tensor a, Tensor out, boolean accumulate) {
        reductions.sum(a, out, accumulate);
    }

    @Override
    public void sumOfSquares(Tensor a, Tensor out, boolean accumulate) {
        reductions.sumOfSquares(a, out, accumulate);
    }

    @Override
    public void columnSums(Tensor a, Tensor out, boolean accumulate) {
        reductions.columnSums(a, out, accumulate);
    }

    @Override
    public void rowDot(Tensor a, Tensor b, float s, Tensor out, boolean accumulate) {
        reductions.rowDot(a, b, s, out, accumulate);
    }

    @Override
    public void stackedDiagonal(Tensor stacked, float s, Tensor out, boolean accumulate) {
        reductions.stackedDiagonal(stacked, s, out, accumulate);
    }

    @Override
    public void errorRatioSquares(Tensor error, Tensor x0, Tensor x1, float rtol, float atol, Tensor out) {
        reductions.errorRatioSquares(error, x0, x1, rtol, atol, out);
    }

    @Override
    public void mseForward(Tensor prediction, Tensor target, Tensor out) {
        reductions.mseForward(prediction, target, out);
    }

    @Override
    public void mseBackward(Tensor prediction, Tensor target, Tensor gradLoss, Tensor gradPrediction) {
        reductions.mseBackward(prediction, target, gradLoss, gradPrediction);
    }

    // ---------------------------------------------------------------- columns and time

    @Override
    public void concatColumns(Tensor left, Tensor right, Tensor out) {
        columns.concatColumns(left, right, out);
    }

    @Override
    public void splitColumns(Tensor in, Tensor left, Tensor right, boolean accumulate) {
        columns.splitColumns(in, left, right, accumulate);
    }

    @Override
    public void timeEmbedding(Tensor t, Tensor out) {
        columns.timeEmbedding(t, out);
    }

    @Override
    public void timeEmbeddingBackward(Tensor t, Tensor gradOut, Tensor gradT, boolean accumulate) {
        columns.timeEmbeddingBackward(t, gradOut, gradT, accumulate);
    }

    @Override
    public void timestepEmbedding(Tensor t, Tensor out) {
        columns.timestepEmbedding(t, out);
    }

    @Override
    public void timestepEmbeddingBackward(Tensor t, Tensor gradOut, Tensor gradT, boolean accumulate) {
        columns.timestepEmbeddingBackward(t, gradOut, gradT, accumulate);
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
        convolutions.conv2d(input, weight, bias, sampleBias, residual, geometry, out, accumulate);
    }

    @Override
    public void conv2dBackwardData(
            Tensor gradOut, Tensor weight, ConvGeometry geometry, Tensor gradInput, boolean accumulate) {
        convolutions.conv2dBackwardData(gradOut, weight, geometry, gradInput, accumulate);
    }

    @Override
    public void conv2dBackwardFilter(
            Tensor input,
            Tensor gradOut,
            ConvGeometry geometry,
            Tensor gradWeight,
            Tensor gradBias,
            boolean accumulate) {
        convolutions.conv2dBackwardFilter(input, gradOut, geometry, gradWeight, gradBias, accumulate);
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
        layers.groupNorm(x, gamma, beta, epsilon, activation, out, mean, inverseStd);
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
        layers.groupNormBackward(
                x, gamma, beta, mean, inverseStd, activation, gradOut, gradInput, accumulate, gradGamma, gradBeta);
    }

    @Override
    public void addSampleBias(Tensor x, Tensor bias, Tensor out) {
        layers.addSampleBias(x, bias, out);
    }

    @Override
    public void sampleBiasBackward(Tensor gradOut, Tensor gradBias, boolean accumulate) {
        layers.sampleBiasBackward(gradOut, gradBias, accumulate);
    }

    @Override
    public void softmaxRows(Tensor x, Tensor out) {
        layers.softmaxRows(x, out);
    }

    @Override
    public void softmaxRowsBackward(Tensor out, Tensor gradOut, Tensor gradIn, boolean accumulate) {
        layers.softmaxRowsBackward(out, gradOut, gradIn, accumulate);
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
        layers.matmulBatched(count, a, transposeA, b, transposeB, c, alpha, beta);
    }

    @Override
    public void dropout(Tensor x, float probability, RandomKey key, Tensor out, boolean accumulate) {
        layers.dropout(x, probability, key, out, accumulate);
    }

    // ---------------------------------------------------------------- random draws and flow matching

    @Override
    public void fillUniform(Tensor out, RandomKey key) {
        random.fillUniform(out, key);
    }

    @Override
    public void fillNormal(Tensor out, RandomKey key) {
        random.fillNormal(out, key);
    }

    @Override
    public void fillBeta(Tensor out, double a, double b, RandomKey key) {
        random.fillBeta(out, a, b, key);
    }

    @Override
    public void gatherRandomRows(Tensor source, RandomKey key, Tensor out) {
        random.gatherRandomRows(source, key, out);
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
        random.pathSample(xLeft, t, shrink, noiseScale, interpolant, noiseKey, xt, target);
    }

    // ---------------------------------------------------------------- optimisation

    @Override
    public void adamUpdate(Tensor parameter, Tensor gradient, Tensor firstMoment, Tensor secondMoment, AdamStep step) {
        optimizer.adamUpdate(parameter, gradient, firstMoment, secondMoment, step);
    }

    @Override
    public void clipByGlobalNorm(Tensor gradient, Tensor sumSquares, float maxNorm) {
        optimizer.clipByGlobalNorm(gradient, sumSquares, maxNorm);
    }

    @Override
    public void lerp(Tensor target, Tensor source, float weight) {
        optimizer.lerp(target, source, weight);
    }

    @Override
    public void close() {
        pool.close();
    }
}
