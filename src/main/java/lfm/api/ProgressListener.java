package lfm.api;

import java.nio.file.Path;
import lfm.config.RunConfig;
import lfm.distill.DistillationListener;
import lfm.train.TrainingListener;

/**
 * What the engine reports while it works. The API itself never prints: a command line, a notebook or a
 * service turns these calls into progress bars, log lines or metrics (the command line's progress bar
 * on stderr is one implementation). Every method has an empty default, so a listener overrides only
 * what it shows. Training calls {@link #trainingStarted}, then per block {@link #blockStarted},
 * {@link #progress} every log interval, {@link #pushStarted} and {@link #blockFinished}, and
 * {@link #plotsWritten} at the end; distillation calls {@link #pairsStarted} and
 * {@link #studentFinished}; evaluation calls {@link #likelihoodStarted}.
 */
public interface ProgressListener extends TrainingListener, DistillationListener {

    /** A listener that ignores everything. */
    ProgressListener SILENT = new ProgressListener() {};

    /** Training is about to start (or resume) with {@code config}, writing into {@code folder}. */
    default void trainingStarted(RunConfig config, Path folder, boolean resumed) {}

    /** samples.png, blocks.png and loss.png were written into {@code folder}. */
    default void plotsWritten(Path folder, double seconds) {}

    /** The log-likelihood of {@code points} points is about to be computed with this trace and solver. */
    default void likelihoodStarted(int points, String divergence, String solver) {}
}
