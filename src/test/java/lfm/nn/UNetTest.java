package lfm.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import lfm.autograd.Functions;
import lfm.autograd.Tape;
import lfm.autograd.Variable;
import lfm.backend.Backend;
import lfm.backend.cpu.CpuBackend;
import lfm.backend.reference.ReferenceBackend;
import lfm.optim.Adam;
import lfm.optim.AdamConfig;
import lfm.random.Distributions;
import lfm.random.RandomKey;
import lfm.random.RandomStream;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The UNet velocity field: presets and their sizes, shape errors, initial output, thread independence. */
class UNetTest {

    @ParameterizedTest
    @CsvSource({"digits-t8,163985", "fmnist-xs,267313", "fmnist-s,1062497", "fmnist-m,6469889", "cifar-paper,35746307"})
    void presetsHaveTheirParameterCounts(String preset, long expected) {
        UNetConfig config = UNetConfig.preset(preset);
        assertEquals(expected, config.parameterCount(), "counted from the architecture");
        try (CpuBackend backend = new CpuBackend(1);
                TensorArena arena = backend.newArena("unet")) {
            UNet unet = new UNet(config, arena, new RandomStream(1));
            assertEquals(expected, unet.parameterCount(), "counted from the built tensors");
        }
    }

    @Test
    void parametersHavePyTorchNamesAndLayouts() {
        try (ReferenceBackend backend = new ReferenceBackend();
                TensorArena arena = backend.newArena("unet")) {
            UNet unet = new UNet(UNetConfig.preset("digits-t8"), arena, new RandomStream(1));
            Map<String, int[]> shapes = new java.util.LinkedHashMap<>();
            for (Parameter parameter : unet.parameters()) {
                shapes.put(parameter.name(), parameter.value().shape().dims());
            }
            assertEquals("time_embed.0.weight", unet.parameters().get(0).name());
            assertEquals(
                    "out.2.bias",
                    unet.parameters().get(unet.parameters().size() - 1).name());
            assertArrayEquals(new int[] {16, 1, 3, 3}, shapes.get("input_blocks.0.0.weight"));
            assertArrayEquals(new int[] {16}, shapes.get("input_blocks.1.0.in_layers.0.weight"));
            assertArrayEquals(new int[] {16, 16, 3, 3}, shapes.get("input_blocks.2.0.op.weight"));
            assertArrayEquals(new int[] {32, 16, 1, 1}, shapes.get("input_blocks.3.0.skip_connection.weight"));
            assertArrayEquals(new int[] {96, 32, 1}, shapes.get("middle_block.1.qkv.weight"));
            assertArrayEquals(new int[] {32, 32, 1}, shapes.get("middle_block.1.proj_out.weight"));
            assertArrayEquals(new int[] {32, 64, 3, 3}, shapes.get("output_blocks.0.0.in_layers.2.weight"));
            assertArrayEquals(new int[] {32, 32, 3, 3}, shapes.get("output_blocks.1.1.conv.weight"));
            assertArrayEquals(new int[] {1, 16, 3, 3}, shapes.get("out.2.weight"));
            assertEquals(unet.parameters().size(), shapes.size(), "names are unique");
        }
    }

    @Test
    void outputIsExactlyZeroAtInitialisation() {
        try (CpuBackend backend = new CpuBackend(2);
                TensorArena arena = backend.newArena("unet")) {
            UNet unet = new UNet(UNetConfig.preset("digits-t8"), arena, new RandomStream(3));
            Tape tape = Tape.inference(backend, arena);
            Tensor x = random(backend, arena, 3, 64, 4);
            Tensor t = random(backend, arena, 3, 1, 5);
            float[] v = unet.forward(tape, tape.constant(x), tape.constant(t))
                    .value()
                    .toFloats();
            assertEquals(3 * 64, v.length);
            for (float value : v) {
                assertEquals(0f, value);
            }
        }
    }

    @Test
    void badShapesFailWithOneLine() {
        ImageShape digits = new ImageShape(8, 8, 1);
        var odd = assertThrows(
                IllegalArgumentException.class,
                () -> new UNetConfig(new ImageShape(30, 30, 1), 16, List.of(1, 2, 2), 1, Set.of(), 0, 8, 0f));
        assertTrue(odd.getMessage().contains("30×30×1 is not divisible by 2^(levels − 1) = 4"), odd.getMessage());
        var groups = assertThrows(
                IllegalArgumentException.class, () -> new UNetConfig(digits, 12, List.of(1, 2), 1, Set.of(), 0, 8, 0f));
        assertTrue(groups.getMessage().contains("GroupNorm over 12 channels cannot use 8 groups"), groups.getMessage());
        var resolution = assertThrows(
                IllegalArgumentException.class,
                () -> new UNetConfig(digits, 16, List.of(1, 2), 1, Set.of(5), 0, 8, 0f));
        assertTrue(
                resolution.getMessage().contains("attention resolution 5 matches no level"), resolution.getMessage());
        var heads = assertThrows(
                IllegalArgumentException.class,
                () -> new UNetConfig(digits, 16, List.of(1, 2), 1, Set.of(), 24, 8, 0f));
        assertTrue(
                heads.getMessage().contains("32 attention channels do not split into heads of 24"), heads.getMessage());
        var preset = assertThrows(IllegalArgumentException.class, () -> UNetConfig.preset("mnist-huge"));
        assertTrue(preset.getMessage().contains("unknown UNet preset 'mnist-huge'"), preset.getMessage());
        try (CpuBackend backend = new CpuBackend(1);
                TensorArena arena = backend.newArena("unet")) {
            UNet unet = new UNet(UNetConfig.preset("digits-t8"), arena, new RandomStream(3));
            Tape tape = Tape.inference(backend, arena);
            var width = assertThrows(
                    IllegalArgumentException.class,
                    () -> unet.forward(
                            tape,
                            tape.constant(random(backend, arena, 2, 63, 1)),
                            tape.constant(random(backend, arena, 2, 1, 2))));
            assertTrue(
                    width.getMessage().contains("8×8×1 images needs 64 columns per row, got [2, 63]"),
                    width.getMessage());
        }
    }

    /**
     * A class-conditional UNet adds label_emb.weight, (K + 1, 4·channels) with a null condition and
     * (K, 4·channels) without, as nn.Embedding lays it out; every other weight equals the unconditional
     * UNet's of the same seed; class k's embedding is row k and ∅'s the last row, so one-hot rows and
     * the null condition give different fields, and misuse fails with one line.
     */
    @Test
    void classConditionalUNetAddsALabelEmbeddingTable() {
        try (ReferenceBackend backend = new ReferenceBackend();
                TensorArena arena = backend.newArena("unet")) {
            UNetConfig config = UNetConfig.preset("digits-t8");
            UNet plain = new UNet(config, arena, new RandomStream(1));
            UNet guided = new UNet(config, new ConditionInput(4, 0, true), arena, new RandomStream(1));
            UNet withoutNull = new UNet(config, new ConditionInput(4, 0, false), arena, new RandomStream(1));
            List<Parameter> parameters = guided.parameters();
            assertEquals(plain.parameters().size() + 1, parameters.size());
            assertEquals(config.parameterCount(new ConditionInput(4, 0, true)), guided.parameterCount());
            assertEquals(config.parameterCount(new ConditionInput(4, 0, false)), withoutNull.parameterCount());
            assertEquals(config.parameterCount() + 5 * 64, guided.parameterCount());
            Parameter table = parameters.get(parameters.size() - 1);
            assertEquals("label_emb.weight", table.name());
            assertArrayEquals(new int[] {5, 64}, table.value().shape().dims());
            assertArrayEquals(
                    new int[] {4, 64},
                    withoutNull
                            .parameters()
                            .get(parameters.size() - 1)
                            .value()
                            .shape()
                            .dims());
            for (int p = 0; p < plain.parameters().size(); p++) {
                assertArrayEquals(
                        plain.parameters().get(p).value().toFloats(),
                        parameters.get(p).value().toFloats(),
                        plain.parameters().get(p).name());
            }
            moveEveryWeight(guided, backend);
            Tape tape = Tape.inference(backend, arena);
            Tensor x = random(backend, arena, 2, 64, 4);
            Tensor t = random(backend, arena, 2, 1, 5);
            Tensor classOne = arena.allocate(Shape.matrix(2, 4));
            backend.fromHost(new float[] {0, 1, 0, 0, 0, 1, 0, 0}, classOne);
            Tensor classTwo = arena.allocate(Shape.matrix(2, 4));
            backend.fromHost(new float[] {0, 0, 1, 0, 0, 0, 1, 0}, classTwo);
            float[] one = guided.forward(tape, tape.constant(x), tape.constant(t), tape.constant(classOne))
                    .value()
                    .toFloats();
            float[] two = guided.forward(tape, tape.constant(x), tape.constant(t), tape.constant(classTwo))
                    .value()
                    .toFloats();
            float[] none = guided.forward(tape, tape.constant(x), tape.constant(t), null)
                    .value()
                    .toFloats();
            assertTrue(
                    !java.util.Arrays.equals(one, two)
                            && !java.util.Arrays.equals(one, none)
                            && !java.util.Arrays.equals(two, none),
                    "the class and ∅ change the field");
            var noNull = assertThrows(
                    IllegalArgumentException.class,
                    () -> withoutNull.forward(tape, tape.constant(x), tape.constant(t), null));
            assertTrue(noNull.getMessage().contains("has no null condition"), noNull.getMessage());
            var width = assertThrows(
                    IllegalArgumentException.class,
                    () -> guided.forward(
                            tape, tape.constant(x), tape.constant(t), tape.constant(random(backend, arena, 2, 3, 6))));
            assertTrue(width.getMessage().contains("the UNet takes 4 values per row"), width.getMessage());
            var unconditional = assertThrows(
                    IllegalArgumentException.class,
                    () -> plain.forward(tape, tape.constant(x), tape.constant(t), tape.constant(classOne)));
            assertTrue(unconditional.getMessage().contains("unconditional"), unconditional.getMessage());
            var encoder = assertThrows(
                    IllegalArgumentException.class,
                    () -> new UNet(config, new ConditionInput(4, 8, false), arena, new RandomStream(1)));
            assertTrue(encoder.getMessage().contains("--condition-embedding applies to MLPs"), encoder.getMessage());
        }
    }

    /** Adds U(−0.2, 0.2) to every weight (the zero-initialised output layer would hide the condition). */
    private static void moveEveryWeight(UNet unet, Backend backend) {
        RandomKey noise = new RandomKey(99, 0);
        for (Parameter parameter : unet.parameters()) {
            float[] values = parameter.value().toFloats();
            for (int i = 0; i < values.length; i++) {
                values[i] += 0.4f * Distributions.uniform(noise, i) - 0.2f;
            }
            backend.fromHost(values, parameter.value());
            noise = new RandomKey(99, noise.stream() + 1);
        }
    }

    /**
     * Five Adam steps of a small 8×8 UNet (two levels, attention at both, two heads at the second, dropout)
     * on 1 and on 2 threads give the same bits.
     */
    @Test
    void oneAndTwoThreadsGiveIdenticalWeightsAfterFiveSteps() {
        UNetConfig config = new UNetConfig(new ImageShape(8, 8, 1), 8, List.of(1, 2), 1, Set.of(8, 4), 8, 4, 0.1f);
        assertArrayEquals(train(config, 1), train(config, 2));
    }

    private static float[] train(UNetConfig config, int threads) {
        try (CpuBackend backend = new CpuBackend(threads);
                TensorArena arena = backend.newArena("unet");
                TensorArena step = backend.newArena("step")) {
            UNet unet = new UNet(config, arena, new RandomStream(11));
            Adam adam = new Adam(unet.parameters(), AdamConfig.adam(), arena);
            for (int s = 0; s < 5; s++) {
                Tensor x = random(backend, step, 3, 64, 100 + s);
                Tensor t = random(backend, step, 3, 1, 200 + s);
                Tensor target = random(backend, step, 3, 64, 300 + s);
                Tape tape = Tape.recording(backend, step);
                unet.zeroGrad();
                Variable loss = Functions.mse(
                        tape, unet.forward(tape, tape.constant(x), tape.constant(t)), tape.constant(target));
                tape.backward(loss);
                adam.step(1e-3);
                step.reset();
            }
            float[] all = new float[Math.toIntExact(unet.parameterCount())];
            int offset = 0;
            for (Parameter parameter : unet.parameters()) {
                float[] values = parameter.value().toFloats();
                System.arraycopy(values, 0, all, offset, values.length);
                offset += values.length;
            }
            return all;
        }
    }

    /** (rows, cols) uniform in [0, 1) from a fixed key. */
    static Tensor random(Backend backend, TensorArena arena, int rows, int cols, long stream) {
        Tensor tensor = arena.allocate(Shape.matrix(rows, cols));
        float[] values = new float[rows * cols];
        RandomKey key = new RandomKey(77, stream);
        for (int i = 0; i < values.length; i++) {
            values[i] = Distributions.uniform(key, i);
        }
        backend.fromHost(values, tensor);
        return tensor;
    }
}
