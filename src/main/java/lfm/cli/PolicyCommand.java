package lfm.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code lfm policy}: chunked control policies learned from demonstrations (docs/policy.md). */
@Command(
        name = "policy",
        mixinStandardHelpOptions = true,
        abbreviateSynopsis = true,
        description = "Learn, evaluate and serve action-chunk policies (conditional flows or behaviour cloning).",
        subcommands = {
            PolicyDemosCommand.class,
            PolicyTrainCommand.class,
            PolicyEvalCommand.class,
            PolicyServeCommand.class
        })
final class PolicyCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        new CommandLine(spec).usage(System.out);
    }
}
