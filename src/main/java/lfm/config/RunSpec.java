package lfm.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import lfm.flow.ode.OdeSolver;

/**
 * How a run is carried out and recorded. {@code out}, {@code backend}, {@code threads} and {@code plots}
 * say how the run was started; loading a run for sampling or evaluation ignores them.
 *
 * @param out             run folder; null = runs/&lt;data&gt;-&lt;method&gt;-&lt;time&gt; (a run folder stores the
 *                        folder it was written to)
 * @param checkpointEvery steps between mid-block checkpoints (--checkpoint-every)
 * @param logEvery        steps between loss reads; the loss is averaged over them (--log-every)
 * @param seed            seed of every random draw (--seed)
 * @param pushSolver      solver that pushes the pool through each trained block (--push-solver)
 * @param sampleSolver    default solver of sampling and evaluation (--sample-solver)
 * @param chunkRows       rows per chunk when pushing the pool (--chunk)
 * @param backend         auto | cpu | cuda | reference (--backend)
 * @param threads         CPU worker threads, 0 = one per core (--threads)
 * @param plots           write samples.png, blocks.png and loss.png at the end (--no-plots turns it off)
 */
public record RunSpec(String out, int checkpointEvery, int logEvery, long seed, String pushSolver,
                      String sampleSolver, int chunkRows, String backend, int threads, boolean plots) {
    /** The backend names {@link lfm.backend.Backends#create} accepts. */
    public static final List<String> BACKENDS = List.of("auto", "cpu", "cuda", "reference");

    public RunSpec {
        Checks.positive("--checkpoint-every", checkpointEvery);
        Checks.positive("--log-every", logEvery);
        Checks.positive("--chunk", chunkRows);
        if (checkpointEvery % logEvery != 0) {
            throw new IllegalArgumentException("--checkpoint-every (" + checkpointEvery
                    + ") must be a multiple of --log-every (" + logEvery + ") so a resumed run logs the same losses");
        }
        OdeSolver.parse(pushSolver, 10);
        OdeSolver.parse(sampleSolver, 10);
        if (backend == null || !BACKENDS.contains(backend.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("unknown backend '" + backend + "' (expected auto, cpu, cuda or reference)");
        }
        if (threads < 0) {
            throw new IllegalArgumentException("--threads must be ≥ 0, got " + threads);
        }
    }

    /**
     * Checkpoints every 500 steps, loss every 50, seed 0, pushes with RK4 (8 steps), samples with
     * Dormand–Prince (tolerances 1e-5), chunks of 20,000 rows, the auto backend, plots on.
     */
    public static RunSpec defaults() {
        return new RunSpec(null, 500, 50, 0, "rk4:8", "dopri5:1e-5,1e-5", 20_000, "auto", 0, true);
    }

    /** The run folder (null = runs/&lt;data&gt;-&lt;method&gt;-&lt;time&gt;). */
    public RunSpec withOut(Path out) {
        return withOut(out == null ? null : out.toString());
    }

    public RunSpec withOut(String out) {
        return new RunSpec(out, checkpointEvery, logEvery, seed, pushSolver, sampleSolver, chunkRows, backend, threads,
                plots);
    }

    /**
     * Checkpoint every {@code checkpointEvery} steps, read the loss every {@code logEvery} (both at once:
     * the first must be a multiple of the second).
     */
    public RunSpec withIntervals(int checkpointEvery, int logEvery) {
        return new RunSpec(out, checkpointEvery, logEvery, seed, pushSolver, sampleSolver, chunkRows, backend, threads,
                plots);
    }

    public RunSpec withSeed(long seed) {
        return new RunSpec(out, checkpointEvery, logEvery, seed, pushSolver, sampleSolver, chunkRows, backend, threads,
                plots);
    }

    public RunSpec withPushSolver(String pushSolver) {
        return new RunSpec(out, checkpointEvery, logEvery, seed, pushSolver, sampleSolver, chunkRows, backend, threads,
                plots);
    }

    public RunSpec withSampleSolver(String sampleSolver) {
        return new RunSpec(out, checkpointEvery, logEvery, seed, pushSolver, sampleSolver, chunkRows, backend, threads,
                plots);
    }

    public RunSpec withChunkRows(int chunkRows) {
        return new RunSpec(out, checkpointEvery, logEvery, seed, pushSolver, sampleSolver, chunkRows, backend, threads,
                plots);
    }

    /** auto | cpu | cuda | reference. */
    public RunSpec withBackend(String backend) {
        return new RunSpec(out, checkpointEvery, logEvery, seed, pushSolver, sampleSolver, chunkRows, backend, threads,
                plots);
    }

    /** CPU worker threads, 0 = one per core. */
    public RunSpec withThreads(int threads) {
        return new RunSpec(out, checkpointEvery, logEvery, seed, pushSolver, sampleSolver, chunkRows, backend, threads,
                plots);
    }

    public RunSpec withPlots(boolean plots) {
        return new RunSpec(out, checkpointEvery, logEvery, seed, pushSolver, sampleSolver, chunkRows, backend, threads,
                plots);
    }
}
