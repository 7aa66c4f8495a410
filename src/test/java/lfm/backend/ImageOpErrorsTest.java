package lfm.backend;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import lfm.backend.cpu.CpuBackend;
import lfm.backend.reference.ReferenceBackend;
import lfm.random.RandomKey;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The image and attention ops reject operands that do not fit their geometry with one line naming the
 * op, the operand and both shapes, on the reference and the CPU backend alike (the CUDA backend runs
 * the same {@link Checks}), before anything is written.
 */
class ImageOpErrorsTest {

    private static Backend open(String name) {
        return name.equals("reference") ? new ReferenceBackend() : new CpuBackend(1);
    }

    private static void assertFails(String expected, Executable call) {
        var error = assertThrows(IllegalArgumentException.class, call);
        assertTrue(
                error.getMessage().contains(expected), () -> "expected '" + expected + "' in: " + error.getMessage());
        assertTrue(!error.getMessage().contains("\n"), "one line");
    }

    @ParameterizedTest
    @ValueSource(strings = {"reference", "cpu"})
    void convolutionOperandsMustFitTheGeometry(String name) {
        try (Backend backend = open(name);
                TensorArena arena = backend.newArena("errors")) {
            // 2 images of 4×4, 3 → 5 channels, 3×3 stride 1: input (32, 3), weight (5, 27), out (32, 5)
            ConvGeometry g = ConvGeometry.same3x3(2, 4, 4, 3, 5);
            Tensor input = arena.allocate(Shape.matrix(32, 3));
            Tensor weight = arena.allocate(Shape.matrix(5, 27));
            Tensor out = arena.allocate(Shape.matrix(32, 5));
            Tensor wrongInput = arena.allocate(Shape.matrix(31, 3));
            Tensor wrongWeight = arena.allocate(Shape.matrix(5, 9));
            Tensor wrongBias = arena.allocate(Shape.of(4));
            assertFails(
                    "conv2d input: expected (32, 3), got",
                    () -> backend.conv2d(wrongInput, weight, null, null, null, g, out, false));
            assertFails(
                    "conv2d weight: expected (5, 27), got",
                    () -> backend.conv2d(input, wrongWeight, null, null, null, g, out, false));
            assertFails("conv2d bias", () -> backend.conv2d(input, weight, wrongBias, null, null, g, out, false));
            assertFails(
                    "conv2d sampleBias: expected (2, 5), got",
                    () -> backend.conv2d(input, weight, null, arena.allocate(Shape.matrix(3, 5)), null, g, out, false));
            assertFails(
                    "conv2d residual: expected (32, 5), got",
                    () -> backend.conv2d(
                            input, weight, null, null, arena.allocate(Shape.matrix(16, 5)), g, out, false));
            assertFails(
                    "the output may not alias the residual",
                    () -> backend.conv2d(input, weight, null, null, out, g, out, false));
            Tensor square = arena.allocate(Shape.matrix(32, 3));
            ConvGeometry pointwise = new ConvGeometry(2, 4, 4, 3, 3, 1, 1, false);
            assertFails(
                    "the output may not alias the input",
                    () -> backend.conv2d(
                            square, arena.allocate(Shape.matrix(3, 3)), null, null, null, pointwise, square, false));
            assertFails("conv2dBackwardData", () -> backend.conv2dBackwardData(wrongInput, weight, g, input, false));
            assertFails(
                    "conv2dBackwardFilter",
                    () -> backend.conv2dBackwardFilter(input, out, g, wrongWeight, null, false));
            assertFails(
                    "convolution: kernel must be 1 or 3, got 5", () -> new ConvGeometry(1, 4, 4, 1, 1, 5, 1, false));
            assertFails(
                    "convolution: stride must be 1 or 2, got 3", () -> new ConvGeometry(1, 4, 4, 1, 1, 3, 3, false));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"reference", "cpu"})
    void normalisationAndAttentionOperandsMustFit(String name) {
        try (Backend backend = open(name);
                TensorArena arena = backend.newArena("errors")) {
            // 2 samples × 3 pixels × 6 channels
            Tensor x = arena.allocate(Shape.matrix(6, 6));
            Tensor out = arena.allocate(Shape.matrix(6, 6));
            Tensor gamma = arena.allocate(Shape.of(6));
            Tensor beta = arena.allocate(Shape.of(6));
            assertFails(
                    "cannot be split into 2 samples of 4 channel groups",
                    () -> backend.groupNorm(
                            x,
                            gamma,
                            beta,
                            1e-5f,
                            Activation.SILU,
                            out,
                            arena.allocate(Shape.matrix(2, 4)),
                            arena.allocate(Shape.matrix(2, 4))));
            assertFails(
                    "cannot be split into 4 samples of 3 channel groups",
                    () -> backend.groupNorm(
                            x,
                            gamma,
                            beta,
                            1e-5f,
                            Activation.SILU,
                            out,
                            arena.allocate(Shape.matrix(4, 3)),
                            arena.allocate(Shape.matrix(4, 3))));
            assertFails(
                    "gamma",
                    () -> backend.groupNorm(
                            x,
                            arena.allocate(Shape.of(5)),
                            beta,
                            1e-5f,
                            Activation.IDENTITY,
                            out,
                            arena.allocate(Shape.matrix(2, 3)),
                            arena.allocate(Shape.matrix(2, 3))));
            assertFails(
                    "does not split into 4 samples of 6 channels",
                    () -> backend.addSampleBias(x, arena.allocate(Shape.matrix(4, 6)), out));
            assertFails(
                    "does not split into 2 samples of 5 channels",
                    () -> backend.sampleBiasBackward(x, arena.allocate(Shape.matrix(2, 5)), false));
            assertFails(
                    "dropout: probability must be in [0, 1), got 1.0",
                    () -> backend.dropout(x, 1f, new RandomKey(1, 2), out, false));
            // two 3×6 by 6×3 products laid out in (6, 6) tensors; c of the wrong width
            MatrixBatch a = new MatrixBatch(x, 0, 3, 6, 6, 18);
            MatrixBatch c = new MatrixBatch(out, 0, 3, 2, 6, 18);
            assertFails(
                    "matmulBatched: 2 × op(a) 3×6 · op(b) 6×3 into 3×2",
                    () -> backend.matmulBatched(2, a, false, a, true, c, 1f, 0f));
            MatrixBatch tooMany = new MatrixBatch(out, 0, 3, 3, 6, 18);
            assertFails(
                    "run past the tensor's end", () -> backend.matmulBatched(3, a, false, a, true, tooMany, 1f, 0f));
        }
    }
}
