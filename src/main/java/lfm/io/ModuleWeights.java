package lfm.io;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lfm.nn.Module;
import lfm.nn.Parameter;
import lfm.tensor.Tensor;

/** Moves a module's parameters to and from host tensors named like PyTorch's state dict. */
public final class ModuleWeights {
    private ModuleWeights() {
    }

    /** name → values of every parameter (copied from the backend). */
    public static Map<String, HostTensor> export(Module module, String prefix) {
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        for (Parameter parameter : module.parameters()) {
            tensors.put(prefix + parameter.name(), toHost(parameter.value()));
        }
        return tensors;
    }

    public static HostTensor toHost(Tensor tensor) {
        return new HostTensor(tensor.shape().dims(), tensor.toFloats());
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
        if (!Arrays.equals(expected, stored.shape())) {
            throw new IllegalArgumentException(file + " does not match the model: '" + name + "' is "
                    + Arrays.toString(stored.shape()) + ", the model needs " + Arrays.toString(expected)
                    + " (check --hidden/--depth/--time-embedding against the run's config.json)");
        }
        destination.backend().fromHost(stored.values(), destination);
    }

    public static List<String> names(Module module, String prefix) {
        return module.parameters().stream().map(p -> prefix + p.name()).toList();
    }
}
