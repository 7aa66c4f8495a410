package lfm.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lfm.io.HostTensor;
import lfm.io.ModuleWeights;
import lfm.nn.Parameter;
import lfm.nn.VelocityField;
import lfm.optim.Adam;
import lfm.optim.ExponentialMovingAverage;
import lfm.run.Checkpoints;
import lfm.run.RunFolder;
import lfm.run.TrainingState;
import lfm.tensor.Tensor;

/**
 * The "partial" state file (state/partial-GEN.safetensors): the block in progress — weights ("net.*"),
 * Adam moments ("adam.m.net.*", "adam.v.net.*") and EMA shadows ("ema.net.*") — so a resumed block
 * continues bit for bit.
 */
final class PartialBlock {
    private PartialBlock() {}

    /** The block in progress as a state file of the next checkpoint, tagged with its Adam step. */
    static Checkpoints.StateFile save(VelocityField field, Adam adam, ExponentialMovingAverage ema) {
        Map<String, HostTensor> tensors = new LinkedHashMap<>(ModuleWeights.export(field, ""));
        List<Parameter> parameters = field.parameters();
        for (int i = 0; i < parameters.size(); i++) {
            String name = parameters.get(i).name();
            tensors.put(
                    "adam.m." + name,
                    ModuleWeights.toHost("adam.m." + name, adam.firstMoments().get(i)));
            tensors.put(
                    "adam.v." + name,
                    ModuleWeights.toHost("adam.v." + name, adam.secondMoments().get(i)));
            if (ema != null) {
                tensors.put(
                        "ema." + name,
                        ModuleWeights.toHost("ema." + name, ema.shadows().get(i)));
            }
        }
        return new Checkpoints.StateFile(
                Checkpoints.PARTIAL, tensors, Map.of("adam_steps", Long.toString(adam.steps())));
    }

    /** Restores the block in progress from the committed state's partial file. */
    static void load(
            Checkpoints checkpoints,
            TrainingState state,
            RunFolder folder,
            VelocityField field,
            Adam adam,
            ExponentialMovingAverage ema)
            throws IOException {
        Map<String, HostTensor> tensors =
                checkpoints.file(state, Checkpoints.PARTIAL).tensors();
        Path file = folder.state(
                state.files() == null ? "partial.safetensors" : state.files().get(Checkpoints.PARTIAL));
        ModuleWeights.load(field, "", tensors, file);
        List<Parameter> parameters = field.parameters();
        for (int i = 0; i < parameters.size(); i++) {
            String name = parameters.get(i).name();
            load(adam.firstMoments().get(i), "adam.m." + name, tensors, file);
            load(adam.secondMoments().get(i), "adam.v." + name, tensors, file);
            if (ema != null) {
                load(ema.shadows().get(i), "ema." + name, tensors, file);
            }
        }
    }

    private static void load(Tensor destination, String name, Map<String, HostTensor> tensors, Path file) {
        ModuleWeights.load(destination, name, tensors, file);
    }
}
