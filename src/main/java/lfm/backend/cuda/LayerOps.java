package lfm.backend.cuda;

import static lfm.backend.cuda.CudaRuntime.check;

import java.lang.foreign.MemorySegment;
import lfm.backend.Activation;
import lfm.backend.Checks;
import lfm.backend.MatrixBatch;
import lfm.bindings.kernels.LfmKernels;
import lfm.random.RandomKey;
import lfm.tensor.Tensor;

/**
 * Group normalisation, per-sample bias, attention (row softmax, batched products through cuBLAS) and
 * dropout of the CUDA backend: checks, then the launch.
 */
final class LayerOps extends CudaOperands {
    private final CudaBlas blas;

    LayerOps(CudaBackend backend, MemorySegment stream, MemorySegment scratch, CudaBlas blas) {
        super(backend, stream, scratch);
        this.blas = blas;
    }

    public void groupNorm(
            Tensor x,
            Tensor gamma,
            Tensor beta,
            float epsilon,
            Activation activation,
            Tensor out,
            Tensor mean,
            Tensor inverseStd) {
        int[] dims = Checks.groupNorm("groupNorm", x, gamma, beta, mean, inverseStd);
        Checks.sameMatrix("groupNorm", x, out);
        Checks.distinct("groupNorm", x, out);
        check(
                "lfm_group_norm_forward",
                LfmKernels.lfm_group_norm_forward(
                        stream,
                        on(x),
                        on(gamma),
                        on(beta),
                        dims[0],
                        dims[1],
                        x.cols(),
                        dims[2],
                        epsilon,
                        code(activation.kind()),
                        activation.parameter(),
                        on(out),
                        on(mean),
                        on(inverseStd)));
    }

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
        int[] dims = Checks.groupNorm("groupNormBackward", x, gamma, beta, mean, inverseStd);
        Checks.sameMatrix("groupNormBackward", x, gradOut);
        Checks.sameMatrix("groupNormBackward", x, gradInput);
        check(
                "lfm_group_norm_backward",
                LfmKernels.lfm_group_norm_backward(
                        stream,
                        on(x),
                        on(gamma),
                        on(beta),
                        on(mean),
                        on(inverseStd),
                        dims[0],
                        dims[1],
                        x.cols(),
                        dims[2],
                        code(activation.kind()),
                        activation.parameter(),
                        on(gradOut),
                        on(gradInput),
                        flag(accumulate),
                        on(gradGamma),
                        on(gradBeta),
                        scratch,
                        REDUCTION_SCRATCH));
    }

    public void addSampleBias(Tensor x, Tensor bias, Tensor out) {
        int pixels = Checks.sampleRows("addSampleBias", x, bias);
        Checks.sameMatrix("addSampleBias", x, out);
        check(
                "lfm_sample_bias_forward",
                LfmKernels.lfm_sample_bias_forward(stream, on(x), on(bias), bias.rows(), pixels, x.cols(), on(out)));
    }

    public void sampleBiasBackward(Tensor gradOut, Tensor gradBias, boolean accumulate) {
        int pixels = Checks.sampleRows("sampleBiasBackward", gradOut, gradBias);
        check(
                "lfm_sample_bias_backward",
                LfmKernels.lfm_sample_bias_backward(
                        stream, on(gradOut), gradBias.rows(), pixels, gradOut.cols(), on(gradBias), flag(accumulate)));
    }

    public void softmaxRows(Tensor x, Tensor out) {
        Checks.sameMatrix("softmaxRows", x, out);
        check("lfm_softmax_forward", LfmKernels.lfm_softmax_forward(stream, on(x), x.rows(), x.cols(), on(out)));
    }

    public void softmaxRowsBackward(Tensor out, Tensor gradOut, Tensor gradIn, boolean accumulate) {
        Checks.sameMatrix("softmaxRowsBackward", out, gradOut);
        Checks.sameMatrix("softmaxRowsBackward", out, gradIn);
        check(
                "lfm_softmax_backward",
                LfmKernels.lfm_softmax_backward(
                        stream, on(out), on(gradOut), out.rows(), out.cols(), on(gradIn), flag(accumulate)));
    }

    public void matmulBatched(
            int count,
            MatrixBatch a,
            boolean transposeA,
            MatrixBatch b,
            boolean transposeB,
            MatrixBatch c,
            float alpha,
            float beta) {
        int[] mnk = Checks.matmulBatched(count, a, transposeA, b, transposeB, c);
        if (count == 0 || mnk[0] == 0 || mnk[1] == 0) {
            return;
        }
        if (mnk[2] == 0) { // empty sums: c = β·c, one matrix at a time
            for (int i = 0; i < count; i++) {
                for (int r = 0; r < c.rows(); r++) {
                    MemorySegment row = on(c.tensor()).asSlice(4 * c.index(i, r, 0), 4L * c.cols());
                    check(
                            "lfm_scale",
                            beta == 0
                                    ? LfmKernels.lfm_fill(stream, row, c.cols(), 0f)
                                    : LfmKernels.lfm_scale(stream, row, beta, row, c.cols()));
                }
            }
            return;
        }
        blas.sgemmStridedBatched(
                count,
                on(a.tensor()).asSlice(4 * a.offset()),
                a.leading(),
                a.stride(),
                transposeA,
                on(b.tensor()).asSlice(4 * b.offset()),
                b.leading(),
                b.stride(),
                transposeB,
                on(c.tensor()).asSlice(4 * c.offset()),
                c.leading(),
                c.stride(),
                mnk[0],
                mnk[1],
                mnk[2],
                alpha,
                beta);
    }

    public void dropout(Tensor x, float probability, RandomKey key, Tensor out, boolean accumulate) {
        Checks.probability("dropout", probability);
        Checks.sameSize("dropout", x, out);
        check(
                "lfm_dropout_forward",
                LfmKernels.lfm_dropout_forward(
                        stream,
                        on(x),
                        probability,
                        on(out),
                        x.size(),
                        flag(accumulate),
                        key.key0(),
                        key.key1(),
                        key.stream0(),
                        key.stream1()));
    }
}
