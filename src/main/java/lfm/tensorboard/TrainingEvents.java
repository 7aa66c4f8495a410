package lfm.tensorboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import lfm.flow.Schedule;
import lfm.flow.ode.SolveStats;
import lfm.train.TrainingListener;

/**
 * Writes a training run's TensorBoard log (the run folder's tb/): per block n and logging step s
 * <pre>
 *   block_NN/loss, block_NN/learning_rate, block_NN/gradient_norm, block_NN/steps_per_second   (step s)
 *   run/loss                                       (step (n − 1)·steps + s: the whole run as one curve)
 *   blocks/step_energy_distance, blocks/noise_energy_distance, blocks/final_loss,
 *   blocks/train_seconds, blocks/push_seconds, blocks/push_evaluations   (step n, after block n)
 * </pre>
 * and, through {@link #image}, the run's figures (figures/…). Events are flushed at every logging
 * point, so TensorBoard follows a run while it trains. A resumed run first drops the events written
 * after its checkpoint ({@link ResumedLog}), so every step appears once.
 */
public final class TrainingEvents implements TrainingListener, AutoCloseable {
    /** The label of training event files (file names end with it). */
    public static final String LABEL = "train";

    private final EventFileWriter writer;
    private final long stepsPerBlock;
    private long intervalStartNanos;
    private long intervalStartStep;
    private long logPointNanos;
    private double lastLoss = Double.NaN;

    private TrainingEvents(EventFileWriter writer, long stepsPerBlock) {
        this.writer = writer;
        this.stepsPerBlock = stepsPerBlock;
        describeTags();
    }

    /**
     * Opens the log of a run in {@code directory}. For a resumed run, {@code resumeBlock} and
     * {@code resumeStep} say where training continues (block k, steps already taken in it); events
     * after that point are removed first.
     */
    public static TrainingEvents open(
            Path directory, long stepsPerBlock, boolean resumed, int resumeBlock, long resumeStep) throws IOException {
        Files.createDirectories(directory);
        EventFileWriter writer = EventFileWriter.create(directory, LABEL);
        if (resumed) {
            ResumedLog.carryOver(directory, writer, stepsPerBlock, resumeBlock, resumeStep);
        }
        return new TrainingEvents(writer, stepsPerBlock);
    }

    /** The file being written. */
    public Path file() {
        return writer.file();
    }

    /** Adds a PNG figure as figures/{@code name} at the run's last step. */
    public void image(String name, long step, byte[] png) throws IOException {
        writer.image("figures/" + name, step, png);
        writer.flush();
    }

    @Override
    public void blockStarted(Schedule.Block block, int blocks, long fromStep, long steps) {
        intervalStartNanos = System.nanoTime();
        intervalStartStep = fromStep;
    }

    @Override
    public void gradientNorm(Schedule.Block block, long step, double norm) {
        // The first call at a logging point: time the interval from here, as loss.csv's clock does.
        logPointNanos = System.nanoTime();
        write(() -> writer.scalar(tag(block, "gradient_norm"), step, norm));
    }

    @Override
    public void progress(Schedule.Block block, int blocks, long step, long steps, double loss, double learningRate) {
        long now = logPointNanos != 0 ? logPointNanos : System.nanoTime();
        logPointNanos = 0;
        double rate = (step - intervalStartStep) / Math.max((now - intervalStartNanos) / 1e9, 1e-9);
        intervalStartNanos = now;
        intervalStartStep = step;
        lastLoss = loss;
        write(() -> {
            writer.scalars(
                    step,
                    Map.of(
                            tag(block, "loss"),
                            loss,
                            tag(block, "learning_rate"),
                            learningRate,
                            tag(block, "steps_per_second"),
                            rate));
            writer.scalar("run/loss", (block.index() - 1) * stepsPerBlock + step, loss);
            writer.flush();
        });
    }

    @Override
    public void blockDiagnostics(Schedule.Block block, double stepEnergyDistance, double noiseEnergyDistance) {
        write(() -> writer.scalars(
                block.index(),
                Map.of(
                        "blocks/step_energy_distance",
                        stepEnergyDistance,
                        "blocks/noise_energy_distance",
                        noiseEnergyDistance)));
    }

    @Override
    public void blockFinished(Schedule.Block block, double trainSeconds, double pushSeconds, SolveStats push) {
        write(() -> {
            writer.scalars(
                    block.index(),
                    Map.of(
                            "blocks/train_seconds",
                            trainSeconds,
                            "blocks/push_seconds",
                            pushSeconds,
                            "blocks/push_evaluations",
                            (double) push.evaluations(),
                            "blocks/final_loss",
                            lastLoss));
            writer.flush();
        });
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }

    static String tag(Schedule.Block block, String name) {
        return String.format(Locale.ROOT, "block_%02d/%s", block.index(), name);
    }

    private void describeTags() {
        writer.describe(
                "run/loss",
                "Flow-matching loss (mean over each logging interval) against the optimiser step"
                        + " of the whole run: block n covers steps (n − 1)·S to n·S.");
        writer.describe(
                "blocks/step_energy_distance",
                "Energy distance between subsamples of the training pool"
                        + " before and after block n (p_{n−1} → p_n); x = block n.");
        writer.describe(
                "blocks/noise_energy_distance",
                "Energy distance between the pool after block n and" + " N(0, I); x = block n.");
    }

    /** An I/O failure of the log stops training: losing the log silently would be worse. */
    private static void write(IORunnable action) {
        try {
            action.run();
        } catch (IOException failed) {
            throw new UncheckedIOException("cannot write the TensorBoard log: " + failed.getMessage(), failed);
        }
    }

    private interface IORunnable {
        void run() throws IOException;
    }
}
