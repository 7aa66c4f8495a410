package lfm.backend.cpu;

import lfm.backend.Activation;
import lfm.backend.Backend;
import lfm.backend.Checks;
import lfm.backend.MatrixBatch;
import lfm.random.RandomKey;
import lfm.tensor.Tensor;

/**
 * Group normalisation, per-sample bias, attention (row softmax, batched products) and dropout of the
 * CPU backend: checks, then {@link GroupNormKernels}, {@link LayerKernels} and {@link BatchedGemm}.
 */
final class LayerOps extends CpuOperands {
    private final GroupNormKernels groupNorms;
    private final LayerKernels layers;
    private final BatchedGemm batchedGemm;

    LayerOps(Backend backend, GroupNormKernels groupNorms, LayerKernels layers, BatchedGemm batchedGemm) {
        super(backend);
        this.groupNorms = groupNorms;
        this.layers = layers;
        this.batchedGemm = batchedGemm;
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
        groupNorms.forward(
                data(x),
                data(gamma),
                data(beta),
                epsilon,
                activation,
                data(out),
                data(mean),
                data(inverseStd),
                dims,
                x.cols());
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
        groupNorms.backward(
                data(x),
                data(gamma),
                data(beta),
                data(mean),
                data(inverseStd),
                activation,
                data(gradOut),
                data(gradInput),
                accumulate,
                dataOrNull(gradGamma),
                dataOrNull(gradBeta),
                dims,
                x.cols());
    }

    public void addSampleBias(Tensor x, Tensor bias, Tensor out) {
        int pixels = Checks.sampleRows("addSampleBias", x, bias);
        Checks.sameMatrix("addSampleBias", x, out);
        layers.addSampleBias(data(x), data(bias), data(out), bias.rows(), pixels, x.cols());
    }

    public void sampleBiasBackward(Tensor gradOut, Tensor gradBias, boolean accumulate) {
        int pixels = Checks.sampleRows("sampleBiasBackward", gradOut, gradBias);
        layers.sampleBiasBackward(data(gradOut), data(gradBias), gradBias.rows(), pixels, gradOut.cols(), accumulate);
    }

    public void softmaxRows(Tensor x, Tensor out) {
        Checks.sameMatrix("softmaxRows", x, out);
        layers.softmax(data(x), data(out), x.rows(), x.cols());
    }

    public void softmaxRowsBackward(Tensor out, Tensor gradOut, Tensor gradIn, boolean accumulate) {
        Checks.sameMatrix("softmaxRowsBackward", out, gradOut);
        Checks.sameMatrix("softmaxRowsBackward", out, gradIn);
        layers.softmaxBackward(data(out), data(gradOut), data(gradIn), out.rows(), out.cols(), accumulate);
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
        batchedGemm.multiply(
                count,
                data(a.tensor()),
                a,
                transposeA,
                data(b.tensor()),
                b,
                transposeB,
                data(c.tensor()),
                c,
                mnk,
                alpha,
                beta);
    }

    public void dropout(Tensor x, float probability, RandomKey key, Tensor out, boolean accumulate) {
        Checks.probability("dropout", probability);
        Checks.sameSize("dropout", x, out);
        layers.dropout(data(x), probability, key, data(out), x.size(), accumulate);
    }
}
