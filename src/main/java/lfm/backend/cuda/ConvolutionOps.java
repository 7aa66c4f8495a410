package lfm.backend.cuda;

import java.lang.foreign.MemorySegment;
import lfm.backend.Checks;
import lfm.backend.ConvGeometry;
import lfm.tensor.Tensor;

/**
 * The 2-D convolution of the CUDA backend, forward and both backwards: checks, then
 * {@link CudaConvolution} (the bias gradient is the backend's column sums).
 */
final class ConvolutionOps extends CudaOperands {
    private final CudaConvolution convolution;

    ConvolutionOps(CudaBackend backend, MemorySegment stream, MemorySegment scratch, CudaConvolution convolution) {
        super(backend, stream, scratch);
        this.convolution = convolution;
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
        convolution.forward(
                on(input), on(weight), on(bias), on(sampleBias), on(residual), geometry, on(out), accumulate);
    }

    public void conv2dBackwardData(
            Tensor gradOut, Tensor weight, ConvGeometry geometry, Tensor gradInput, boolean accumulate) {
        Checks.convolution("conv2dBackwardData", geometry, gradInput, weight, null, gradOut);
        convolution.backwardData(on(gradOut), on(weight), geometry, on(gradInput), accumulate);
    }

    public void conv2dBackwardFilter(
            Tensor input,
            Tensor gradOut,
            ConvGeometry geometry,
            Tensor gradWeight,
            Tensor gradBias,
            boolean accumulate) {
        Checks.convolution("conv2dBackwardFilter", geometry, input, gradWeight, gradBias, gradOut);
        convolution.backwardFilter(on(input), on(gradOut), geometry, on(gradWeight), accumulate);
        if (gradBias != null) {
            backend.columnSums(gradOut, gradBias, accumulate);
        }
    }
}
