package lfm.backend.cuda;

import static lfm.backend.cuda.CudaRuntime.check;

import java.lang.foreign.MemorySegment;
import lfm.backend.Activation;
import lfm.backend.Checks;
import lfm.bindings.kernels.LfmKernels;
import lfm.tensor.Tensor;

/**
 * The matrix product (cuBLAS SGEMM) and the bias + activation kernels of dense layers of the CUDA
 * backend: checks, then the launch.
 */
final class DenseOps extends CudaOperands {
    private final CudaBlas blas;

    DenseOps(CudaBackend backend, MemorySegment stream, MemorySegment scratch, CudaBlas blas) {
        super(backend, stream, scratch);
        this.blas = blas;
    }

    public void matmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB, Tensor c, float alpha, float beta) {
        int[] mnk = Checks.matmul(a, transposeA, b, transposeB, c);
        int m = mnk[0], n = mnk[1], k = mnk[2];
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) { // an empty sum: c = β·c (β = 0 ignores c, NaN included)
            if (beta == 0) {
                backend.fill(c, 0f);
            } else {
                backend.scale(c, beta, c);
            }
            return;
        }
        blas.sgemm(on(a), a.cols(), transposeA, on(b), b.cols(), transposeB, on(c), m, n, k, alpha, beta);
    }

    public void biasActivation(Tensor pre, Tensor bias, Activation activation, Tensor out) {
        Checks.sameMatrix("biasActivation", pre, out);
        if (bias != null) {
            Checks.rowVector("biasActivation", bias, pre.cols());
        }
        check(
                "lfm_bias_activation_forward",
                LfmKernels.lfm_bias_activation_forward(
                        stream,
                        on(pre),
                        on(bias),
                        code(activation.kind()),
                        activation.parameter(),
                        on(out),
                        pre.rows(),
                        pre.cols()));
    }

    public void activationBackward(
            Tensor pre, Tensor out, Tensor gradOut, Activation activation, Tensor gradPre, Tensor gradBias) {
        Checks.sameMatrix("activationBackward", pre, gradOut);
        Checks.sameMatrix("activationBackward", pre, gradPre);
        if (gradBias != null) {
            Checks.rowVector("activationBackward", gradBias, pre.cols());
        }
        check(
                "lfm_bias_activation_backward",
                LfmKernels.lfm_bias_activation_backward(
                        stream,
                        on(pre),
                        on(gradOut),
                        code(activation.kind()),
                        activation.parameter(),
                        on(gradPre),
                        on(gradBias),
                        pre.rows(),
                        pre.cols(),
                        scratch,
                        REDUCTION_SCRATCH));
    }

    public void activationTangent(Tensor pre, Activation activation, Tensor tangents) {
        Checks.stackedRows("activationTangent", tangents, pre.rows());
        if (tangents.cols() != pre.cols()) {
            throw new IllegalArgumentException("activationTangent: " + tangents.shape() + " vs " + pre.shape());
        }
        check(
                "lfm_activation_tangent_forward",
                LfmKernels.lfm_activation_tangent_forward(
                        stream,
                        on(pre),
                        code(activation.kind()),
                        activation.parameter(),
                        on(tangents),
                        pre.rows(),
                        tangents.rows(),
                        pre.cols()));
    }
}
