package lfm.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import lfm.report.RunOverview;
import lfm.report.RunTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lfm runs [DIR]}: a table of the run folders under DIR (default runs/), with their status
 * (complete, partial, failed), size, wall time, final loss and latest eval metrics; sorted by a column,
 * or printed as JSON.
 */
@Command(
        name = "runs",
        mixinStandardHelpOptions = true,
        abbreviateSynopsis = true,
        sortOptions = false,
        description = "List the runs under a folder: status, size, wall time, final loss, eval metrics.")
final class RunsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(
            index = "0",
            arity = "0..1",
            defaultValue = "runs",
            description = "folder holding run folders (searched " + RunTable.SEARCH_DEPTH_TEXT
                    + " levels deep) (default: ${DEFAULT-VALUE})")
    Path directory;

    @Option(
            names = "--sort",
            defaultValue = "name",
            description =
                    "column to sort by: name, status, done, method, data, blocks, steps, seed, wall, loss, energy, mmd, sliced, nll (default: ${DEFAULT-VALUE})")
    String sort;

    @Option(names = "--descending", description = "largest first")
    boolean descending;

    @Option(names = "--json", description = "print a JSON array (one object per run) instead of the table")
    boolean json;

    @Option(names = "--debug", description = "print stack traces on errors")
    boolean debug;

    @Override
    public Integer call() throws Exception {
        RunTable.Column column;
        try {
            column = RunTable.column(sort);
        } catch (IllegalArgumentException unknown) {
            throw new ParameterException(spec.commandLine(), "--sort: " + unknown.getMessage());
        }
        List<RunOverview> runs = RunTable.sort(RunTable.find(directory), column, descending);
        if (json) {
            System.out.println(RunTable.json(runs));
        } else if (runs.isEmpty()) {
            System.out.println("no run folders (folders with a config.json) under " + directory);
        } else {
            System.out.print(RunTable.text(runs));
        }
        return 0;
    }
}
