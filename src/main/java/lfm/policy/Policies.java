package lfm.policy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import lfm.api.Model;
import lfm.backend.Activation;
import lfm.backend.Backend;
import lfm.data.DataMatrix;
import lfm.policy.bc.BehaviourCloning;

/** Opens a trained policy folder as a {@link Policy}. */
public final class Policies {
    private Policies() {}

    /**
     * How a flow policy samples: the ODE solver of its blocks, the seed of its noise, and whether to use
     * the run's distilled students (one network evaluation per student) instead of the ODE.
     */
    public record SamplingOptions(String solver, long seed, boolean distilled) {}

    /** The policy in {@code folder} on {@code backend}; closing the result frees what it loaded. */
    public static LoadedPolicy load(Path folder, Backend backend, SamplingOptions options) throws IOException {
        PolicyConfig config = PolicyConfig.read(folder);
        if (config.behaviourCloning()) {
            var regression = config.regression();
            BehaviourCloning policy = new BehaviourCloning(
                    config.shape(),
                    regression.width(),
                    regression.depth(),
                    Activation.parse(regression.activation()),
                    config.conditionScale(),
                    config.chunkScale(),
                    backend,
                    regression.seed());
            policy.loadWeights(folder);
            return new LoadedPolicy(config, policy, policy::close);
        }
        Model model = Model.load(folder, backend);
        try {
            FlowPolicy policy =
                    new FlowPolicy(model, config.shape(), options.solver(), options.distilled(), options.seed());
            if (options.distilled()) {
                policy.act(DataMatrix.zeros(1, config.shape().conditionSize())); // loads the students now
                policy.reseed(options.seed());
            }
            return new LoadedPolicy(config, policy, model::close);
        } catch (RuntimeException failed) {
            model.close();
            throw failed;
        }
    }

    /**
     * The training rows of a policy folder as its flow run was trained on them: [chunk | condition] per
     * demonstration step (what {@code lfm distill} needs, since the run was trained on in-memory rows);
     * null when {@code folder} holds no policy.
     */
    public static DataMatrix trainingRows(Path folder) throws IOException {
        if (!Files.exists(folder.resolve(PolicyConfig.FILE))) {
            return null;
        }
        PolicyConfig config = PolicyConfig.read(folder);
        PolicyWindows.Windows windows =
                PolicyWindows.build(Demonstrations.read(Path.of(config.demonstrations())), config.shape());
        return DataMatrix.joinColumns(windows.chunks(), windows.conditions());
    }

    /** A policy with what must be closed after use ({@code release} frees it). */
    public record LoadedPolicy(PolicyConfig config, Policy policy, Runnable release) implements AutoCloseable {
        @Override
        public void close() {
            release.run();
        }
    }
}
