package lfm.backend.reference;

import lfm.backend.Activation;
import lfm.backend.Checks;
import lfm.backend.ConvGeometry;
import lfm.backend.MatrixBatch;
import lfm.random.RandomKey;
import lfm.tensor.Tensor;

/**
 * The reference backend's image and attention ops: each checks its arguments as
 * {@link lfm.backend.Backend} specifies, then runs the loops of {@link ConvolutionLoops} or {@link LayerLoops}.
 */
final class ImageLoops {
    private ImageLoops() {}

    static void conv2d(
            Tensor input,
            Tensor weight,
            Tensor bias,
            Tensor sampleBias,
            Tensor residual,
            ConvGeometry geometry,
            Tensor out,
            boolean accumulate) {
        Checks.convolution("conv2d", geometry, input, weight, bias, out);
        Checks.convolutionEpilogue(geometry, sampleBias, residual, out);
        ConvolutionLoops.forward(input, weight, bias, sampleBias, residual, geometry, out, accumulate);
    }

    static void conv2dBackwardData(
            Tensor gradOut, Tensor weight, ConvGeometry geometry, Tensor gradInput, boolean accumulate) {
        Checks.convolution("conv2dBackwardData", geometry, gradInput, weight, null, gradOut);
        ConvolutionLoops.backwardData(gradOut, weight, geometry, gradInput, accumulate);
    }

    static void conv2dBackwardFilter(
            Tensor input,
            Tensor gradOut,
            ConvGeometry geometry,
            Tensor gradWeight,
            Tensor gradBias,
            boolean accumulate) {
        Checks.convolution("conv2dBackwardFilter", geometry, input, gradWeight, gradBias, gradOut);
        ConvolutionLoops.backwardFilter(input, gradOut, geometry, gradWeight, gradBias, accumulate);
    }

    static void groupNorm(
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
        LayerLoops.groupNorm(x, gamma, beta, epsilon, activation, out, mean, inverseStd, dims);
    }

    static void groupNormBackward(
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
        LayerLoops.groupNormBackward(
                x,
                gamma,
                beta,
                mean,
                inverseStd,
                activation,
                gradOut,
                gradInput,
                accumulate,
                gradGamma,
                gradBeta,
                dims);
    }

    static void addSampleBias(Tensor x, Tensor bias, Tensor out) {
        int pixels = Checks.sampleRows("addSampleBias", x, bias);
        Checks.sameMatrix("addSampleBias", x, out);
        LayerLoops.addSampleBias(x, bias, out, pixels);
    }

    static void sampleBiasBackward(Tensor gradOut, Tensor gradBias, boolean accumulate) {
        int pixels = Checks.sampleRows("sampleBiasBackward", gradOut, gradBias);
        LayerLoops.sampleBiasBackward(gradOut, gradBias, accumulate, pixels);
    }

    static void softmaxRows(Tensor x, Tensor out) {
        Checks.sameMatrix("softmaxRows", x, out);
        LayerLoops.softmaxRows(x, out);
    }

    static void softmaxRowsBackward(Tensor out, Tensor gradOut, Tensor gradIn, boolean accumulate) {
        Checks.sameMatrix("softmaxRowsBackward", out, gradOut);
        Checks.sameMatrix("softmaxRowsBackward", out, gradIn);
        LayerLoops.softmaxRowsBackward(out, gradOut, gradIn, accumulate);
    }

    static void matmulBatched(
            int count,
            MatrixBatch a,
            boolean transposeA,
            MatrixBatch b,
            boolean transposeB,
            MatrixBatch c,
            float alpha,
            float beta) {
        int[] mnk = Checks.matmulBatched(count, a, transposeA, b, transposeB, c);
        LayerLoops.matmulBatched(count, a, transposeA, b, transposeB, c, alpha, beta, mnk);
    }

    static void dropout(Tensor x, float probability, RandomKey key, Tensor out, boolean accumulate) {
        Checks.probability("dropout", probability);
        Checks.sameSize("dropout", x, out);
        LayerLoops.dropout(x, probability, key, out, accumulate);
    }
}
