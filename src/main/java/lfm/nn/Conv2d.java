package lfm.nn;

import java.util.List;
import lfm.autograd.ImageFunctions;
import lfm.autograd.Tape;
import lfm.autograd.Variable;
import lfm.backend.ConvGeometry;
import lfm.random.Distributions;
import lfm.random.RandomKey;
import lfm.random.RandomStream;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;

/**
 * A 2-D convolution layer over NHWC images, kernel 1 or 3 (padding 0 or 1), stride 1 or 2, optionally
 * reading the nearest-×2 upsampling of its input (see {@link ConvGeometry}). Parameters as PyTorch's
 * {@code nn.Conv2d}: weight (out, in, k, k), in memory and in checkpoints, so the (out, in·k²) matrix
 * the convolution ops take is the same bytes; bias (out). Initialised like PyTorch, W, b ~
 * U(−1/√fan_in, 1/√fan_in) with fan_in = in·k², or to zero where a network asks for it.
 */
public final class Conv2d implements Module {
    private final Parameter weight;
    private final Parameter bias;
    private final int kernel;
    private final int stride;
    private final boolean upsample;

    public Conv2d(
            String prefix,
            int inputs,
            int outputs,
            int kernel,
            int stride,
            boolean upsample,
            boolean zero,
            TensorArena arena,
            RandomStream random) {
        this.weight = new Parameter(prefix + ".weight", Shape.of(outputs, inputs, kernel, kernel), arena);
        this.bias = new Parameter(prefix + ".bias", Shape.of(outputs), arena);
        this.kernel = kernel;
        this.stride = stride;
        this.upsample = upsample;
        double bound = 1 / Math.sqrt((double) inputs * kernel * kernel);
        initUniform(weight.value(), zero ? 0 : bound, random.next());
        initUniform(bias.value(), zero ? 0 : bound, random.next());
    }

    /**
     * Fills a tensor with U(−bound, bound): element i is (2·{@link Distributions#uniform}(key, i) − 1)·bound
     * (zeros for bound 0), made four at a time from one Philox block.
     */
    static void initUniform(Tensor tensor, double bound, RandomKey key) {
        float[] values = new float[Math.toIntExact(tensor.size())];
        int[] words = new int[4];
        float[] four = new float[4];
        for (int start = 0; start < values.length && bound != 0; start += 4) {
            Distributions.uniformBlock(key, start / 4, words, four);
            for (int lane = 0; lane < 4 && start + lane < values.length; lane++) {
                values[start + lane] = (float) ((2 * four[lane] - 1) * bound);
            }
        }
        tensor.backend().fromHost(values, tensor);
    }

    /** The geometry of this layer on a batch of height × width images. */
    public ConvGeometry geometry(int batch, int height, int width) {
        return new ConvGeometry(batch, height, width, inputs(), outputs(), kernel, stride, upsample);
    }

    /** y = conv(x) + b (+ residual); x (B·H·W, in) → (B·H'·W', out). */
    public Variable forward(Tape tape, Variable x, int batch, int height, int width, Variable residual) {
        return forward(tape, x, batch, height, width, null, residual);
    }

    /** y = conv(x) + b + sampleBias[b] (+ residual), the additions fused into the convolution. */
    public Variable forward(
            Tape tape, Variable x, int batch, int height, int width, Variable sampleBias, Variable residual) {
        return ImageFunctions.conv2d(
                tape,
                x,
                tape.parameter(weight),
                tape.parameter(bias),
                sampleBias,
                geometry(batch, height, width),
                residual);
    }

    public int inputs() {
        return weight.value().cols() / (kernel * kernel);
    }

    public int outputs() {
        return weight.value().rows();
    }

    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight, bias);
    }
}
