package lfm.cli;

import java.io.Console;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import lfm.api.ProgressListener;
import lfm.config.RunConfig;
import lfm.distill.Distillation;
import lfm.flow.Schedule;
import lfm.flow.ode.SolveStats;

/**
 * The command line's {@link ProgressListener}, on stderr. Training: a live line redrawn in place on a
 * terminal, otherwise one plain line every {@link #LINE_INTERVAL_SECONDS} seconds (logs stay readable),
 * showing block i/N, step, loss, steps/s and the ETA of the current block and of the run. Distillation
 * and evaluation: one line per event.
 */
final class ProgressReporter implements ProgressListener {
    private static final double LINE_INTERVAL_SECONDS = 10;
    private static final int BAR_WIDTH = 24;

    private final PrintStream err;
    private final boolean live;
    private long blockStartNanos;
    private long blockFirstStep;
    private double lastLineSeconds = -LINE_INTERVAL_SECONDS;
    private int blocksDone;
    private final long runStartNanos = System.nanoTime();

    /** Live on a terminal (unless LFM_PLAIN_PROGRESS is set), plain lines otherwise. */
    ProgressReporter(PrintStream err) {
        this(
                err,
                Optional.ofNullable(System.console()).map(Console::isTerminal).orElse(false)
                        && System.getenv("LFM_PLAIN_PROGRESS") == null);
    }

    /** With {@code live} false, plain lines (e.g. into a log file) wherever the process was started. */
    ProgressReporter(PrintStream err, boolean live) {
        this.err = err;
        this.live = live;
    }

    @Override
    public void notice(String line) {
        err.println(line);
    }

    @Override
    public void trainingStarted(RunConfig config, Path folder, boolean resumed) {
        var spec = config.spec();
        err.printf(
                "training %s on %s: %d blocks (%s), %s, %d steps per block, batch %d%s%n",
                spec.flow().method(),
                spec.data().source(),
                spec.flow().schedule().blockCount(),
                describe(spec.flow().schedule()),
                spec.model().describe(config.conditionInput()),
                spec.optimization().stepsPerBlock(),
                spec.optimization().batch(),
                spec.run().mpiJob()
                        ? " split over the job's ranks"
                        : spec.run().shards() > 1 ? " in " + spec.run().shards() + " shards" : "");
    }

    @Override
    public void plotsWritten(Path folder, double seconds) {
        err.printf("plots: samples.png, blocks.png, loss.png (%.1f s)%n", seconds);
    }

    @Override
    public void pairsStarted(int pairsPerStudent, String solver) {
        err.println("generating " + pairsPerStudent + " teacher pairs per student with " + solver);
    }

    @Override
    public void studentFinished(int student, Distillation.StudentReport report) {
        err.println(String.format(
                "student %d (blocks %d..%d): held-out MSE %.3g → %.3g in %.1f s",
                student,
                report.first(),
                report.last(),
                report.initialError(),
                report.trainedError(),
                report.seconds()));
    }

    @Override
    public void likelihoodStarted(int points, String divergence, String solver) {
        err.printf(Locale.ROOT, "computing the NLL of %,d points (%s trace, %s)...%n", points, divergence, solver);
    }

    @Override
    public void blockStarted(Schedule.Block block, int blocks, long fromStep, long steps) {
        blockStartNanos = System.nanoTime();
        blockFirstStep = fromStep;
        lastLineSeconds = -LINE_INTERVAL_SECONDS;
        if (fromStep > 0) {
            err.printf(Locale.ROOT, "%s: resuming at step %d of %d%n", block, fromStep, steps);
        }
    }

    @Override
    public void progress(Schedule.Block block, int blocks, long step, long steps, double loss, double learningRate) {
        double elapsed = (System.nanoTime() - blockStartNanos) / 1e9;
        double rate = (step - blockFirstStep) / Math.max(elapsed, 1e-9);
        double blockEta = (steps - step) / Math.max(rate, 1e-9);
        double runEta = blockEta + (blocks - blocksDone - 1) * steps / Math.max(rate, 1e-9);
        String text = String.format(
                Locale.ROOT,
                "block %d/%d  step %d/%d  loss %.5f  lr %.2e  %.1f steps/s  ETA block %s, run %s",
                block.index(),
                blocks,
                step,
                steps,
                loss,
                learningRate,
                rate,
                duration(blockEta),
                duration(runEta));
        if (live) {
            int filled = (int) Math.round(BAR_WIDTH * (double) step / steps);
            err.print("\r[" + "#".repeat(filled) + " ".repeat(BAR_WIDTH - filled) + "] " + text + "\u001b[K");
            err.flush();
        } else if (elapsed - lastLineSeconds >= LINE_INTERVAL_SECONDS || step == steps) {
            err.println(text);
            lastLineSeconds = elapsed;
        }
    }

    @Override
    public void pushStarted(Schedule.Block block, int points) {
        if (live) {
            err.println();
        }
        err.printf(Locale.ROOT, "block %d: pushing %d points through the trained block%n", block.index(), points);
    }

    @Override
    public void blockFinished(Schedule.Block block, double trainSeconds, double pushSeconds, SolveStats push) {
        blocksDone++;
        err.printf(
                Locale.ROOT,
                "%s done: train %s, push %s (%d evaluations); run %s%n",
                block,
                duration(trainSeconds),
                duration(pushSeconds),
                push.evaluations(),
                duration((System.nanoTime() - runStartNanos) / 1e9));
    }

    private static String describe(Schedule schedule) {
        return schedule.gammas().isEmpty()
                ? "free block only"
                : "γ "
                        + schedule.gammas().stream()
                                .map(g -> String.format("%.3g", g))
                                .toList() + " + free";
    }

    static String duration(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "?";
        }
        long s = Math.round(seconds);
        return s >= 3600
                ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60)
                : s >= 60
                        ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60)
                        : String.format(Locale.ROOT, "%.1fs", seconds);
    }
}
