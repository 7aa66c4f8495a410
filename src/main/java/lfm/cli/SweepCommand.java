package lfm.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import lfm.report.RunOverview;
import lfm.report.RunStatus;
import lfm.report.RunTable;
import lfm.run.RunFolder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code lfm sweep}: trains every combination of a few flags ({@code --sweep seed=1,2,3 --sweep
 * gammas=.1,.15,.225:.05,.1,.2}) on top of common train flags (after {@code --}), one after the other or
 * {@code --parallel N} at a time, evaluates each run and writes one report comparing them (with the
 * spread across seeds). Everything lives in the sweep folder: sweep.json (the grid), runs/NAME/,
 * logs/NAME.log, report.html. Run again with the same arguments it continues: finished runs are not
 * redone, stopped ones resume from their checkpoints, missing evaluations are made.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true, abbreviateSynopsis = true, sortOptions = false,
        description = {"Train a grid of runs, evaluate them and write one report comparing them.",
            "Example: lfm sweep --out sweeps/s1 --sweep seed=1,2,3 --sweep gammas=.1,.15,.225:.05,.1,.2 -- --data moons --steps 500"})
final class SweepCommand implements Callable<Integer> {
    /** Set while a sweep runs: progress is written as plain lines (into each run's log). */
    static final String PLAIN_PROGRESS = "lfm.sweep.plainProgress";

    @Spec
    CommandSpec spec;

    @Option(names = "--sweep", required = true, paramLabel = "KEY=V1,V2",
            description = "a train flag (without --) and its values; ':' separates values that hold commas (repeat for more axes)")
    List<String> axes;

    @Option(names = "--out", required = true, description = "the sweep folder (runs/, logs/, sweep.json, report.html)")
    Path out;

    @Option(names = "--parallel", defaultValue = "1", description = "runs trained at the same time (default: ${DEFAULT-VALUE})")
    int parallel;

    @Option(names = "--eval-n", defaultValue = "5000", description = "held-out points and samples of each eval (default: ${DEFAULT-VALUE})")
    int evalPoints;

    @Option(names = "--eval-solver", description = "sampling solver of the evals (default: each run's sample solver)")
    String evalSolver;

    @Option(names = "--nll", description = "also compute each run's test NLL")
    boolean nll;

    @Option(names = "--no-eval", description = "train only (the report then has no eval metrics)")
    boolean noEval;

    @Option(names = "--report-points", defaultValue = "4000", description = "points per sample figure of the report (default: ${DEFAULT-VALUE})")
    int reportPoints;

    @Option(names = "--debug", description = "print stack traces on errors")
    boolean debug;

    @Parameters(paramLabel = "TRAIN_FLAG", description = "flags every run passes to lfm train (after --)")
    List<String> trainFlags = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        SweepGrid grid = usage(() -> SweepGrid.parse(axes));
        validate(grid);
        CommandSpec train = new CommandLine(new TrainCommand()).getCommandSpec();
        List<SweepGrid.Point> points = grid.points(key -> train.findOption("--" + key).type() == boolean.class);
        for (SweepGrid.Point point : points) {
            List<String> arguments = trainArguments(point, false);
            try {
                new CommandLine(new TrainCommand()).parseArgs(arguments.subList(1, arguments.size()).toArray(String[]::new));
            } catch (CommandLine.ParameterException bad) {
                throw new ParameterException(spec.commandLine(), "train flags: " + bad.getMessage(), bad);
            }
        }
        SweepPlan.writeOrCheck(out, trainFlags, grid);
        PrintStream console = System.out;
        console.printf(Locale.ROOT, "sweep %s: %d runs (%s), %d at a time%n", out, points.size(),
                String.join(" × ", grid.axes().stream().map(a -> a.values().size() + " " + a.key()).toList()), parallel);
        List<String> outcomes = new ArrayList<>();
        String plainBefore = System.setProperty(PLAIN_PROGRESS, "true");
        try (ThreadOutput output = ThreadOutput.install()) {
            ExecutorService pool = Executors.newFixedThreadPool(parallel);
            try {
                List<Future<String>> done = new ArrayList<>();
                for (int i = 0; i < points.size(); i++) {
                    SweepGrid.Point point = points.get(i);
                    String label = String.format(Locale.ROOT, "[%d/%d] %s", i + 1, points.size(), point.name());
                    done.add(pool.submit(() -> runOne(point, label, output.console())));
                }
                for (Future<String> outcome : done) {
                    outcomes.add(outcome.get());
                }
            } finally {
                pool.shutdownNow();
            }
        } finally {
            if (plainBefore == null) {
                System.clearProperty(PLAIN_PROGRESS);
            }
        }
        return finish(points, outcomes, console);
    }

    /** Trains (or resumes) and evaluates one run; returns its outcome line. Output goes to logs/NAME.log. */
    private String runOne(SweepGrid.Point point, String label, PrintStream console) throws IOException {
        Path run = runFolder(point);
        Path log = out.resolve("logs").resolve(point.name() + ".log");
        Files.createDirectories(log.getParent());
        long start = System.nanoTime();
        String outcome;
        try (PrintStream logStream = new PrintStream(Files.newOutputStream(log, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND), true, StandardCharsets.UTF_8)) {
            ThreadOutput.route(logStream);
            try {
                outcome = trainAndEvaluate(point, run);
            } finally {
                ThreadOutput.route(null);
            }
        }
        String line = String.format(Locale.ROOT, "%s: %s (%.0f s, log %s)", label, outcome, (System.nanoTime() - start) / 1e9, log);
        synchronized (console) {
            console.println(line);
        }
        return outcome;
    }

    private String trainAndEvaluate(SweepGrid.Point point, Path run) {
        RunStatus status = RunOverview.isRun(run) ? RunOverview.read(run).status() : null;
        String trained;
        if (status == RunStatus.COMPLETE) {
            trained = "already trained";
        } else if (status == RunStatus.FAILED) {
            return "failed earlier (" + RunOverview.read(run).error() + "); delete " + run + " to train it again";
        } else {
            System.out.println("$ lfm " + String.join(" ", trainArguments(point, status != null)));
            int exit = Main.run(trainArguments(point, status != null).toArray(String[]::new));
            if (exit != 0) {
                return "training failed (exit " + exit + ")";
            }
            trained = status == null ? "trained" : "resumed and trained";
        }
        if (noEval || Files.exists(new RunFolder(run).evalResult(false))) {
            return trained + (noEval ? "" : ", already evaluated");
        }
        List<String> eval = new ArrayList<>(List.of("eval", "--run", run.toString(), "--n", Integer.toString(evalPoints)));
        if (evalSolver != null) {
            eval.addAll(List.of("--solver", evalSolver));
        }
        if (nll) {
            eval.add("--nll");
        }
        eval.addAll(backendFlags());
        System.out.println("$ lfm " + String.join(" ", eval));
        int exit = Main.run(eval.toArray(String[]::new));
        return trained + (exit == 0 ? ", evaluated" : ", eval failed (exit " + exit + ")");
    }

    /** The report over every run of the grid, the table of runs, and one JSON line. */
    private int finish(List<SweepGrid.Point> points, List<String> outcomes, PrintStream console) throws Exception {
        List<String> report = new ArrayList<>(List.of("report", "--out", out.resolve("report.html").toString(),
                "--points", Integer.toString(reportPoints), "--title", "lfm sweep " + out.getFileName()));
        List<RunOverview> runs = new ArrayList<>();
        for (SweepGrid.Point point : points) {
            if (RunOverview.isRun(runFolder(point))) {
                report.addAll(List.of("--run", runFolder(point).toString()));
                runs.add(RunOverview.read(runFolder(point)));
            }
        }
        report.addAll(backendFlags());
        int reportExit = runs.isEmpty() ? 1 : Main.run(report.toArray(String[]::new));
        console.print(RunTable.text(runs));
        long complete = runs.stream().filter(r -> r.status() == RunStatus.COMPLETE).count();
        ObjectNode json = RunFolder.JSON.createObjectNode();
        json.put("sweep", out.toString());
        json.put("runs", points.size());
        json.put("complete", complete);
        json.put("report", reportExit == 0 ? out.resolve("report.html").toString() : null);
        ArrayNode list = json.putArray("outcomes");
        outcomes.forEach(list::add);
        console.println(RunFolder.JSON.copy().disable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(json));
        return complete == points.size() && reportExit == 0 ? 0 : 1;
    }

    private Path runFolder(SweepGrid.Point point) {
        return out.resolve("runs").resolve(point.name());
    }

    /** train [common flags] [the point's flags] [--threads per run] --out runs/NAME [--resume]. */
    private List<String> trainArguments(SweepGrid.Point point, boolean resume) {
        List<String> arguments = new ArrayList<>(List.of("train"));
        arguments.addAll(trainFlags);
        arguments.addAll(point.flags());
        if (parallel > 1 && !trainFlags.contains("--threads") && !point.settings().containsKey("threads")) {
            arguments.addAll(List.of("--threads", Integer.toString(threadsPerRun())));
        }
        arguments.addAll(List.of("--out", runFolder(point).toString()));
        if (resume) {
            arguments.add("--resume");
        }
        return arguments;
    }

    /** --backend and --threads of the common flags, for eval and report (threads shared as in training). */
    private List<String> backendFlags() {
        List<String> flags = new ArrayList<>();
        for (String name : new String[] {"--backend", "--threads"}) {
            int at = trainFlags.indexOf(name);
            if (at >= 0 && at + 1 < trainFlags.size()) {
                flags.addAll(List.of(name, trainFlags.get(at + 1)));
            }
        }
        if (parallel > 1 && !flags.contains("--threads")) {
            flags.addAll(List.of("--threads", Integer.toString(threadsPerRun())));
        }
        return flags;
    }

    private int threadsPerRun() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / parallel);
    }

    private void validate(SweepGrid grid) {
        if (parallel < 1 || evalPoints < 2 || reportPoints < 0) {
            throw new ParameterException(spec.commandLine(), "--parallel must be ≥ 1, --eval-n ≥ 2, --report-points ≥ 0");
        }
        for (String flag : trainFlags) {
            if (flag.equals("--out") || flag.equals("--resume")) {
                throw new ParameterException(spec.commandLine(), "the train flags may not hold " + flag
                        + " (the sweep names and resumes its runs itself)");
            }
        }
        CommandSpec train = new CommandLine(new TrainCommand()).getCommandSpec();
        for (SweepGrid.Axis axis : grid.axes()) {
            var option = train.findOption("--" + axis.key());
            if (option == null || List.of("out", "resume", "help", "version").contains(axis.key())) {
                throw new ParameterException(spec.commandLine(), "--sweep " + axis.key() + ": not a flag of lfm train that a sweep can vary");
            }
            if (trainFlags.contains("--" + axis.key())) {
                throw new ParameterException(spec.commandLine(), "--" + axis.key() + " is both swept and among the train flags");
            }
        }
    }

    private <T> T usage(java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException | CommandLine.ParameterException bad) {
            throw new ParameterException(spec.commandLine(), bad.getMessage(), bad);
        }
    }
}
