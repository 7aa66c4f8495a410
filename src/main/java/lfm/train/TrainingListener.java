package lfm.train;

import lfm.flow.Schedule;
import lfm.flow.ode.SolveStats;

/** What the trainer reports while it works (the CLI prints it; tests may record it). */
public interface TrainingListener {

    default void blockStarted(Schedule.Block block, int blocks, long fromStep, long steps) {
    }

    /** Called every logEvery steps with the mean loss over them. */
    default void progress(Schedule.Block block, int blocks, long step, long steps, double loss, double learningRate) {
    }

    default void pushStarted(Schedule.Block block, int points) {
    }

    default void blockFinished(Schedule.Block block, double trainSeconds, double pushSeconds, SolveStats push) {
    }

    /**
     * A one-line notice the user should see, e.g. why the auto backend fell back to the CPU, or that a run
     * resumes with another number of shards.
     */
    default void notice(String line) {
    }

    TrainingListener SILENT = new TrainingListener() {
    };
}
