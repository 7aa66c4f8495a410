package lfm.backend.cpu;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import lfm.backend.Activation;
import lfm.backend.AdamStep;
import lfm.backend.Backend;
import lfm.backend.Checks;
import lfm.backend.ConvGeometry;
import lfm.backend.HostChunks;
import lfm.backend.MatrixBatch;
import lfm.flow.Interpolant;
import lfm.random.RandomKey;
import lfm.tensor.BumpArena;
import lfm.tensor.DType;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;

/**
 * The CPU backend: Vector API kernels (or their scalar twins) on a fixed pool of threads. Every op
 * checks its arguments as {@link Backend} specifies and hands the float32 segments to a kernel family:
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
    private final DenseLayers dense;
    private final ActivationKernels activations;
    private final ElementwiseKernels elementwise;
    private final ReductionKernels reductions;
    private final ColumnKernels columns;
    private final RandomKernels random;
    private final FlowKernels flow;
    private final AdamKernel adam;
    private final ConvolutionKernels convolutions;
    private final GroupNormKernels groupNorms;
    private final LayerKernels layers;
    private final BatchedGemm batchedGemm;

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
        VectorWidth.species(System.getProperty(VectorWidth.PROPERTY));   // a bad value fails here, in one line
        this.vector = !scalarKernels;
        this.pool = new WorkerPool(count);
        Scratch scratch = new Scratch(count);
        this.gemm = new Sgemm(pool, vector, scratch);

        this.activations = new ActivationKernels(pool, vector, scratch);
        this.dense = new DenseLayers(gemm, new MlpInference(pool, CacheSizes.detect()), activations, scratch, vector,
                this::data);
        this.elementwise = new ElementwiseKernels(pool, vector);
        this.reductions = new ReductionKernels(pool, vector, scratch);
        this.columns = new ColumnKernels(pool, vector);
        this.random = new RandomKernels(pool);
        this.flow = new FlowKernels(pool);
        this.adam = new AdamKernel(pool, vector);
        this.convolutions = new ConvolutionKernels(pool, vector, gemm);
        this.groupNorms = new GroupNormKernels(pool, vector, scratch);
        this.layers = new LayerKernels(pool, vector);
        this.batchedGemm = new BatchedGemm(pool, vector);
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

    /** The storage of a float32 tensor of this backend; anything else is a caller's bug. */
    private MemorySegment data(Tensor tensor) {
        if (tensor.backend() != this) {
            throw new IllegalArgumentException("tensor " + tensor + " belongs to " + tensor.backend().name()
                    + ", not to this cpu backend");
        }
        if (tensor.dtype() != DType.F32) {
            throw new IllegalArgumentException("the cpu backend computes in float32; " + tensor
                    + " is for the reference backend");
        }
        return tensor.data();
    }

    private MemorySegment dataOrNull(Tensor tensor) {
        return tensor == null ? null : data(tensor);
    }

    private float scalarValue(Tensor scalar) {
        return data(scalar).getAtIndex(ValueLayout.JAVA_FLOAT, 0);
    }

    // ---------------------------------------------------------------- transfers

    @Override
    public float[] toHost(Tensor tensor) {
        float[] values = new float[Math.toIntExact(tensor.size())];
        MemorySegment.copy(data(tensor), ValueLayout.JAVA_FLOAT, 0, values, 0, values.length);
        return values;
    }

    @Override
    public double[] toHostDoubles(Tensor tensor) {
        float[] values = toHost(tensor);
        double[] doubles = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            doubles[i] = values[i];
        }
        return doubles;
    }

    @Override
    public void fromHost(float[] values, Tensor destination) {
        checkLength(values.length, destination);
        MemorySegment.copy(values, 0, data(destination), ValueLayout.JAVA_FLOAT, 0, values.length);
    }

    @Override
    public void fromHost(double[] values, Tensor destination) {
        checkLength(values.length, destination);
        MemorySegment target = data(destination);
        for (int i = 0; i < values.length; i++) {
            target.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) values[i]);
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
        elementwise.copy(data(source), data(destination), source.size());
    }

    @Override
    public void fill(Tensor destination, float value) {
        elementwise.fill(data(destination), value, destination.size());
    }

    // ---------------------------------------------------------------- matrix products

    @Override
    public void matmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB, Tensor c, float alpha, float beta) {
        int[] mnk = Checks.matmul(a, transposeA, b, transposeB, c);
        gemm.multiply(data(a), transposeA, data(b), transposeB, data(c), mnk[0], mnk[1], mnk[2], alpha, beta);
    }

    // ---------------------------------------------------------------- dense layer

    @Override
    public void denseForward(Tensor x, Tensor weight, Tensor bias, Activation activation, Tensor pre, Tensor out) {
        dense.forward(x, weight, bias, activation, pre, out);
    }

    @Override
    public void denseChainForward(Tensor x, List<Tensor> weights, List<Tensor> biases, Activation activation,
                                  Tensor out, TensorArena scratchArena) {
        if (!dense.chainForward(x, weights, biases, activation, out)) {
            Backend.super.denseChainForward(x, weights, biases, activation, out, scratchArena);
        }
    }

    @Override
    public void denseBackwardInput(Tensor gradAbove, Tensor weight, Tensor pre, Tensor out, Activation activation,
                                   Tensor gradPre, Tensor gradBias) {
        dense.backwardInput(gradAbove, weight, pre, out, activation, gradPre, gradBias);
    }

    @Override
    public void biasActivation(Tensor pre, Tensor bias, Activation activation, Tensor out) {
        Checks.sameMatrix("biasActivation", pre, out);
        if (bias != null) {
            Checks.rowVector("biasActivation", bias, pre.cols());
        }
        if (out == pre && activation.kind() != Activation.Kind.IDENTITY) {
            throw new IllegalArgumentException("biasActivation: out may be pre only for the identity");
        }
        activations.forward(data(pre), dataOrNull(bias), activation, data(out), pre.rows(), pre.cols());
    }

    @Override
    public void activationBackward(Tensor pre, Tensor out, Tensor gradOut, Activation activation, Tensor gradPre,
                                   Tensor gradBias) {
        Checks.sameMatrix("activationBackward", pre, gradOut);
        Checks.sameMatrix("activationBackward", pre, gradPre);
        if (gradBias != null) {
            Checks.rowVector("activationBackward", gradBias, pre.cols());
        }
        activations.backward(data(pre), dataOrNull(out), data(gradOut), activation, data(gradPre),
                dataOrNull(gradBias), pre.rows(), pre.cols());
    }

    @Override
    public void activationTangent(Tensor pre, Activation activation, Tensor tangents) {
        Checks.stackedRows("activationTangent", tangents, pre.rows());
        if (tangents.cols() != pre.cols()) {
            throw new IllegalArgumentException("activationTangent: " + tangents.shape() + " vs " + pre.shape());
        }
        activations.tangent(data(pre), activation, data(tangents), tangents.rows(), pre.rows(), pre.cols());
    }

    // ---------------------------------------------------------------- elementwise

    @Override
    public void add(Tensor a, Tensor b, Tensor out) {
        Checks.sameSize("add", a, b);
        Checks.sameSize("add", a, out);
        elementwise.add(data(a), data(b), data(out), a.size());
    }

    @Override
    public void multiply(Tensor a, Tensor b, Tensor out) {
        Checks.sameSize("multiply", a, b);
        Checks.sameSize("multiply", a, out);
        elementwise.multiply(data(a), data(b), data(out), a.size());
    }

    @Override
    public void scale(Tensor a, float s, Tensor out) {
        Checks.sameSize("scale", a, out);
        elementwise.scale(data(a), s, data(out), a.size());
    }

    @Override
    public void addScalar(Tensor scalar, float factor, Tensor out) {
        Checks.scalar("addScalar", scalar);
        elementwise.addConstant((float) (factor * (double) scalarValue(scalar)), data(out), out.size());
    }

    @Override
    public void axpy(float alpha, Tensor x, Tensor y) {
        Checks.sameSize("axpy", x, y);
        elementwise.axpy(alpha, data(x), data(y), x.size());
    }

    @Override
    public void combine(Tensor out, Tensor base, float[] coefficients, Tensor... terms) {
        if (coefficients.length != terms.length) {
            throw new IllegalArgumentException("combine: " + coefficients.length + " coefficients for "
                    + terms.length + " terms");
        }
        for (Tensor term : terms) {
            Checks.sameSize("combine", term, out);
            data(term);
            if (term == out) {
                throw new IllegalArgumentException("combine: a term may not alias out");
            }
        }
        if (base != null) {
            Checks.sameSize("combine", base, out);
        }
        elementwise.combine(data(out), dataOrNull(base), coefficients, terms, out.size());
    }

    // ---------------------------------------------------------------- reductions

    @Override
    public void sum(Tensor a, Tensor out, boolean accumulate) {
        Checks.scalar("sum", out);
        storeScalar(out, reductions.sum(data(a), a.size()), accumulate);
    }

    @Override
    public void sumOfSquares(Tensor a, Tensor out, boolean accumulate) {
        Checks.scalar("sumOfSquares", out);
        storeScalar(out, reductions.sumOfSquares(data(a), a.size()), accumulate);
    }

    private void storeScalar(Tensor out, double value, boolean accumulate) {
        MemorySegment target = data(out);
        double old = accumulate ? target.getAtIndex(ValueLayout.JAVA_FLOAT, 0) : 0;
        target.setAtIndex(ValueLayout.JAVA_FLOAT, 0, (float) (old + value));
    }

    @Override
    public void columnSums(Tensor a, Tensor out, boolean accumulate) {
        Checks.rowVector("columnSums", out, a.cols());
        reductions.columnSums(data(a), a.rows(), a.cols(), data(out), accumulate);
    }

    @Override
    public void rowDot(Tensor a, Tensor b, float s, Tensor out, boolean accumulate) {
        Checks.sameMatrix("rowDot", a, b);
        Checks.column("rowDot", out, a.rows());
        reductions.rowDot(data(a), data(b), a.rows(), a.cols(), s, data(out), accumulate);
    }

    @Override
    public void stackedDiagonal(Tensor stacked, float s, Tensor out, boolean accumulate) {
        int d = stacked.cols();
        Checks.stackedRows("stackedDiagonal", stacked, d);
        int n = stacked.rows() / d;
        Checks.column("stackedDiagonal", out, n);
        reductions.stackedDiagonal(data(stacked), n, d, s, data(out), accumulate);
    }

    @Override
    public void errorRatioSquares(Tensor error, Tensor x0, Tensor x1, float rtol, float atol, Tensor out) {
        Checks.sameSize("errorRatioSquares", error, x0);
        Checks.sameSize("errorRatioSquares", error, x1);
        Checks.scalar("errorRatioSquares", out);
        storeScalar(out, reductions.errorRatioSquares(data(error), data(x0), data(x1), rtol, atol, error.size()),
                false);
    }

    // ---------------------------------------------------------------- loss

    @Override
    public void mseForward(Tensor prediction, Tensor target, Tensor out) {
        Checks.sameSize("mseForward", prediction, target);
        Checks.scalar("mseForward", out);
        double total = reductions.squaredDifference(data(prediction), data(target), prediction.size());
        storeScalar(out, total / prediction.size(), false);
    }

    @Override
    public void mseBackward(Tensor prediction, Tensor target, Tensor gradLoss, Tensor gradPrediction) {
        Checks.sameSize("mseBackward", prediction, target);
        Checks.sameSize("mseBackward", prediction, gradPrediction);
        Checks.scalar("mseBackward", gradLoss);
        float factor = (float) (2.0 * scalarValue(gradLoss) / prediction.size());
        elementwise.addScaledDifference(factor, data(prediction), data(target), data(gradPrediction),
                prediction.size());
    }

    // ---------------------------------------------------------------- columns and time

    @Override
    public void concatColumns(Tensor left, Tensor right, Tensor out) {
        Checks.rows("concatColumns", right, left.rows());
        Checks.rows("concatColumns", out, left.rows());
        if (out.cols() != left.cols() + right.cols()) {
            throw new IllegalArgumentException("concatColumns: " + left.cols() + " + " + right.cols()
                    + " columns into " + out.shape());
        }
        columns.concat(data(left), left.cols(), data(right), right.cols(), data(out), out.rows());
    }

    @Override
    public void splitColumns(Tensor in, Tensor left, Tensor right, boolean accumulate) {
        if (left == null && right == null) {
            return;
        }
        int leftCols = left != null ? left.cols() : in.cols() - right.cols();
        int rightCols = in.cols() - leftCols;
        if (left != null) {
            Checks.rows("splitColumns", left, in.rows());
        }
        if (right != null) {
            Checks.rows("splitColumns", right, in.rows());
            if (right.cols() != rightCols) {
                throw new IllegalArgumentException("splitColumns: " + in.shape() + " into " + leftCols + " + "
                        + right.cols() + " columns");
            }
        }
        columns.split(data(in), dataOrNull(left), leftCols, dataOrNull(right), rightCols, in.rows(), accumulate);
    }

    @Override
    public void timeEmbedding(Tensor t, Tensor out) {
        Checks.column("timeEmbedding", t, out.rows());
        columns.timeEmbedding(data(t), data(out), out.rows(), out.cols() / 2);
    }

    @Override
    public void timeEmbeddingBackward(Tensor t, Tensor gradOut, Tensor gradT, boolean accumulate) {
        Checks.column("timeEmbeddingBackward", gradT, t.rows());
        Checks.rows("timeEmbeddingBackward", gradOut, t.rows());
        columns.timeEmbeddingBackward(data(t), data(gradOut), data(gradT), t.rows(), gradOut.cols() / 2, accumulate);
    }

    @Override
    public void timestepEmbedding(Tensor t, Tensor out) {
        Checks.column("timestepEmbedding", t, out.rows());
        Checks.evenColumns("timestepEmbedding", out);
        LayerKernels.timestepEmbedding(data(t), data(out), t.rows(), out.cols() / 2);
    }

    @Override
    public void timestepEmbeddingBackward(Tensor t, Tensor gradOut, Tensor gradT, boolean accumulate) {
        Checks.column("timestepEmbeddingBackward", gradT, t.rows());
        Checks.rows("timestepEmbeddingBackward", gradOut, t.rows());
        Checks.evenColumns("timestepEmbeddingBackward", gradOut);
        LayerKernels.timestepEmbeddingBackward(data(t), data(gradOut), data(gradT), t.rows(), gradOut.cols() / 2,
                accumulate);
    }

    // ---------------------------------------------------------------- images and attention

    @Override
    public void conv2d(Tensor input, Tensor weight, Tensor bias, Tensor sampleBias, Tensor residual,
                       ConvGeometry geometry, Tensor out, boolean accumulate) {
        Checks.convolution("conv2d", geometry, input, weight, bias, out);
        Checks.convolutionEpilogue(geometry, sampleBias, residual, out);
        convolutions.forward(data(input), data(weight), dataOrNull(bias), dataOrNull(sampleBias), dataOrNull(residual),
                geometry, data(out), accumulate);
    }

    @Override
    public void conv2dBackwardData(Tensor gradOut, Tensor weight, ConvGeometry geometry, Tensor gradInput,
                                   boolean accumulate) {
        Checks.convolution("conv2dBackwardData", geometry, gradInput, weight, null, gradOut);
        convolutions.backwardData(data(gradOut), data(weight), geometry, data(gradInput), accumulate);
    }

    @Override
    public void conv2dBackwardFilter(Tensor input, Tensor gradOut, ConvGeometry geometry, Tensor gradWeight,
                                     Tensor gradBias, boolean accumulate) {
        Checks.convolution("conv2dBackwardFilter", geometry, input, gradWeight, gradBias, gradOut);
        convolutions.backwardFilter(data(input), data(gradOut), geometry, data(gradWeight), accumulate);
        if (gradBias != null) {
            columnSums(gradOut, gradBias, accumulate);
        }
    }

    @Override
    public void groupNorm(Tensor x, Tensor gamma, Tensor beta, float epsilon, Activation activation, Tensor out,
                          Tensor mean, Tensor inverseStd) {
        int[] dims = Checks.groupNorm("groupNorm", x, gamma, beta, mean, inverseStd);
        Checks.sameMatrix("groupNorm", x, out);
        Checks.distinct("groupNorm", x, out);
        groupNorms.forward(data(x), data(gamma), data(beta), epsilon, activation, data(out), data(mean),
                data(inverseStd), dims, x.cols());
    }

    @Override
    public void groupNormBackward(Tensor x, Tensor gamma, Tensor beta, Tensor mean, Tensor inverseStd,
                                  Activation activation, Tensor gradOut, Tensor gradInput, boolean accumulate,
                                  Tensor gradGamma, Tensor gradBeta) {
        int[] dims = Checks.groupNorm("groupNormBackward", x, gamma, beta, mean, inverseStd);
        Checks.sameMatrix("groupNormBackward", x, gradOut);
        Checks.sameMatrix("groupNormBackward", x, gradInput);
        groupNorms.backward(data(x), data(gamma), data(beta), data(mean), data(inverseStd), activation, data(gradOut),
                data(gradInput), accumulate, dataOrNull(gradGamma), dataOrNull(gradBeta), dims, x.cols());
    }

    @Override
    public void addSampleBias(Tensor x, Tensor bias, Tensor out) {
        int pixels = Checks.sampleRows("addSampleBias", x, bias);
        Checks.sameMatrix("addSampleBias", x, out);
        layers.addSampleBias(data(x), data(bias), data(out), bias.rows(), pixels, x.cols());
    }

    @Override
    public void sampleBiasBackward(Tensor gradOut, Tensor gradBias, boolean accumulate) {
        int pixels = Checks.sampleRows("sampleBiasBackward", gradOut, gradBias);
        layers.sampleBiasBackward(data(gradOut), data(gradBias), gradBias.rows(), pixels, gradOut.cols(), accumulate);
    }

    @Override
    public void softmaxRows(Tensor x, Tensor out) {
        Checks.sameMatrix("softmaxRows", x, out);
        layers.softmax(data(x), data(out), x.rows(), x.cols());
    }

    @Override
    public void softmaxRowsBackward(Tensor out, Tensor gradOut, Tensor gradIn, boolean accumulate) {
        Checks.sameMatrix("softmaxRowsBackward", out, gradOut);
        Checks.sameMatrix("softmaxRowsBackward", out, gradIn);
        layers.softmaxBackward(data(out), data(gradOut), data(gradIn), out.rows(), out.cols(), accumulate);
    }

    @Override
    public void matmulBatched(int count, MatrixBatch a, boolean transposeA, MatrixBatch b, boolean transposeB,
                              MatrixBatch c, float alpha, float beta) {
        int[] mnk = Checks.matmulBatched(count, a, transposeA, b, transposeB, c);
        batchedGemm.multiply(count, data(a.tensor()), a, transposeA, data(b.tensor()), b, transposeB,
                data(c.tensor()), c, mnk, alpha, beta);
    }

    @Override
    public void dropout(Tensor x, float probability, RandomKey key, Tensor out, boolean accumulate) {
        Checks.probability("dropout", probability);
        Checks.sameSize("dropout", x, out);
        layers.dropout(data(x), probability, key, data(out), x.size(), accumulate);
    }

    // ---------------------------------------------------------------- random draws

    @Override
    public void fillUniform(Tensor out, RandomKey key) {
        random.uniform(data(out), out.size(), key);
    }

    @Override
    public void fillNormal(Tensor out, RandomKey key) {
        random.normal(data(out), out.size(), key);
    }

    @Override
    public void fillBeta(Tensor out, double a, double b, RandomKey key) {
        if (!(a > 0 && b > 0)) {
            throw new IllegalArgumentException("fillBeta: a and b must be > 0, got " + a + ", " + b);
        }
        random.beta(data(out), out.size(), a, b, key);
    }

    @Override
    public void gatherRandomRows(Tensor source, RandomKey key, Tensor out) {
        if (source.cols() != out.cols()) {
            throw new IllegalArgumentException("gatherRandomRows: " + source.shape() + " into " + out.shape());
        }
        if (source.rows() == 0 && out.rows() > 0) {
            throw new IllegalArgumentException("gatherRandomRows: no rows to draw from");
        }
        random.gatherRows(data(source), source.rows(), source.cols(), key, data(out), out.rows());
    }

    // ---------------------------------------------------------------- flow matching

    @Override
    public void pathSample(Tensor xLeft, Tensor t, float shrink, float noiseScale, Interpolant interpolant,
                           RandomKey noiseKey, Tensor xt, Tensor target) {
        Checks.column("pathSample", t, xLeft.rows());
        Checks.sameMatrix("pathSample", xLeft, xt);
        Checks.sameMatrix("pathSample", xLeft, target);
        flow.pathSample(data(xLeft), data(t), xLeft.rows(), xLeft.cols(), shrink, noiseScale, interpolant, noiseKey,
                data(xt), data(target));
    }

    // ---------------------------------------------------------------- optimisation

    @Override
    public void adamUpdate(Tensor parameter, Tensor gradient, Tensor firstMoment, Tensor secondMoment, AdamStep step) {
        Checks.sameSize("adamUpdate", parameter, gradient);
        Checks.sameSize("adamUpdate", parameter, firstMoment);
        Checks.sameSize("adamUpdate", parameter, secondMoment);
        adam.update(data(parameter), data(gradient), data(firstMoment), data(secondMoment), parameter.size(), step);
    }

    @Override
    public void clipByGlobalNorm(Tensor gradient, Tensor sumSquares, float maxNorm) {
        Checks.scalar("clipByGlobalNorm", sumSquares);
        double factor = Math.min(1, maxNorm / (Math.sqrt(scalarValue(sumSquares)) + 1e-6));
        if (factor < 1) {
            elementwise.scale(data(gradient), (float) factor, data(gradient), gradient.size());
        }
    }

    @Override
    public void lerp(Tensor target, Tensor source, float weight) {
        Checks.sameSize("lerp", target, source);
        elementwise.lerp(data(target), data(source), weight, target.size());
    }

    @Override
    public void close() {
        pool.close();
    }
}
