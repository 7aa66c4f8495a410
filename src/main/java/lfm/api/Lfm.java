package lfm.api;

import java.io.IOException;
import java.nio.file.Path;
import lfm.config.TrainSpec;
import lfm.data.DataMatrix;

/**
 * The engine's entry points for Java programs (the {@code lfm} command line is a thin shell over the same
 * calls). Nothing here prints or exits: results are return values, failures are exceptions with one-line
 * messages, progress goes to a {@link ProgressListener}.
 * <pre>{@code
 * try (Model model = Lfm.train(TrainSpec.defaults(), ProgressListener.SILENT)) {
 *     float[][] points = model.sample(1000, null, 1).toArray();
 * }
 * }</pre>
 */
public final class Lfm {
    private Lfm() {}

    /** Trains {@code spec} on the data its data group names and returns the model (see {@link Training}). */
    public static Model train(TrainSpec spec, ProgressListener listener) throws IOException {
        return Training.plan(spec).run(listener);
    }

    /** Trains {@code spec} on in-memory data, shape (N, D). */
    public static Model train(TrainSpec spec, DataMatrix data, ProgressListener listener) throws IOException {
        return Training.plan(spec, data).run(listener);
    }

    /** Trains {@code spec} on in-memory data, one {@code float[]} of D coordinates per point. */
    public static Model train(TrainSpec spec, float[][] data, ProgressListener listener) throws IOException {
        if (data.length == 0) {
            throw new IllegalArgumentException("in-memory training data: no rows");
        }
        return train(spec, DataMatrix.of(data), listener);
    }

    /** Continues a stopped run from its last checkpoint to the same weights as an uninterrupted run. */
    public static Model resume(Path run, ProgressListener listener) throws IOException {
        return Training.resume(run).run(listener);
    }

    /** Loads a finished run (see {@link Model#load(Path)}). */
    public static Model load(Path run) throws IOException {
        return Model.load(run);
    }
}
