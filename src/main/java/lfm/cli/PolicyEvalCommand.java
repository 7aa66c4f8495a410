package lfm.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import lfm.backend.Backend;
import lfm.policy.Policies;
import lfm.policy.Rollouts;
import lfm.policy.reach.ReachTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code lfm policy eval}: success rate of a policy on held-out starts of the reach task. */
@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        abbreviateSynopsis = true,
        sortOptions = false,
        description = "Run a trained policy on held-out starts of the reach task; the last stdout line is JSON.")
final class PolicyEvalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BackendOptions backendOptions;

    @Option(names = "--run", required = true, description = "the policy folder (lfm policy train --out)")
    Path run;

    @Option(names = "--task", defaultValue = "reach", description = "reach (default: ${DEFAULT-VALUE})")
    String task;

    @Option(names = "--episodes", defaultValue = "50", description = "held-out starts (default: ${DEFAULT-VALUE})")
    int episodes;

    @Option(
            names = "--layout-seed",
            defaultValue = "" + ReachTask.EVALUATION_SEED,
            description = "layout family of the held-out starts (default: ${DEFAULT-VALUE}, never used for demos)")
    long layoutSeed;

    @Mixin
    PolicySamplingOptions sampling;

    @Override
    public Integer call() throws Exception {
        PolicyTasks.check(spec, task);
        if (episodes < 1) {
            throw new ParameterException(spec.commandLine(), "--episodes must be ≥ 1, got " + episodes);
        }
        try (Backend backend = backendOptions.open();
                Policies.LoadedPolicy loaded = Policies.load(run, backend, sampling.options())) {
            Rollouts.Outcome outcome =
                    Rollouts.run(loaded.policy(), PolicyTasks.environments(task, episodes, layoutSeed));
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("task", task);
            json.put("method", loaded.config().method() + (sampling.options().distilled() ? "-distilled" : ""));
            json.put("episodes", episodes);
            json.put("success_rate", outcome.successRate());
            json.put("chunks", outcome.chunks());
            json.put("evaluations_per_chunk", outcome.evaluationsPerChunk());
            json.put("ms_per_chunk", 1000 * outcome.policySeconds() / outcome.chunks());
            System.err.printf("%s on %d held-out starts: %.0f%% success%n", run, episodes, 100 * outcome.successRate());
            System.out.println(new ObjectMapper().writeValueAsString(json));
        }
        return 0;
    }
}
