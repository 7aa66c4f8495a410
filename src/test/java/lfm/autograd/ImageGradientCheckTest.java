package lfm.autograd;

import java.util.List;
import lfm.backend.Activation;
import lfm.backend.ConvGeometry;
import lfm.random.RandomKey;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Finite-difference checks (float64, reference backend) of the image and attention ops. */
class ImageGradientCheckTest {
    private static final double TOLERANCE = 1e-6;
    private final GradientChecker checker = new GradientChecker();

    @ParameterizedTest
    @CsvSource({"3,1,false", "3,2,false", "1,1,false", "1,2,false", "3,1,true", "3,2,true", "1,1,true"})
    void convolution(int kernel, int stride, boolean upsample) {
        ConvGeometry g = new ConvGeometry(2, 3, 4, 2, 3, kernel, stride, upsample);
        Tensor x = checker.input(Shape.matrix(g.inputRows(), g.inChannels()), 21);
        Tensor w = checker.input(Shape.matrix(g.outChannels(), g.weightColumns()), 22);
        Tensor b = checker.input(Shape.of(g.outChannels()), 23);
        Tensor residual = checker.input(Shape.matrix(g.outputRows(), g.outChannels()), 24);
        checker.check(
                "conv " + g,
                List.of(x, w, b, residual),
                new boolean[] {true, true, true, true},
                v -> ImageFunctions.conv2d(v.tape(), v.get(0), v.get(1), v.get(2), g, v.get(3)),
                TOLERANCE);
        checker.check(
                "conv without bias or residual " + g,
                List.of(x, w),
                new boolean[] {true, true},
                v -> ImageFunctions.conv2d(v.tape(), v.get(0), v.get(1), null, g, null),
                TOLERANCE);
        Tensor sampleBias = checker.input(Shape.matrix(g.batch(), g.outChannels()), 20);
        checker.check(
                "conv with sample bias " + g,
                List.of(x, w, sampleBias),
                new boolean[] {true, true, true},
                v -> ImageFunctions.conv2d(v.tape(), v.get(0), v.get(1), null, v.get(2), g, null),
                TOLERANCE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"identity", "silu", "tanh"})
    void groupNorm(String activation) {
        // 2 samples × 3 pixels × 4 channels in 2 groups
        Tensor x = checker.input(Shape.matrix(6, 4), 25, -2, 2);
        Tensor gamma = checker.input(Shape.of(4), 26, 0.5, 1.5);
        Tensor beta = checker.input(Shape.of(4), 27);
        checker.check(
                "group norm " + activation,
                List.of(x, gamma, beta),
                new boolean[] {true, true, true},
                v -> ImageFunctions.groupNorm(
                        v.tape(), v.get(0), v.get(1), v.get(2), 2, 2, 1e-5f, Activation.parse(activation)),
                1e-5);
    }

    @Test
    void groupNormOfSingleChannelGroups() {
        Tensor x = checker.input(Shape.matrix(8, 3), 28, -1, 3);
        Tensor gamma = checker.input(Shape.of(3), 29, 0.5, 1.5);
        Tensor beta = checker.input(Shape.of(3), 30);
        checker.check(
                "group norm, 3 groups of 1",
                List.of(x, gamma, beta),
                new boolean[] {true, true, true},
                v -> ImageFunctions.groupNorm(v.tape(), v.get(0), v.get(1), v.get(2), 2, 3, 1e-5f, Activation.SILU),
                1e-5);
    }

    @Test
    void sampleBiasDropoutAndReshape() {
        Tensor x = checker.input(Shape.matrix(6, 3), 31);
        Tensor bias = checker.input(Shape.matrix(2, 3), 32);
        checker.check(
                "sample bias",
                List.of(x, bias),
                new boolean[] {true, true},
                v -> ImageFunctions.addSampleBias(v.tape(), v.get(0), v.get(1)),
                TOLERANCE);
        RandomKey key = new RandomKey(5, 9);
        checker.check(
                "dropout",
                List.of(x),
                new boolean[] {true},
                v -> ImageFunctions.dropout(v.tape(), v.get(0), 0.4f, key),
                TOLERANCE);
        checker.check(
                "reshape",
                List.of(x),
                new boolean[] {true},
                v -> Functions.multiply(
                        v.tape(),
                        ImageFunctions.reshape(v.tape(), v.get(0), Shape.matrix(2, 9)),
                        ImageFunctions.reshape(v.tape(), v.get(0), Shape.matrix(2, 9))),
                TOLERANCE);
    }

    @Test
    void timestepEmbedding() {
        Tensor t = checker.input(Shape.matrix(5, 1), 33, 0, 1);
        checker.check(
                "timestep embedding",
                List.of(t),
                new boolean[] {true},
                v -> ImageFunctions.timestepEmbedding(v.tape(), v.get(0), 8),
                TOLERANCE);
    }

    @Test
    void softmax() {
        Tensor x = checker.input(Shape.matrix(4, 5), 34, -3, 3);
        checker.check(
                "softmax", List.of(x), new boolean[] {true}, v -> Attention.softmaxRows(v.tape(), v.get(0)), TOLERANCE);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void attention(int heads) {
        // 2 images × 5 pixels, 4 channels: qkv (10, 12)
        Tensor qkv = checker.input(Shape.matrix(10, 12), 35, -1.5, 1.5);
        checker.check(
                "attention, " + heads + " heads",
                List.of(qkv),
                new boolean[] {true},
                v -> Attention.attention(v.tape(), v.get(0), 2, heads),
                TOLERANCE);
    }
}
