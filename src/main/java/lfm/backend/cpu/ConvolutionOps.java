package lfm.backend.cpu;

import lfm.backend.Backend;
import lfm.backend.Checks;
import lfm.backend.ConvGeometry;
import lfm.tensor.Tensor;

/**
 * The 2-D convolution of the CPU backend, forward and both backwards: checks, then
 * {@link ConvolutionKernels} (the bias gradient is the backend's column sums).
 */
final class ConvolutionOps extends CpuOperands {
    private final ConvolutionKernels convolutions;

    ConvolutionOps(Backend backend, ConvolutionKernels convolutions) {
        super(backend);
        this.convolutions = convolutions;
    }

    public void conv2d(
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
        convolutions.forward(
                data(input),
                data(weight),
                dataOrNull(bias),
                dataOrNull(sampleBias),
                dataOrNull(residual),
                geometry,
                data(out),
                accumulate);
    }

    public void conv2dBackwardData(
            Tensor gradOut, Tensor weight, ConvGeometry geometry, Tensor gradInput, boolean accumulate) {
        Checks.convolution("conv2dBackwardData", geometry, gradInput, weight, null, gradOut);
        convolutions.backwardData(data(gradOut), data(weight), geometry, data(gradInput), accumulate);
    }

    public void conv2dBackwardFilter(
            Tensor input,
            Tensor gradOut,
            ConvGeometry geometry,
            Tensor gradWeight,
            Tensor gradBias,
            boolean accumulate) {
        Checks.convolution("conv2dBackwardFilter", geometry, input, gradWeight, gradBias, gradOut);
        convolutions.backwardFilter(data(input), data(gradOut), geometry, data(gradWeight), accumulate);
        if (gradBias != null) {
            backend.columnSums(gradOut, gradBias, accumulate);
        }
    }
}
