package lfm.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import lfm.api.EvalSpec;
import lfm.backend.Backends;
import lfm.config.TrainSpec;
import lfm.report.ReportFigures;
import lfm.report.ReportPage;
import lfm.report.RunOverview;
import lfm.report.RunStatus;
import lfm.report.RunTable;
import lfm.run.RunFolder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lfm sweep}: trains every combination of a few flags ({@code --sweep seed=1,2,3 --sweep
 * gammas=.1,.15,.225:.05,.1,.2}) on top of common train flags (after {@code --}), one after the other or
 * {@code --parallel N} at a time, evaluates each run and writes one report comparing them (with the
 * spread across seeds). Each run's spec is the common flags' spec with the run's values set by JSON path
 * ({@link SweepSpecs}); each run is trained and evaluated through {@link lfm.api} ({@link SweepRun}), its
 * progress into its own log. Everything lives in the sweep folder: sweep.json (the grid), runs/NAME/,
 * logs/NAME.log, report.html. Run again with the same arguments it continues: finished runs are not
 * redone, stopped ones resume from their checkpoints, missing evaluations are made.
 */
@Command(
        name = "sweep",
        mixinStandardHelpOptions = true,
        abbreviateSynopsis = true,
        sortOptions = false,
        description = {
            "Train a grid of runs, evaluate them and write one report comparing them.",
            "Example: lfm sweep --out sweeps/s1 --sweep seed=1,2,3 --sweep gammas=.1,.15,.225:.05,.1,.2 -- --data moons --steps 500"
        })
final class SweepCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--sweep",
            required = true,
            paramLabel = "KEY=V1,V2",
            description = "a train flag (without --) or a field's JSON path (docs/config.md) and its values; "
                    + "':' separates values that hold commas (repeat for more axes)")
    List<String> axes;

    @Option(names = "--out", required = true, description = "the sweep folder (runs/, logs/, sweep.json, report.html)")
    Path out;

    @Option(
            names = "--parallel",
            defaultValue = "1",
            description = "runs trained at the same time (default: ${DEFAULT-VALUE})")
    int parallel;

    @Option(
            names = "--eval-n",
            defaultValue = "5000",
            description = "held-out points and samples of each eval (default: ${DEFAULT-VALUE})")
    int evalPoints;

    @Option(names = "--eval-solver", description = "sampling solver of the evals (default: each run's sample solver)")
    String evalSolver;

    @Option(names = "--nll", description = "also compute each run's test NLL")
    boolean nll;

    @Option(names = "--no-eval", description = "train only (the report then has no eval metrics)")
    boolean noEval;

    @Option(
            names = "--report-points",
            defaultValue = "4000",
            description = "points per sample figure of the report (default: ${DEFAULT-VALUE})")
    int reportPoints;

    @Option(names = "--debug", description = "print stack traces on errors")
    boolean debug;

    @Parameters(paramLabel = "TRAIN_FLAG", description = "flags every run passes to lfm train (after --)")
    List<String> trainFlags = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        validate();
        SweepGrid grid = usage(() -> SweepGrid.parse(axes));
        TrainCommand common = new TrainCommand();
        CommandSpec train = new CommandLine(common).getCommandSpec();
        Map<String, SweepSpecs.Target> targets = new LinkedHashMap<>();
        for (SweepGrid.Axis axis : grid.axes()) {
            targets.put(axis.key(), usage(() -> SweepSpecs.resolve(axis.key(), train)));
            if (trainFlags.contains("--" + axis.key())) {
                throw new ParameterException(
                        spec.commandLine(), "--" + axis.key() + " is both swept and among the train flags");
            }
        }
        TrainSpec base = trainFlags(() -> {
            train.commandLine().parseArgs(trainFlags.toArray(String[]::new));
            return common.requestedSpec();
        });
        List<SweepGrid.Point> points = grid.points();
        List<SweepRun> runs = new ArrayList<>();
        for (SweepGrid.Point point : points) {
            Map<SweepSpecs.Target, String> values = new LinkedHashMap<>();
            point.settings().forEach((key, value) -> values.put(targets.get(key), value));
            TrainSpec run = usage(() ->
                    SweepSpecs.spec(base, values, runFolder(point), threadsPerRun(targets), common.lfmSchedule()));
            if (run.run().mpiJob()) {
                throw new ParameterException(
                        spec.commandLine(),
                        "--distributed: lfm sweep trains its runs in this one "
                                + "process (use --shards P to split each batch)");
            }
            runs.add(new SweepRun(
                    runFolder(point), run, evaluation(), out.resolve("logs").resolve(point.name() + ".log"), debug));
        }
        SweepPlan.writeOrCheck(out, trainFlags, grid);
        PrintStream console = System.out;
        console.printf(
                Locale.ROOT,
                "sweep %s: %d runs (%s), %d at a time%n",
                out,
                points.size(),
                String.join(
                        " × ",
                        grid.axes().stream()
                                .map(a -> a.values().size() + " " + a.key())
                                .toList()),
                parallel);
        List<String> outcomes = runAll(points, runs, console);
        return finish(points, outcomes, base, console);
    }

    /** Trains and evaluates the runs, {@code --parallel} at a time; one line per run on the console as it ends. */
    private List<String> runAll(List<SweepGrid.Point> points, List<SweepRun> runs, PrintStream console)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<String>> done = new ArrayList<>();
            for (int i = 0; i < runs.size(); i++) {
                SweepRun run = runs.get(i);
                String label = String.format(
                        Locale.ROOT,
                        "[%d/%d] %s",
                        i + 1,
                        runs.size(),
                        points.get(i).name());
                done.add(pool.submit(() -> {
                    long start = System.nanoTime();
                    String outcome = run.call();
                    synchronized (console) {
                        console.printf(
                                Locale.ROOT,
                                "%s: %s (%.0f s, log %s)%n",
                                label,
                                outcome,
                                (System.nanoTime() - start) / 1e9,
                                run.log());
                    }
                    return outcome;
                }));
            }
            List<String> outcomes = new ArrayList<>();
            for (Future<String> outcome : done) {
                try {
                    outcomes.add(outcome.get());
                } catch (ExecutionException failed) {
                    throw failed.getCause() instanceof Exception cause ? cause : failed;
                }
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The report over every run of the grid, the table of runs, and one JSON line. */
    private int finish(List<SweepGrid.Point> points, List<String> outcomes, TrainSpec base, PrintStream console)
            throws IOException {
        List<RunOverview> runs = new ArrayList<>();
        for (SweepGrid.Point point : points) {
            if (RunOverview.isRun(runFolder(point))) {
                runs.add(RunOverview.read(runFolder(point)));
            }
        }
        Path report = out.resolve("report.html");
        boolean reported = false;
        if (!runs.isEmpty()) {
            try {
                ReportFigures figures = ReportFigures.draw(
                        runs,
                        reportPoints,
                        null,
                        1,
                        () -> Backends.create(base.run().backend(), base.run().threads(), System.err::println),
                        System.err::println);
                ReportPage.write(report, "lfm sweep " + out.getFileName(), runs, figures.figures(), figures.notes());
                reported = true;
            } catch (IOException | RuntimeException failed) {
                System.err.println("lfm sweep: no report: " + ErrorMessages.describe(failed));
            }
        }
        console.print(RunTable.text(runs));
        long complete =
                runs.stream().filter(r -> r.status() == RunStatus.COMPLETE).count();
        ObjectNode json = RunFolder.JSON.createObjectNode();
        json.put("sweep", out.toString());
        json.put("runs", points.size());
        json.put("complete", complete);
        json.put("report", reported ? report.toString() : null);
        ArrayNode list = json.putArray("outcomes");
        outcomes.forEach(list::add);
        console.println(RunFolder.JSON
                .copy()
                .disable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(json));
        return complete == points.size() && reported ? 0 : 1;
    }

    private Path runFolder(SweepGrid.Point point) {
        return out.resolve("runs").resolve(point.name());
    }

    /** What each run is evaluated with: --eval-n points, --eval-solver, --nll (null with --no-eval). */
    private EvalSpec evaluation() {
        return noEval
                ? null
                : EvalSpec.defaults()
                        .withCount(evalPoints)
                        .withSolver(evalSolver)
                        .withLikelihood(nll);
    }

    /** With --parallel N and no --threads given (common or swept): the cores shared out, else null (as given). */
    private Integer threadsPerRun(Map<String, SweepSpecs.Target> targets) {
        boolean given = trainFlags.contains("--threads")
                || targets.values().stream().anyMatch(target -> target.path().equals("run.threads"));
        return parallel > 1 && !given ? Math.max(1, Runtime.getRuntime().availableProcessors() / parallel) : null;
    }

    private void validate() {
        if (parallel < 1 || evalPoints < 2 || reportPoints < 0) {
            throw new ParameterException(
                    spec.commandLine(), "--parallel must be ≥ 1, --eval-n ≥ 2, --report-points ≥ 0");
        }
        for (String flag : trainFlags) {
            if (flag.equals("--out") || flag.equals("--resume")) {
                throw new ParameterException(
                        spec.commandLine(),
                        "the train flags may not hold " + flag + " (the sweep names and resumes its runs itself)");
            }
        }
    }

    /** Runs {@code parse}, turning a bad value into a usage error of this command. */
    private <T> T usage(Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException | CommandLine.ParameterException bad) {
            throw new ParameterException(spec.commandLine(), bad.getMessage(), bad);
        }
    }

    /** Reads the common train flags; what lfm train would reject is a usage error of this command. */
    private TrainSpec trainFlags(SpecOptions.Step<TrainSpec> read) throws IOException {
        try {
            return read.get();
        } catch (IllegalArgumentException | CommandLine.ParameterException bad) {
            throw new ParameterException(spec.commandLine(), "train flags: " + bad.getMessage(), bad);
        }
    }
}
