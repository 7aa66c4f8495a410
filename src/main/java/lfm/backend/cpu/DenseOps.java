package lfm.backend.cpu;

import java.util.List;
import lfm.backend.Activation;
import lfm.backend.Backend;
import lfm.backend.Checks;
import lfm.tensor.Tensor;

/**
 * Matrix products and dense layers of the CPU backend: checks, then {@link Sgemm}, {@link DenseLayers}
 * (fused product + bias + activation) and {@link ActivationKernels}.
 */
final class DenseOps extends CpuOperands {
    private final Sgemm gemm;
    private final ActivationKernels activations;
    private final DenseLayers dense;

    DenseOps(
            Backend backend,
            Sgemm gemm,
            MlpInference inference,
            ActivationKernels activations,
            Scratch scratch,
            boolean vector) {
        super(backend);
        this.gemm = gemm;
        this.activations = activations;
        this.dense = new DenseLayers(gemm, inference, activations, scratch, vector, this::data);
    }

    public void matmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB, Tensor c, float alpha, float beta) {
        int[] mnk = Checks.matmul(a, transposeA, b, transposeB, c);
        gemm.multiply(data(a), transposeA, data(b), transposeB, data(c), mnk[0], mnk[1], mnk[2], alpha, beta);
    }

    public void denseForward(Tensor x, Tensor weight, Tensor bias, Activation activation, Tensor pre, Tensor out) {
        dense.forward(x, weight, bias, activation, pre, out);
    }

    public void denseBackwardInput(
            Tensor gradAbove,
            Tensor weight,
            Tensor pre,
            Tensor out,
            Activation activation,
            Tensor gradPre,
            Tensor gradBias) {
        dense.backwardInput(gradAbove, weight, pre, out, activation, gradPre, gradBias);
    }

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

    public void activationBackward(
            Tensor pre, Tensor out, Tensor gradOut, Activation activation, Tensor gradPre, Tensor gradBias) {
        Checks.sameMatrix("activationBackward", pre, gradOut);
        Checks.sameMatrix("activationBackward", pre, gradPre);
        if (gradBias != null) {
            Checks.rowVector("activationBackward", gradBias, pre.cols());
        }
        activations.backward(
                data(pre),
                dataOrNull(out),
                data(gradOut),
                activation,
                data(gradPre),
                dataOrNull(gradBias),
                pre.rows(),
                pre.cols());
    }

    public void activationTangent(Tensor pre, Activation activation, Tensor tangents) {
        Checks.stackedRows("activationTangent", tangents, pre.rows());
        if (tangents.cols() != pre.cols()) {
            throw new IllegalArgumentException("activationTangent: " + tangents.shape() + " vs " + pre.shape());
        }
        activations.tangent(data(pre), activation, data(tangents), tangents.rows(), pre.rows(), pre.cols());
    }

    /** A chain of dense layers in one pass where {@link DenseLayers} can; false: the caller runs it layer by layer. */
    boolean chainForward(Tensor x, List<Tensor> weights, List<Tensor> biases, Activation activation, Tensor out) {
        return dense.chainForward(x, weights, biases, activation, out);
    }
}
