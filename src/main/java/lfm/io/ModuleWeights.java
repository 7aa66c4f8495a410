package lfm.io;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import lfm.nn.Module;
import lfm.nn.Parameter;
import lfm.tensor.Tensor;

/**
 * Moves a module's parameters to and from host tensors in PyTorch's state-dict layout: a linear layer's
 * weight is (out, in) and its bias is 1-D [out] (the engine holds biases as (1, out) row vectors, so
 * they are reshaped on the way out and on the way in). Files written before biases were 1-D, with
 * [1, out] biases, still load. docs/weights.md lists the names and shapes of a run's files.
 */
public final class ModuleWeights {
    private ModuleWeights() {}

    /** name → values of every parameter (copied from the backend), biases 1-D. */
    public static Map<String, HostTensor> export(Module module, String prefix) {
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        for (Parameter parameter : module.parameters()) {
            String name = prefix + parameter.name();
            tensors.put(name, toHost(name, parameter.value()));
        }
        return tensors;
    }

    /** The values of a tensor with its own shape. */
    public static HostTensor toHost(Tensor tensor) {
        return new HostTensor(tensor.shape().dims(), tensor.toFloats());
    }

    /**
     * The values of a tensor as stored under {@code name}: a (1, n) tensor whose name ends in "bias"
     * (a bias, or an optimiser moment or EMA shadow of one) as [n], PyTorch's shape; anything else
     * with its own shape.
     */
    public static HostTensor toHost(String name, Tensor tensor) {
        return new HostTensor(fileShape(name, tensor.shape().dims()), tensor.toFloats());
    }

    /** The shape a tensor of engine shape {@code dims} has in a file under {@code name}. */
    private static int[] fileShape(String name, int[] dims) {
        return name.endsWith("bias") && dims.length == 2 && dims[0] == 1 ? new int[] {dims[1]} : dims;
    }

    /**
     * Loads every parameter from {@code tensors}; a missing name or a shape that differs is an error
     * that says which parameter and what the file holds.
     */
    public static void load(Module module, String prefix, Map<String, HostTensor> tensors, Path file) {
        for (Parameter parameter : module.parameters()) {
            load(parameter.value(), prefix + parameter.name(), tensors, file);
        }
    }

    /** Loads one tensor by name, checking its shape. */
    public static void load(Tensor destination, String name, Map<String, HostTensor> tensors, Path file) {
        HostTensor stored = tensors.get(name);
        if (stored == null) {
            throw new IllegalArgumentException(file + " does not match the model: it has no '" + name
                    + "' (the run's config.json and its weight files disagree; was the file replaced?)");
        }
        int[] expected = destination.shape().dims();
        if (!Arrays.equals(expected, stored.shape()) && !isRowOf(stored.shape(), expected)) {
            throw new IllegalArgumentException(file + " does not match the model: '" + name + "' is "
                    + Arrays.toString(stored.shape()) + ", the model needs "
                    + Arrays.toString(fileShape(name, expected))
                    + " (check --hidden/--depth/--time-embedding against the run's config.json)");
        }
        destination.backend().fromHost(stored.values(), destination);
    }

    /** A 1-D [n] tensor fills a (1, n) row (1-D biases into the engine's bias rows). */
    private static boolean isRowOf(int[] stored, int[] expected) {
        return stored.length == 1 && expected.length == 2 && expected[0] == 1 && expected[1] == stored[0];
    }
}
