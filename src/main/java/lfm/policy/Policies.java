package lfm.policy;

import java.io.IOException;
import java.nio.file.Path;
import lfm.backend.Activation;
import lfm.backend.Backend;
import lfm.policy.bc.BehaviourCloning;

/** Opens a trained policy folder as a {@link Policy}. */
public final class Policies {
    private Policies() {
    }

    /**
     * How a flow policy samples: the ODE solver of its blocks, the seed of its noise, and whether to use
     * the run's distilled students (one network evaluation per student) instead of the ODE.
     */
    public record SamplingOptions(String solver, long seed, boolean distilled) {
    }

    /** The policy in {@code folder} on {@code backend}; closing the result frees what it loaded. */
    public static LoadedPolicy load(Path folder, Backend backend, SamplingOptions options) throws IOException {
        PolicyConfig config = PolicyConfig.read(folder);
        if (config.behaviourCloning()) {
            var regression = config.regression();
            BehaviourCloning policy = new BehaviourCloning(config.shape(), regression.width(), regression.depth(),
                    Activation.parse(regression.activation()), config.conditionScale(), config.chunkScale(), backend,
                    regression.seed());
            policy.loadWeights(folder);
            return new LoadedPolicy(config, policy, policy);
        }
        throw new IllegalArgumentException(folder + ": flow policies (" + config.method() + ") are not loadable yet");
    }

    /** A policy with what must be closed after use. */
    public record LoadedPolicy(PolicyConfig config, Policy policy, AutoCloseable resources) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            resources.close();
        }
    }
}
