package lfm.backend.cuda;

import static lfm.backend.cuda.CudaRuntime.check;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import lfm.backend.Activation;
import lfm.backend.AdamStep;
import lfm.backend.Backend;
import lfm.backend.BackendUnavailableException;
import lfm.backend.MatrixBatch;
import lfm.backend.Checks;
import lfm.backend.ConvGeometry;
import lfm.bindings.cudart.Cudart;
import lfm.bindings.kernels.LfmKernels;
import lfm.flow.Interpolant;
import lfm.random.RandomKey;
import lfm.tensor.BumpArena;
import lfm.tensor.DType;
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
 */
public final class CudaBackend implements Backend {
    private static final int REDUCTION_SCRATCH = 1 << 20;   // doubles; LFM_REDUCTION_SCRATCH
    private static final int MAX_TERMS = 8;                 // LFM_COMBINE_MAX_TERMS
    private static final int HOST_TO_DEVICE = 1;
    private static final int DEVICE_TO_HOST = 2;
    private static final int DEVICE_TO_DEVICE = 3;

    private final Arena arena = Arena.ofShared();
    private final DeviceInfo device;
    private final MemorySegment stream;
    private final DeviceChunks chunks;
    private final CudaBlas blas;
    private final MemorySegment scratch;
    private final CudaConvolution convolution;
    private boolean closed;

    private CudaBackend(int ordinal) {
        check("cudaSetDevice", Cudart.cudaSetDevice(ordinal));
        device = CudaRuntime.deviceInfo(ordinal);
        MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
        check("cudaStreamCreateWithFlags", Cudart.cudaStreamCreateWithFlags(out, 1));   // cudaStreamNonBlocking
        stream = out.get(ValueLayout.ADDRESS, 0);
        chunks = new DeviceChunks(stream);
        blas = new CudaBlas(stream);
        scratch = chunks.obtain((long) REDUCTION_SCRATCH * Double.BYTES);
        convolution = new CudaConvolution(stream, blas, chunks);
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

    private MemorySegment on(Tensor tensor) {
        if (tensor == null) {
            return MemorySegment.NULL;
        }
        if (tensor.backend() != this) {
            throw new IllegalArgumentException("tensor " + tensor + " does not belong to this CUDA backend");
        }
        if (tensor.dtype() != DType.F32) {
            throw new IllegalArgumentException("the cuda backend stores float32 only, got " + tensor);
        }
        return tensor.data();
    }

    private long bytes(Tensor tensor) {
        return tensor.size() * Float.BYTES;
    }

    // ---------------------------------------------------------------- transfers

    @Override
    public float[] toHost(Tensor tensor) {
        float[] values = new float[Math.toIntExact(tensor.size())];
        if (values.length == 0) {
            return values;
        }
        try (Arena staging = Arena.ofConfined()) {
            MemorySegment host = staging.allocate(bytes(tensor), 16);
            check("cudaMemcpyAsync", Cudart.cudaMemcpyAsync(host, on(tensor), bytes(tensor), DEVICE_TO_HOST, stream));
            synchronize();
            MemorySegment.copy(host, ValueLayout.JAVA_FLOAT, 0, values, 0, values.length);
        }
        return values;
    }

    @Override
    public double[] toHostDoubles(Tensor tensor) {
        float[] values = toHost(tensor);
        double[] widened = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            widened[i] = values[i];
        }
        return widened;
    }

    @Override
    public void fromHost(float[] values, Tensor destination) {
        if (values.length != destination.size()) {
            throw new IllegalArgumentException("fromHost: " + values.length + " values into " + destination.shape());
        }
        if (values.length == 0) {
            return;
        }
        try (Arena staging = Arena.ofConfined()) {
            MemorySegment host = staging.allocate(bytes(destination), 16);
            MemorySegment.copy(values, 0, host, ValueLayout.JAVA_FLOAT, 0, values.length);
            check("cudaMemcpyAsync", Cudart.cudaMemcpyAsync(on(destination), host, bytes(destination),
                    HOST_TO_DEVICE, stream));
            synchronize();   // the staging memory is freed when this block ends
        }
    }

    @Override
    public void fromHost(double[] values, Tensor destination) {
        float[] rounded = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            rounded[i] = (float) values[i];
        }
        fromHost(rounded, destination);
    }

    @Override
    public void copy(Tensor source, Tensor destination) {
        Checks.sameSize("copy", source, destination);
        if (source.size() > 0) {
            check("cudaMemcpyAsync", Cudart.cudaMemcpyAsync(on(destination), on(source), bytes(source),
                    DEVICE_TO_DEVICE, stream));
        }
    }

    @Override
    public void fill(Tensor destination, float value) {
        check("lfm_fill", LfmKernels.lfm_fill(stream, on(destination), destination.size(), value));
    }

    @Override
    public void synchronize() {
        check("cudaStreamSynchronize", Cudart.cudaStreamSynchronize(stream));
    }

    // ---------------------------------------------------------------- matrix products

    @Override
    public void matmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB, Tensor c, float alpha, float beta) {
        int[] mnk = Checks.matmul(a, transposeA, b, transposeB, c);
        int m = mnk[0], n = mnk[1], k = mnk[2];
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {   // an empty sum: c = β·c (β = 0 ignores c, NaN included)
            if (beta == 0) {
                fill(c, 0f);
            } else {
                scale(c, beta, c);
            }
            return;
        }
        blas.sgemm(on(a), a.cols(), transposeA, on(b), b.cols(), transposeB, on(c), m, n, k, alpha, beta);
    }

    // ---------------------------------------------------------------- dense layer

    @Override
    public void biasActivation(Tensor pre, Tensor bias, Activation activation, Tensor out) {
        Checks.sameMatrix("biasActivation", pre, out);
        if (bias != null) {
            Checks.rowVector("biasActivation", bias, pre.cols());
        }
        check("lfm_bias_activation_forward", LfmKernels.lfm_bias_activation_forward(stream, on(pre), on(bias),
                activation.kind().ordinal(), activation.parameter(), on(out), pre.rows(), pre.cols()));
    }

    @Override
    public void activationBackward(Tensor pre, Tensor out, Tensor gradOut, Activation activation,
                                   Tensor gradPre, Tensor gradBias) {
        Checks.sameMatrix("activationBackward", pre, gradOut);
        Checks.sameMatrix("activationBackward", pre, gradPre);
        if (gradBias != null) {
            Checks.rowVector("activationBackward", gradBias, pre.cols());
        }
        check("lfm_bias_activation_backward", LfmKernels.lfm_bias_activation_backward(stream, on(pre), on(gradOut),
                activation.kind().ordinal(), activation.parameter(), on(gradPre), on(gradBias), pre.rows(),
                pre.cols(), scratch, REDUCTION_SCRATCH));
    }

    @Override
    public void activationTangent(Tensor pre, Activation activation, Tensor tangents) {
        Checks.stackedRows("activationTangent", tangents, pre.rows());
        if (tangents.cols() != pre.cols()) {
            throw new IllegalArgumentException("activationTangent: " + tangents.shape() + " vs " + pre.shape());
        }
        check("lfm_activation_tangent_forward", LfmKernels.lfm_activation_tangent_forward(stream, on(pre),
                activation.kind().ordinal(), activation.parameter(), on(tangents), pre.rows(), tangents.rows(),
                pre.cols()));
    }

    // ---------------------------------------------------------------- elementwise

    @Override
    public void add(Tensor a, Tensor b, Tensor out) {
        Checks.sameSize("add", a, b);
        Checks.sameSize("add", a, out);
        check("lfm_add", LfmKernels.lfm_add(stream, on(a), on(b), on(out), a.size()));
    }

    @Override
    public void multiply(Tensor a, Tensor b, Tensor out) {
        Checks.sameSize("multiply", a, b);
        Checks.sameSize("multiply", a, out);
        check("lfm_multiply", LfmKernels.lfm_multiply(stream, on(a), on(b), on(out), a.size()));
    }

    @Override
    public void scale(Tensor a, float s, Tensor out) {
        Checks.sameSize("scale", a, out);
        check("lfm_scale", LfmKernels.lfm_scale(stream, on(a), s, on(out), a.size()));
    }

    @Override
    public void addScalar(Tensor scalar, float factor, Tensor out) {
        Checks.scalar("addScalar", scalar);
        check("lfm_add_scalar", LfmKernels.lfm_add_scalar(stream, on(scalar), factor, on(out), out.size()));
    }

    @Override
    public void axpy(float alpha, Tensor x, Tensor y) {
        Checks.sameSize("axpy", x, y);
        check("lfm_axpy", LfmKernels.lfm_axpy(stream, alpha, on(x), on(y), x.size()));
    }

    /** Up to 8 terms per launch; more are chained with out as the next base (terms never alias out). */
    @Override
    public void combine(Tensor out, Tensor base, float[] coefficients, Tensor... terms) {
        if (coefficients.length != terms.length) {
            throw new IllegalArgumentException("combine: " + coefficients.length + " coefficients for "
                    + terms.length + " terms");
        }
        for (Tensor term : terms) {
            Checks.sameSize("combine", term, out);
        }
        if (base != null) {
            Checks.sameSize("combine", base, out);
        }
        try (Arena call = Arena.ofConfined()) {
            int from = 0;
            Tensor currentBase = base;
            do {
                int count = Math.min(MAX_TERMS, terms.length - from);
                MemorySegment pointers = call.allocate(ValueLayout.ADDRESS, Math.max(1, count));
                MemorySegment factors = call.allocate(ValueLayout.JAVA_FLOAT, Math.max(1, count));
                for (int k = 0; k < count; k++) {
                    pointers.setAtIndex(ValueLayout.ADDRESS, k, on(terms[from + k]));
                    factors.setAtIndex(ValueLayout.JAVA_FLOAT, k, coefficients[from + k]);
                }
                check("lfm_combine", LfmKernels.lfm_combine(stream, on(out), on(currentBase), count, pointers,
                        factors, out.size()));
                from += count;
                currentBase = out;
            } while (from < terms.length);
        }
    }

    // ---------------------------------------------------------------- reductions and loss

    @Override
    public void sum(Tensor a, Tensor out, boolean accumulate) {
        Checks.scalar("sum", out);
        check("lfm_sum", LfmKernels.lfm_sum(stream, on(a), a.size(), 0, on(out), flag(accumulate), scratch,
                REDUCTION_SCRATCH));
    }

    @Override
    public void sumOfSquares(Tensor a, Tensor out, boolean accumulate) {
        Checks.scalar("sumOfSquares", out);
        check("lfm_sum", LfmKernels.lfm_sum(stream, on(a), a.size(), 1, on(out), flag(accumulate), scratch,
                REDUCTION_SCRATCH));
    }

    @Override
    public void columnSums(Tensor a, Tensor out, boolean accumulate) {
        Checks.rowVector("columnSums", out, a.cols());
        check("lfm_column_sums", LfmKernels.lfm_column_sums(stream, on(a), a.rows(), a.cols(), on(out),
                flag(accumulate), scratch, REDUCTION_SCRATCH));
    }

    @Override
    public void rowDot(Tensor a, Tensor b, float s, Tensor out, boolean accumulate) {
        Checks.sameMatrix("rowDot", a, b);
        Checks.column("rowDot", out, a.rows());
        check("lfm_row_dot", LfmKernels.lfm_row_dot(stream, on(a), on(b), a.rows(), a.cols(), s, on(out),
                flag(accumulate)));
    }

    @Override
    public void stackedDiagonal(Tensor stacked, float s, Tensor out, boolean accumulate) {
        int d = stacked.cols();
        Checks.stackedRows("stackedDiagonal", stacked, d);
        int n = stacked.rows() / d;
        Checks.column("stackedDiagonal", out, n);
        check("lfm_stacked_diagonal", LfmKernels.lfm_stacked_diagonal(stream, on(stacked), n, d, s, on(out),
                flag(accumulate)));
    }

    @Override
    public void errorRatioSquares(Tensor error, Tensor x0, Tensor x1, float rtol, float atol, Tensor out) {
        Checks.sameSize("errorRatioSquares", error, x0);
        Checks.sameSize("errorRatioSquares", error, x1);
        Checks.scalar("errorRatioSquares", out);
        check("lfm_error_ratio_squares", LfmKernels.lfm_error_ratio_squares(stream, on(error), on(x0), on(x1),
                error.size(), rtol, atol, on(out), scratch, REDUCTION_SCRATCH));
    }

    @Override
    public void mseForward(Tensor prediction, Tensor target, Tensor out) {
        Checks.sameSize("mseForward", prediction, target);
        Checks.scalar("mseForward", out);
        check("lfm_mse_forward", LfmKernels.lfm_mse_forward(stream, on(prediction), on(target), prediction.size(),
                on(out), scratch, REDUCTION_SCRATCH));
    }

    @Override
    public void mseBackward(Tensor prediction, Tensor target, Tensor gradLoss, Tensor gradPrediction) {
        Checks.sameSize("mseBackward", prediction, target);
        Checks.sameSize("mseBackward", prediction, gradPrediction);
        Checks.scalar("mseBackward", gradLoss);
        check("lfm_mse_backward", LfmKernels.lfm_mse_backward(stream, on(prediction), on(target), on(gradLoss),
                on(gradPrediction), prediction.size()));
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
        check("lfm_concat_columns_forward", LfmKernels.lfm_concat_columns_forward(stream, on(left), left.cols(),
                on(right), right.cols(), on(out), out.rows()));
    }

    @Override
    public void splitColumns(Tensor in, Tensor left, Tensor right, boolean accumulate) {
        int leftCols = left != null ? left.cols() : in.cols() - right.cols();
        int rightCols = in.cols() - leftCols;
        check("lfm_concat_columns_backward", LfmKernels.lfm_concat_columns_backward(stream, on(in), on(left),
                leftCols, on(right), rightCols, in.rows(), flag(accumulate)));
    }

    @Override
    public void timeEmbedding(Tensor t, Tensor out) {
        Checks.column("timeEmbedding", t, out.rows());
        requireEven("timeEmbedding", out);
        check("lfm_time_embedding_forward", LfmKernels.lfm_time_embedding_forward(stream, on(t), t.rows(),
                out.cols() / 2, on(out)));
    }

    @Override
    public void timeEmbeddingBackward(Tensor t, Tensor gradOut, Tensor gradT, boolean accumulate) {
        Checks.column("timeEmbeddingBackward", gradT, t.rows());
        Checks.rows("timeEmbeddingBackward", gradOut, t.rows());
        requireEven("timeEmbeddingBackward", gradOut);
        check("lfm_time_embedding_backward", LfmKernels.lfm_time_embedding_backward(stream, on(t), on(gradOut),
                t.rows(), gradOut.cols() / 2, on(gradT), flag(accumulate)));
    }

    @Override
    public void timestepEmbedding(Tensor t, Tensor out) {
        Checks.column("timestepEmbedding", t, out.rows());
        Checks.evenColumns("timestepEmbedding", out);
        check("lfm_timestep_embedding_forward", LfmKernels.lfm_timestep_embedding_forward(stream, on(t), t.rows(),
                out.cols() / 2, on(out)));
    }

    @Override
    public void timestepEmbeddingBackward(Tensor t, Tensor gradOut, Tensor gradT, boolean accumulate) {
        Checks.column("timestepEmbeddingBackward", gradT, t.rows());
        Checks.rows("timestepEmbeddingBackward", gradOut, t.rows());
        Checks.evenColumns("timestepEmbeddingBackward", gradOut);
        check("lfm_timestep_embedding_backward", LfmKernels.lfm_timestep_embedding_backward(stream, on(t),
                on(gradOut), t.rows(), gradOut.cols() / 2, on(gradT), flag(accumulate)));
    }

    // ---------------------------------------------------------------- images and attention

    @Override
    public void conv2d(Tensor input, Tensor weight, Tensor bias, Tensor sampleBias, Tensor residual,
                       ConvGeometry geometry, Tensor out, boolean accumulate) {
        Checks.convolution("conv2d", geometry, input, weight, bias, out);
        Checks.convolutionEpilogue(geometry, sampleBias, residual, out);
        convolution.forward(on(input), on(weight), on(bias), on(sampleBias), on(residual), geometry, on(out), accumulate);
    }

    @Override
    public void conv2dBackwardData(Tensor gradOut, Tensor weight, ConvGeometry geometry, Tensor gradInput,
                                   boolean accumulate) {
        Checks.convolution("conv2dBackwardData", geometry, gradInput, weight, null, gradOut);
        convolution.backwardData(on(gradOut), on(weight), geometry, on(gradInput), accumulate);
    }

    @Override
    public void conv2dBackwardFilter(Tensor input, Tensor gradOut, ConvGeometry geometry, Tensor gradWeight,
                                     Tensor gradBias, boolean accumulate) {
        Checks.convolution("conv2dBackwardFilter", geometry, input, gradWeight, gradBias, gradOut);
        convolution.backwardFilter(on(input), on(gradOut), geometry, on(gradWeight), accumulate);
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
        check("lfm_group_norm_forward", LfmKernels.lfm_group_norm_forward(stream, on(x), on(gamma), on(beta), dims[0],
                dims[1], x.cols(), dims[2], epsilon, activation.kind().ordinal(), activation.parameter(), on(out),
                on(mean), on(inverseStd)));
    }

    @Override
    public void groupNormBackward(Tensor x, Tensor gamma, Tensor beta, Tensor mean, Tensor inverseStd,
                                  Activation activation, Tensor gradOut, Tensor gradInput, boolean accumulate,
                                  Tensor gradGamma, Tensor gradBeta) {
        int[] dims = Checks.groupNorm("groupNormBackward", x, gamma, beta, mean, inverseStd);
        Checks.sameMatrix("groupNormBackward", x, gradOut);
        Checks.sameMatrix("groupNormBackward", x, gradInput);
        check("lfm_group_norm_backward", LfmKernels.lfm_group_norm_backward(stream, on(x), on(gamma), on(beta),
                on(mean), on(inverseStd), dims[0], dims[1], x.cols(), dims[2], activation.kind().ordinal(),
                activation.parameter(), on(gradOut), on(gradInput), flag(accumulate), on(gradGamma), on(gradBeta),
                scratch, REDUCTION_SCRATCH));
    }

    @Override
    public void addSampleBias(Tensor x, Tensor bias, Tensor out) {
        int pixels = Checks.sampleRows("addSampleBias", x, bias);
        Checks.sameMatrix("addSampleBias", x, out);
        check("lfm_sample_bias_forward", LfmKernels.lfm_sample_bias_forward(stream, on(x), on(bias), bias.rows(),
                pixels, x.cols(), on(out)));
    }

    @Override
    public void sampleBiasBackward(Tensor gradOut, Tensor gradBias, boolean accumulate) {
        int pixels = Checks.sampleRows("sampleBiasBackward", gradOut, gradBias);
        check("lfm_sample_bias_backward", LfmKernels.lfm_sample_bias_backward(stream, on(gradOut), gradBias.rows(),
                pixels, gradOut.cols(), on(gradBias), flag(accumulate)));
    }

    @Override
    public void softmaxRows(Tensor x, Tensor out) {
        Checks.sameMatrix("softmaxRows", x, out);
        check("lfm_softmax_forward", LfmKernels.lfm_softmax_forward(stream, on(x), x.rows(), x.cols(), on(out)));
    }

    @Override
    public void softmaxRowsBackward(Tensor out, Tensor gradOut, Tensor gradIn, boolean accumulate) {
        Checks.sameMatrix("softmaxRowsBackward", out, gradOut);
        Checks.sameMatrix("softmaxRowsBackward", out, gradIn);
        check("lfm_softmax_backward", LfmKernels.lfm_softmax_backward(stream, on(out), on(gradOut), out.rows(),
                out.cols(), on(gradIn), flag(accumulate)));
    }

    @Override
    public void matmulBatched(int count, MatrixBatch a, boolean transposeA, MatrixBatch b, boolean transposeB,
                              MatrixBatch c, float alpha, float beta) {
        int[] mnk = Checks.matmulBatched(count, a, transposeA, b, transposeB, c);
        if (count == 0 || mnk[0] == 0 || mnk[1] == 0) {
            return;
        }
        if (mnk[2] == 0) {   // empty sums: c = β·c, one matrix at a time
            for (int i = 0; i < count; i++) {
                for (int r = 0; r < c.rows(); r++) {
                    MemorySegment row = on(c.tensor()).asSlice(4 * c.index(i, r, 0), 4L * c.cols());
                    check("lfm_scale", beta == 0 ? LfmKernels.lfm_fill(stream, row, c.cols(), 0f)
                            : LfmKernels.lfm_scale(stream, row, beta, row, c.cols()));
                }
            }
            return;
        }
        blas.sgemmStridedBatched(count, on(a.tensor()).asSlice(4 * a.offset()), a.leading(), a.stride(), transposeA,
                on(b.tensor()).asSlice(4 * b.offset()), b.leading(), b.stride(), transposeB,
                on(c.tensor()).asSlice(4 * c.offset()), c.leading(), c.stride(), mnk[0], mnk[1], mnk[2], alpha, beta);
    }

    @Override
    public void dropout(Tensor x, float probability, RandomKey key, Tensor out, boolean accumulate) {
        Checks.probability("dropout", probability);
        Checks.sameSize("dropout", x, out);
        check("lfm_dropout_forward", LfmKernels.lfm_dropout_forward(stream, on(x), probability, on(out), x.size(),
                flag(accumulate), key.key0(), key.key1(), key.stream0(), key.stream1()));
    }

    // ---------------------------------------------------------------- random draws

    @Override
    public void fillUniform(Tensor out, RandomKey key) {
        check("lfm_fill_uniform", LfmKernels.lfm_fill_uniform(stream, on(out), out.size(), key.key0(), key.key1(),
                key.stream0(), key.stream1(), key.offset()));
    }

    @Override
    public void fillNormal(Tensor out, RandomKey key) {
        check("lfm_fill_normal", LfmKernels.lfm_fill_normal(stream, on(out), out.size(), key.key0(), key.key1(),
                key.stream0(), key.stream1(), key.offset()));
    }

    @Override
    public void fillBeta(Tensor out, double a, double b, RandomKey key) {
        if (!(a > 0) || !(b > 0)) {
            throw new IllegalArgumentException("Beta(a, b) needs a, b > 0, got " + a + ", " + b);
        }
        check("lfm_fill_beta", LfmKernels.lfm_fill_beta(stream, on(out), out.size(), a, b, key.key0(), key.key1(),
                key.stream0(), key.stream1(), key.offset()));
    }

    @Override
    public void gatherRandomRows(Tensor source, RandomKey key, Tensor out) {
        if (source.cols() != out.cols()) {
            throw new IllegalArgumentException("gatherRandomRows: " + source.shape() + " into " + out.shape());
        }
        check("lfm_gather_random_rows", LfmKernels.lfm_gather_random_rows(stream, on(source), source.rows(),
                source.cols(), on(out), out.rows(), key.key0(), key.key1(), key.stream0(), key.stream1(), key.offset()));
    }

    /** The raw Philox words of a draw: word i = word i % 4 of block i / 4 (for the equality test). */
    public int[] philoxWords(RandomKey key, int count) {
        try (TensorArena scratchArena = newArena("philox words")) {
            Tensor words = scratchArena.allocate(lfm.tensor.Shape.matrix(1, count));
            check("lfm_philox_words", LfmKernels.lfm_philox_words(stream, on(words), count, key.key0(), key.key1(),
                    key.stream0(), key.stream1()));
            float[] bits = toHost(words);
            int[] result = new int[count];
            for (int i = 0; i < count; i++) {
                result[i] = Float.floatToRawIntBits(bits[i]);
            }
            return result;
        }
    }

    // ---------------------------------------------------------------- flow matching and optimisation

    @Override
    public void pathSample(Tensor xLeft, Tensor t, float shrink, float noiseScale, Interpolant interpolant,
                           RandomKey noiseKey, Tensor xt, Tensor target) {
        Checks.column("pathSample", t, xLeft.rows());
        Checks.sameMatrix("pathSample", xLeft, xt);
        Checks.sameMatrix("pathSample", xLeft, target);
        check("lfm_path_sample_forward", LfmKernels.lfm_path_sample_forward(stream, on(xLeft), on(t), xLeft.rows(),
                xLeft.cols(), shrink, noiseScale, interpolant.ordinal(), noiseKey.key0(), noiseKey.key1(),
                noiseKey.stream0(), noiseKey.stream1(), noiseKey.offset(), on(xt), on(target)));
    }

    @Override
    public void adamUpdate(Tensor parameter, Tensor gradient, Tensor firstMoment, Tensor secondMoment, AdamStep step) {
        Checks.sameSize("adamUpdate", parameter, gradient);
        Checks.sameSize("adamUpdate", parameter, firstMoment);
        Checks.sameSize("adamUpdate", parameter, secondMoment);
        double stepSize = step.learningRate() / step.biasCorrection1();
        double rootCorrection2 = Math.sqrt(step.biasCorrection2());
        check("lfm_adam_update", LfmKernels.lfm_adam_update(stream, on(parameter), on(gradient), on(firstMoment),
                on(secondMoment), parameter.size(), step.learningRate(), step.beta1(), step.beta2(), step.epsilon(),
                step.weightDecay(), flag(step.decoupledWeightDecay()), stepSize, rootCorrection2));
    }

    @Override
    public void clipByGlobalNorm(Tensor gradient, Tensor sumSquares, float maxNorm) {
        Checks.scalar("clipByGlobalNorm", sumSquares);
        check("lfm_clip_by_global_norm", LfmKernels.lfm_clip_by_global_norm(stream, on(gradient), gradient.size(),
                on(sumSquares), maxNorm));
    }

    @Override
    public void lerp(Tensor target, Tensor source, float weight) {
        Checks.sameSize("lerp", target, source);
        check("lfm_lerp", LfmKernels.lfm_lerp(stream, on(target), on(source), target.size(), weight));
    }

    /** The kernels index an embedding row as 2K columns (sin block, then cos block). */
    private static void requireEven(String op, Tensor embedding) {
        if (embedding.cols() % 2 != 0) {
            throw new IllegalArgumentException(op + ": an embedding has 2K columns, got " + embedding.shape());
        }
    }

    private static int flag(boolean value) {
        return value ? 1 : 0;
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
