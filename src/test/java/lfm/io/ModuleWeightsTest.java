package lfm.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lfm.backend.Activation;
import lfm.backend.reference.ReferenceBackend;
import lfm.nn.FieldConfig;
import lfm.nn.MlpField;
import lfm.random.RandomStream;
import lfm.tensor.TensorArena;
import org.junit.jupiter.api.Test;

/** The block-file layout of docs/weights.md: PyTorch's state-dict names and shapes, biases 1-D. */
class ModuleWeightsTest {
    private final ReferenceBackend backend = new ReferenceBackend();
    private final TensorArena arena = backend.newArena("weights");

    /** D = 3, two hidden layers of 5, raw t: input width 1 + 3. */
    private MlpField field(long seed) {
        return new MlpField(new FieldConfig(3, 5, 2, Activation.softplus(20), 0), arena, new RandomStream(seed));
    }

    @Test
    void namesAndShapesAreThoseOfAnNnSequential() {
        Map<String, HostTensor> exported = ModuleWeights.export(field(1), "");
        assertEquals(
                List.of("net.0.weight", "net.0.bias", "net.2.weight", "net.2.bias", "net.4.weight", "net.4.bias"),
                List.copyOf(exported.keySet()));
        int[][] shapes = {{5, 4}, {5}, {5, 5}, {5}, {3, 5}, {3}};
        int k = 0;
        for (HostTensor tensor : exported.values()) {
            assertArrayEquals(shapes[k++], tensor.shape());
        }
    }

    @Test
    void oneDimensionalAndOldRowBiasesBothLoad() {
        MlpField source = field(1);
        Map<String, HostTensor> current = ModuleWeights.export(source, "");
        Map<String, HostTensor> old = new LinkedHashMap<>();
        current.forEach((name, tensor) -> old.put(
                name,
                tensor.shape().length == 1
                        ? new HostTensor(new int[] {1, tensor.shape()[0]}, tensor.values())
                        : tensor));
        for (Map<String, HostTensor> file : List.of(current, old)) {
            MlpField loaded = field(2);
            ModuleWeights.load(loaded, "", file, Path.of("block-01.safetensors"));
            for (int i = 0; i < source.parameters().size(); i++) {
                assertArrayEquals(
                        source.parameters().get(i).value().toFloats(),
                        loaded.parameters().get(i).value().toFloats());
            }
        }
    }

    @Test
    void aWrongShapeSaysWhatTheFileHolds() {
        Map<String, HostTensor> file = new LinkedHashMap<>(ModuleWeights.export(field(1), ""));
        file.put("net.2.bias", new HostTensor(new int[] {4}, new float[4]));
        IllegalArgumentException error = assertThrows(
                IllegalArgumentException.class, () -> ModuleWeights.load(field(2), "", file, Path.of("b.safetensors")));
        assertEquals(
                "b.safetensors does not match the model: 'net.2.bias' is [4], the model needs [5] (check "
                        + "--hidden/--depth/--time-embedding against the run's config.json)",
                error.getMessage());
    }
}
