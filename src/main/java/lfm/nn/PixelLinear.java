package lfm.nn;

import java.util.List;
import lfm.autograd.ImageFunctions;
import lfm.autograd.Tape;
import lfm.autograd.Variable;
import lfm.backend.ConvGeometry;
import lfm.random.RandomStream;
import lfm.tensor.Shape;
import lfm.tensor.TensorArena;

/**
 * A 1×1 convolution: the same linear map y = x·Wᵀ + b at every pixel, a matrix product on the
 * (B·H·W, in) matrix of a batch (the convolution op with kernel 1, whose weight gradient sums over the
 * pixels in parallel chunks). Stored as PyTorch stores the layer it stands for: weight
 * (out, in, 1, 1) for {@code nn.Conv2d} (a UNet's skip connection) or (out, in, 1) for {@code nn.Conv1d}
 * (attention's qkv and output projections); bias (out). PyTorch's initialisation U(±1/√in), or zeros.
 */
public final class PixelLinear implements Module {
    private final Parameter weight;
    private final Parameter bias;

    /** @param spatialDims 2 for a Conv2d-shaped weight (out, in, 1, 1), 1 for a Conv1d one (out, in, 1) */
    public PixelLinear(
            String prefix,
            int inputs,
            int outputs,
            int spatialDims,
            boolean zero,
            TensorArena arena,
            RandomStream random) {
        Shape shape = spatialDims == 2 ? Shape.of(outputs, inputs, 1, 1) : Shape.of(outputs, inputs, 1);
        this.weight = new Parameter(prefix + ".weight", shape, arena);
        this.bias = new Parameter(prefix + ".bias", Shape.of(outputs), arena);
        double bound = 1 / Math.sqrt(inputs);
        Conv2d.initUniform(weight.value(), zero ? 0 : bound, random.next());
        Conv2d.initUniform(bias.value(), zero ? 0 : bound, random.next());
    }

    /** y = x·Wᵀ + b (+ residual); x (B·P, in) → (B·P, out), P pixels per image. */
    public Variable forward(Tape tape, Variable x, int batch, Variable residual) {
        int pixels = x.rows() / batch;
        ConvGeometry geometry = new ConvGeometry(
                batch, pixels, 1, weight.value().cols(), weight.value().rows(), 1, 1, false);
        return ImageFunctions.conv2d(tape, x, tape.parameter(weight), tape.parameter(bias), geometry, residual);
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight, bias);
    }
}
