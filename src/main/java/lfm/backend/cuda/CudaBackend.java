package lfm.backend.cuda;

import static lfm.backend.cuda.CudaRuntime.check;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import lfm.backend.Activation;
import lfm.backend.AdamStep;
import lfm.backend.Backend;
import lfm.backend.BackendUnavailableException;
import lfm.backend.ConvGeometry;
import lfm.backend.MatrixBatch;
import lfm.bindings.cudart.Cudart;
import lfm.flow.Interpolant;
import lfm.random.RandomKey;
import lfm.tensor.BumpArena;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;

/**
 * The CUDA backend: every op is one of our kernels (native/lfm_kernels.h) or a cuBLAS SGEMM, queued on
 * one stream. Tensors are float32 in device memory owned by this backend ({@link DeviceChunks}, a
 * caching allocator under the bump arenas); nothing comes back to the host unless a caller asks
 * ({@link #toHost}), so a training step runs with no transfer and no synchronisation. Reductions
 * accumulate in double through a fixed-shape two-pass scheme, so results repeat exactly run to run.
 *
 * <p>Device selection: {@code -Dlfm.cuda.device=N} (default 0). Errors of CUDA, cuBLAS and our
 * launchers become {@link CudaException} / {@link CublasException} naming the call.
 *
 * <p>Every op is one line here, handing on to its op family ({@link ElementwiseOps}, {@link DenseOps},
 * {@link ReductionOps}, {@link ColumnOps}, {@link ConvolutionOps}, {@link LayerOps}, {@link RandomOps},
 * {@link OptimizerOps}), which checks the arguments as {@link Backend} specifies and queues the launch.
 */
public final class CudaBackend implements Backend {
    private final Arena arena = Arena.ofShared();
    private final DeviceInfo device;
    private final MemorySegment stream;
    private final DeviceChunks chunks;
    private final CudaBlas blas;
    private final CudaConvolution convolution;
    private final ElementwiseOps elementwise;
    private final DenseOps dense;
    private final ReductionOps reductions;
    private final ColumnOps columns;
    private final ConvolutionOps convolutions;
    private final LayerOps layers;
    private final RandomOps random;
    private final OptimizerOps optimizer;
    private boolean closed;

    private CudaBackend(int ordinal) {
        check("cudaSetDevice", Cudart.cudaSetDevice(ordinal));
        device = CudaRuntime.deviceInfo(ordinal);
        MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
        check("cudaStreamCreateWithFlags", Cudart.cudaStreamCreateWithFlags(out, 1)); // cudaStreamNonBlocking
        stream = out.get(ValueLayout.ADDRESS, 0);
        chunks = new DeviceChunks(stream);
        blas = new CudaBlas(stream);
        MemorySegment scratch = chunks.obtain((long) CudaOperands.REDUCTION_SCRATCH * Double.BYTES);
        convolution = new CudaConvolution(stream, blas, chunks);
        elementwise = new ElementwiseOps(this, stream, scratch);
        dense = new DenseOps(this, stream, scratch, blas);
        reductions = new ReductionOps(this, stream, scratch);
        columns = new ColumnOps(this, stream, scratch);
        convolutions = new ConvolutionOps(this, stream, scratch, convolution);
        layers = new LayerOps(this, stream, scratch, blas);
        random = new RandomOps(this, stream, scratch);
        optimizer = new OptimizerOps(this, stream, scratch);
    }

    /** Opens the backend on the chosen GPU, or fails with the reason no GPU is usable. */
    public static Backend open() {
        String reason = unavailableReason();
        if (reason != null) {
            throw new BackendUnavailableException("cuda: " + reason);
        }
        String ordinal = CudaLibraries.setting("lfm.cuda.device", "LFM_CUDA_DEVICE");
        return new CudaBackend(ordinal == null ? 0 : Integer.parseInt(ordinal.trim()));
    }

    /** Null when a CUDA GPU and every library are usable, else one line saying why not. */
    public static String unavailableReason() {
        return CudaRuntime.unavailableReason();
    }

    @Override
    public String name() {
        return "cuda";
    }

    @Override
    public String description() {
        return "cuda (" + device.summary() + ", cuBLAS " + blas.version() + ", TF32 " + (blas.tf32() ? "on" : "off")
                + ", conv forward " + convolution.forwardMethod()
                + (device.emulated() ? "; CPU EMULATOR, not a GPU" : "") + ")";
    }

    /** The GPU this backend runs on. */
    public DeviceInfo device() {
        return device;
    }

    /**
     * Runs the convolution forward as im2col + cuBLAS (true) or with the implicit-GEMM kernel (false, the
     * default unless {@code -Dlfm.cuda.conv=im2col}); gpu-check runs the convolution cases both ways.
     */
    public void useIm2colConvolution(boolean im2col) {
        convolution.useIm2colForward(im2col);
    }

    /** The CUDA stream every op of this backend is queued on (for collectives that must follow them, NCCL). */
    public MemorySegment stream() {
        return stream;
    }

    /** Device bytes held by this backend's arenas and scratch. */
    public long deviceBytesHeld() {
        return chunks.bytesHeld();
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

    @Override
    public void synchronize() {
        elementwise.synchronize();
    }

    // ---------------------------------------------------------------- matrix products and dense layers

    @Override
    public void matmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB, Tensor c, float alpha, float beta) {
        dense.matmul(a, transposeA, b, transposeB, c, alpha, beta);
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

    // ---------------------------------------------------------------- random draws

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

    /** The raw Philox words of a draw: word i = word i % 4 of block i / 4 (for the equality test). */
    public int[] philoxWords(RandomKey key, int count) {
        return random.philoxWords(key, count);
    }

    // ---------------------------------------------------------------- flow matching and optimisation

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
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        Cudart.cudaStreamSynchronize(stream);
        convolution.close();
        blas.close();
        chunks.close();
        Cudart.cudaStreamDestroy(stream);
        arena.close();
    }
}
