package lfm.train;

import lfm.flow.Schedule;
import lfm.flow.ode.SolveStats;

/** What the trainer reports while it works (the CLI prints it; tests may record it). */
public interface TrainingListener {

    default void blockStarted(Schedule.Block block, int blocks, long fromStep, long steps) {}

    /** Called every logEvery steps with the mean loss over them. */
    default void progress(Schedule.Block block, int blocks, long step, long steps, double loss, double learningRate) {}

    /**
     * Called at each logging point, just before {@link #progress}, with the global gradient norm ‖g‖
     * (before clipping) of the interval's last step. Measured on the device at logging steps only.
     */
    default void gradientNorm(Schedule.Block block, long step, double norm) {}

    default void pushStarted(Schedule.Block block, int points) {}

    /**
     * Called after block n's push, before {@link #blockFinished}, with the energy distance between
     * subsamples of the pool before and after the block (p_{n−1} → p_n) and between p_n and N(0, I).
     */
    default void blockDiagnostics(Schedule.Block block, double stepEnergyDistance, double noiseEnergyDistance) {}

    default void blockFinished(Schedule.Block block, double trainSeconds, double pushSeconds, SolveStats push) {}

    /**
     * A one-line notice the user should see, e.g. why the auto backend fell back to the CPU, or that a run
     * resumes with another number of shards.
     */
    default void notice(String line) {}

    TrainingListener SILENT = new TrainingListener() {};
}
