package lfm.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import lfm.backend.Backend;
import lfm.run.RunFolder;
import lfm.run.TrainConfig;
import lfm.run.TrainingState;
import lfm.tensorboard.TrainingEvents;
import lfm.train.CompositeListener;
import lfm.train.TrainingListener;
import lfm.train.TrainingRecorder;

/**
 * What {@code lfm train} writes besides the blocks: the training record train.json (status, per-block
 * times and diagnostics, machine) and, unless {@code --no-tensorboard}, the TensorBoard log tb/ with
 * the run's figures added once they exist.
 */
final class TrainingOutputs implements AutoCloseable {
    private static final String[] FIGURES = {"samples", "blocks", "loss"};

    private final TrainingRecorder recorder;
    private final TrainingEvents events;
    private final long lastStep;

    private TrainingOutputs(TrainingRecorder recorder, TrainingEvents events, long lastStep) {
        this.recorder = recorder;
        this.events = events;
        this.lastStep = lastStep;
    }

    static TrainingOutputs open(RunFolder folder, TrainConfig config, Backend backend, boolean resume,
                                boolean tensorBoard) throws IOException {
        TrainingState state = resume && folder.hasState() ? folder.readState() : TrainingState.FRESH;
        TrainingRecorder recorder = TrainingRecorder.open(folder, backend.description(), resume, state.completedBlocks());
        TrainingEvents events = tensorBoard ? TrainingEvents.open(folder.tensorBoard(), config.stepsPerBlock(), resume,
                state.completedBlocks() + 1, state.blockStep()) : null;
        return new TrainingOutputs(recorder, events, (long) config.schedule().blockCount() * config.stepsPerBlock());
    }

    /** The listener the trainer reports to: progress on stderr, then the record and the log. */
    TrainingListener listener(TrainingListener progress) {
        return CompositeListener.of(progress, recorder, events);
    }

    void finished(double seconds) {
        recorder.finished(seconds);
    }

    void failed(Throwable error) {
        recorder.failed(ErrorMessages.describe(error));
    }

    /** Adds samples.png, blocks.png and loss.png (those that exist) to the log at the run's last step. */
    void figures(RunFolder folder) throws IOException {
        if (events == null) {
            return;
        }
        for (String name : FIGURES) {
            Path png = folder.file(name + ".png");
            if (Files.exists(png)) {
                events.image(name, lastStep, Files.readAllBytes(png));
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (events != null) {
            events.close();
        }
    }
}
