package lfm.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import lfm.api.ProgressListener;
import lfm.backend.Backend;
import lfm.config.RunConfig;
import lfm.flow.Schedule;
import lfm.flow.ode.SolveStats;
import lfm.run.RunFolder;
import lfm.run.TrainingState;
import lfm.tensorboard.TrainingEvents;
import lfm.train.CompositeListener;
import lfm.train.TrainingListener;
import lfm.train.TrainingRecorder;

/**
 * What {@code lfm train} writes besides the blocks: the training record train.json (status, per-block
 * times and diagnostics, machine) and, unless {@code --no-tensorboard}, the TensorBoard log tb/ with
 * the run's figures added once they exist. A {@link ProgressListener} in front of the command's own:
 * it opens both when training starts and forwards every call.
 */
final class TrainingOutputs implements ProgressListener, AutoCloseable {
    private static final String[] FIGURES = {"samples", "blocks", "loss"};

    private final ProgressListener progress;
    private final boolean tensorBoard;
    private String backend = "?";
    private TrainingRecorder recorder;
    private TrainingEvents events;
    private TrainingListener training;
    private long lastStep;

    TrainingOutputs(ProgressListener progress, boolean tensorBoard) {
        this.progress = progress;
        this.tensorBoard = tensorBoard;
        this.training = progress;
    }

    /** The backends of {@code open}, remembering the backend's description for train.json. */
    Supplier<Backend> backends(Supplier<Backend> open) {
        return () -> {
            Backend created = open.get();
            backend = created.description();
            return created;
        };
    }

    @Override
    public void trainingStarted(RunConfig config, Path folder, boolean resumed) {
        RunFolder run = new RunFolder(folder);
        try {
            TrainingState state = resumed && run.hasState() ? run.readState() : TrainingState.FRESH;
            recorder = TrainingRecorder.open(run, backend, resumed, state.completedBlocks());
            long steps = config.spec().optimization().stepsPerBlock();
            events = tensorBoard ? TrainingEvents.open(run.tensorBoard(), steps, resumed, state.completedBlocks() + 1,
                    state.blockStep()) : null;
            lastStep = config.spec().flow().schedule().blockCount() * steps;
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
        training = CompositeListener.of(progress, recorder, events);
        progress.trainingStarted(config, folder, resumed);
    }

    void finished(double seconds) {
        recorder.finished(seconds);
    }

    void failed(Throwable error) {
        if (recorder != null) {
            recorder.failed(ErrorMessages.describe(error));
        }
    }

    /** Adds samples.png, blocks.png and loss.png (those that exist) to the log at the run's last step. */
    @Override
    public void plotsWritten(Path folder, double seconds) {
        progress.plotsWritten(folder, seconds);
        if (events == null) {
            return;
        }
        try {
            for (String name : FIGURES) {
                Path png = folder.resolve(name + ".png");
                if (Files.exists(png)) {
                    events.image(name, lastStep, Files.readAllBytes(png));
                }
            }
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }

    @Override
    public void notice(String line) {
        progress.notice(line);
    }

    @Override
    public void blockStarted(Schedule.Block block, int blocks, long fromStep, long steps) {
        training.blockStarted(block, blocks, fromStep, steps);
    }

    @Override
    public void gradientNorm(Schedule.Block block, long step, double norm) {
        training.gradientNorm(block, step, norm);
    }

    @Override
    public void progress(Schedule.Block block, int blocks, long step, long steps, double loss, double learningRate) {
        training.progress(block, blocks, step, steps, loss, learningRate);
    }

    @Override
    public void pushStarted(Schedule.Block block, int points) {
        training.pushStarted(block, points);
    }

    @Override
    public void blockDiagnostics(Schedule.Block block, double stepEnergyDistance, double noiseEnergyDistance) {
        training.blockDiagnostics(block, stepEnergyDistance, noiseEnergyDistance);
    }

    @Override
    public void blockFinished(Schedule.Block block, double trainSeconds, double pushSeconds, SolveStats push) {
        training.blockFinished(block, trainSeconds, pushSeconds, push);
    }

    @Override
    public void close() throws IOException {
        if (events != null) {
            events.close();
        }
    }
}
