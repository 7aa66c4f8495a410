package lfm.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import lfm.policy.Demonstrations;
import lfm.policy.reach.ReachTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code lfm policy demos}: scripted-expert demonstrations of the built-in reach task. */
@Command(
        name = "demos",
        mixinStandardHelpOptions = true,
        abbreviateSynopsis = true,
        sortOptions = false,
        description = "Write expert demonstrations of the reach-around-an-obstacle task as .npz.")
final class PolicyDemosCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--task", defaultValue = "reach", description = "reach (default: ${DEFAULT-VALUE})")
    String task;

    @Option(names = "--episodes", defaultValue = "200", description = "episodes (default: ${DEFAULT-VALUE})")
    int episodes;

    @Option(
            names = "--seed",
            defaultValue = "1",
            description = "layout family and expert coins (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", required = true, description = "the .npz file to write")
    Path out;

    @Override
    public Integer call() throws Exception {
        PolicyTasks.check(spec, task);
        if (episodes < 1) {
            throw new ParameterException(spec.commandLine(), "--episodes must be ≥ 1, got " + episodes);
        }
        Demonstrations demos = ReachTask.demonstrations(episodes, seed);
        demos.write(out);
        System.err.printf(
                "%d episodes, %d steps written to %s%n",
                demos.episodes(), demos.observations().rows(), out);
        return 0;
    }
}
