package lfm.cli;

import java.util.List;
import lfm.policy.PolicyEnvironment;
import lfm.policy.reach.ReachTask;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** The control tasks built into the engine (the PyBullet tasks live in benchmarks/policy/). */
final class PolicyTasks {
    private PolicyTasks() {}

    static void check(CommandSpec spec, String task) {
        if (!task.equals("reach")) {
            throw new ParameterException(
                    spec.commandLine(),
                    "unknown task '" + task + "' (built in: reach; the "
                            + "PyBullet tasks run from benchmarks/policy/harness.py through lfm policy serve)");
        }
    }

    /** Fresh episodes on held-out layouts 0..count−1 of layout family {@code seed}. */
    static List<? extends PolicyEnvironment> environments(String task, int count, long seed) {
        return ReachTask.environments(count, seed);
    }
}
