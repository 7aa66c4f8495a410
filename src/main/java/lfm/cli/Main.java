package lfm.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code lfm} command line. Errors follow one rule: a wrong flag or value prints the message and
 * the command's usage line and exits 2; a failure at run time (missing file, bad data, a backend that
 * cannot start) prints one line and exits 1, with the stack trace only under {@code --debug}.
 */
@Command(
        name = "lfm",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Local Flow Matching: train, sample and evaluate flow generative models.",
        subcommands = {
            TrainCommand.class,
            PresetsCommand.class,
            SampleCommand.class,
            EvalCommand.class,
            DistillCommand.class,
            VelocityCommand.class,
            MergeCommand.class,
            ClassifierCommand.class,
            PolicyCommand.class,
            InfoCommand.class,
            RunsCommand.class,
            ReportCommand.class,
            SweepCommand.class,
            BenchCommand.class,
            CheckCommand.class,
            GpuCheckCommand.class
        })
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit status (tests call this directly). */
    public static int run(String... args) {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setParameterExceptionHandler(Main::usageError);
        commandLine.setExecutionExceptionHandler(Main::runtimeError);
        return commandLine.execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    private static int usageError(CommandLine.ParameterException error, String[] args) {
        CommandLine command = error.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("lfm: " + error.getMessage());
        err.print("Usage: " + command.getHelp().synopsis(0));
        err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return 2;
    }

    private static int runtimeError(Exception error, CommandLine command, CommandLine.ParseResult parsed) {
        if (error instanceof CommandLine.ParameterException badValue) {
            return usageError(badValue, parsed.originalArgs().toArray(String[]::new));
        }
        boolean debug = parsed.hasMatchedOption("--debug")
                || parsed.subcommands().stream().anyMatch(sub -> sub.hasMatchedOption("--debug"));
        PrintWriter err = command.getErr();
        if (debug) {
            error.printStackTrace(err);
        }
        err.println("lfm: error: " + ErrorMessages.describe(error));
        err.flush();
        return 1;
    }
}
