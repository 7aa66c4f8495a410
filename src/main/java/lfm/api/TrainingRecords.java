package lfm.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import lfm.config.RunConfig;
import lfm.run.RunFolder;
import lfm.run.TrainingState;
import lfm.tensorboard.TrainingEvents;
import lfm.train.CompositeListener;
import lfm.train.TrainingListener;
import lfm.train.TrainingRecorder;

/**
 * What {@link Training#run} writes besides the blocks: the training record train.json (status, per-block
 * times and diagnostics, machine; always) and, where {@link lfm.config.RunSpec#tensorboard()} is on, the
 * TensorBoard log tb/ with the run's figures added once they exist. A resumed run continues both from
 * its checkpoint. Under a data-parallel job rank 0 alone keeps them; the other ranks get {@link #none()}.
 */
final class TrainingRecords implements AutoCloseable {
    private static final String[] FIGURES = {"samples", "blocks", "loss"};

    private final TrainingRecorder recorder; // null: a rank that writes no files
    private final TrainingEvents events;
    private final long lastStep;

    private TrainingRecords(TrainingRecorder recorder, TrainingEvents events, long lastStep) {
        this.recorder = recorder;
        this.events = events;
        this.lastStep = lastStep;
    }

    /** Starts (or continues) train.json and, if the spec asks for it, the TensorBoard log. */
    static TrainingRecords open(RunFolder folder, RunConfig config, String backend, boolean resuming)
            throws IOException {
        TrainingState state = resuming && folder.hasState() ? folder.readState() : TrainingState.FRESH;
        long steps = config.spec().optimization().stepsPerBlock();
        TrainingRecorder recorder = TrainingRecorder.open(folder, backend, resuming, state.completedBlocks());
        TrainingEvents events = config.spec().run().tensorboard()
                ? TrainingEvents.open(
                        folder.tensorBoard(), steps, resuming, state.completedBlocks() + 1, state.blockStep())
                : null;
        return new TrainingRecords(
                recorder, events, config.spec().flow().schedule().blockCount() * steps);
    }

    /** Records nothing: a rank other than 0 of a data-parallel job, which writes no files. */
    static TrainingRecords none() {
        return new TrainingRecords(null, null, 0);
    }

    /** The listener the trainer reports to: the record and the log first, then the caller's {@code listener}. */
    TrainingListener around(TrainingListener listener) {
        return CompositeListener.of(recorder, events, listener);
    }

    /** Marks the run complete with its total training wall time. */
    void finished(double seconds) {
        if (recorder != null) {
            recorder.finished(seconds);
        }
    }

    /** Marks the run failed with the error's first message (a failure to say so is added to {@code error}). */
    void failed(Throwable error) {
        if (recorder == null) {
            return;
        }
        try {
            recorder.failed(describe(error));
        } catch (RuntimeException unwritten) {
            error.addSuppressed(unwritten);
        }
    }

    /** Adds samples.png, blocks.png and loss.png (those that exist) to the log at the run's last step. */
    void figures(Path folder) throws IOException {
        if (events == null) {
            return;
        }
        for (String name : FIGURES) {
            Path png = folder.resolve(name + ".png");
            if (Files.exists(png)) {
                events.image(name, lastStep, Files.readAllBytes(png));
            }
        }
    }

    /** Closes the log after {@code error}, adding a failure to close to it. */
    void closeAfter(Throwable error) {
        try {
            close();
        } catch (IOException | RuntimeException unclosed) {
            error.addSuppressed(unclosed);
        }
    }

    @Override
    public void close() throws IOException {
        if (events != null) {
            events.close();
        }
    }

    /** The first message along the cause chain (wrappers without one are skipped), else the error's type. */
    static String describe(Throwable error) {
        Throwable cause = error;
        while ((cause.getMessage() == null || cause instanceof java.io.UncheckedIOException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() != null
                ? cause.getMessage()
                : cause.getClass().getSimpleName();
    }
}
