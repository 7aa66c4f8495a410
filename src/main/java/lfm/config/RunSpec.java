package lfm.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import lfm.flow.ode.OdeSolver;

/**
 * How a run is carried out and recorded. {@code out}, {@code backend}, {@code threads}, {@code plots},
 * {@code distributed}, {@code shards}, {@code checkEvery} and {@code tensorboard} say how the run was
 * started; loading a run for sampling or evaluation ignores them, and a resumed run may be carried out
 * otherwise ({@code lfm.api.Training#launchedAs}).
 *
 * <p>Data parallelism: each optimiser step draws one global batch of {@code batch} rows, split into P
 * shards (shard s = rows ⌊B·s/P⌋ .. ⌊B·(s+1)/P⌋ − 1 of the one draw) whose gradients are summed in shard
 * order. P is {@code shards} on one process ({@code distributed} none: the shards are computed one after
 * the other), or the number of ranks of the job ({@code distributed} mpi or nccl: each rank computes one
 * shard), and the two give the same weights bit for bit.
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
 * @param distributed     none | mpi | nccl: one process, or one rank of an MPI job (mpirun, srun) whose
 *                        gradients are all-reduced over MPI on the host or, with nccl, over NCCL on the
 *                        GPUs (--distributed)
 * @param shards          P on one process: each batch split into P shards computed one after the other,
 *                        what P ranks compute, bit for bit; 1 under distributed, where each rank is a
 *                        shard (--shards)
 * @param checkEvery      under distributed: steps between checks that every rank holds the same weights
 *                        (hash compare), 0 = never (--check-every)
 * @param tensorboard     write the TensorBoard log tb/ while training (--no-tensorboard turns it off); a run
 *                        folder of format 2 or 3 reads as on, so such a run, resumed, logs the steps it trains
 *                        from then
 */
public record RunSpec(
        String out,
        int checkpointEvery,
        int logEvery,
        long seed,
        String pushSolver,
        String sampleSolver,
        int chunkRows,
        String backend,
        int threads,
        boolean plots,
        @Since(3) String distributed,
        @Since(3) int shards,
        @Since(3) int checkEvery,
        @Since(4) boolean tensorboard) {
    /** The backend names {@link lfm.backend.Backends#create} accepts. */
    public static final List<String> BACKENDS = List.of("auto", "cpu", "cuda", "reference");
    /** The values of {@link #distributed}: one process, an MPI job, an MPI job reducing with NCCL. */
    public static final List<String> DISTRIBUTED = List.of("none", "mpi", "nccl");

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
            throw new IllegalArgumentException(
                    "unknown backend '" + backend + "' (expected auto, cpu, cuda or reference)");
        }
        if (threads < 0) {
            throw new IllegalArgumentException("--threads must be ≥ 0, got " + threads);
        }
        checkParallel(distributed, shards, checkEvery, backend);
    }

    private static void checkParallel(String distributed, int shards, int checkEvery, String backend) {
        if (distributed == null || !DISTRIBUTED.contains(distributed)) {
            throw new IllegalArgumentException("--distributed must be none, mpi or nccl, got " + distributed);
        }
        Checks.positive("--shards", shards);
        if (checkEvery < 0) {
            throw new IllegalArgumentException("--check-every must be ≥ 0, got " + checkEvery);
        }
        if (shards > 1 && !distributed.equals("none")) {
            throw new IllegalArgumentException("--shards splits the batch on one process; under --distributed each "
                    + "rank is one shard (use one or the other)");
        }
        if (distributed.equals("nccl") && !List.of("auto", "cuda").contains(backend.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("--distributed nccl reduces on the GPUs: it needs --backend cuda, got "
                    + backend + " (use --distributed mpi on CPUs)");
        }
    }

    /**
     * Checkpoints every 500 steps, loss every 50, seed 0, pushes with RK4 (8 steps), samples with
     * Dormand–Prince (tolerances 1e-5), chunks of 20,000 rows, the auto backend, plots on, one process
     * and one shard (a weight check every 100 steps once distributed), TensorBoard log on.
     */
    public static RunSpec defaults() {
        return new RunSpec(
                null, 500, 50, 0, "rk4:8", "dopri5:1e-5,1e-5", 20_000, "auto", 0, true, "none", 1, 100, true);
    }

    /** The run folder (null = runs/&lt;data&gt;-&lt;method&gt;-&lt;time&gt;). */
    public RunSpec withOut(Path out) {
        return withOut(out == null ? null : out.toString());
    }

    public RunSpec withOut(String out) {
        return new RunSpec(
                out,
                checkpointEvery,
                logEvery,
                seed,
                pushSolver,
                sampleSolver,
                chunkRows,
                backend,
                threads,
                plots,
                distributed,
                shards,
                checkEvery,
                tensorboard);
    }

    /**
     * Checkpoint every {@code checkpointEvery} steps, read the loss every {@code logEvery} (both at once:
     * the first must be a multiple of the second).
     */
    public RunSpec withIntervals(int checkpointEvery, int logEvery) {
        return new RunSpec(
                out,
                checkpointEvery,
                logEvery,
                seed,
                pushSolver,
                sampleSolver,
                chunkRows,
                backend,
                threads,
                plots,
                distributed,
                shards,
                checkEvery,
                tensorboard);
    }

    public RunSpec withSeed(long seed) {
        return new RunSpec(
                out,
                checkpointEvery,
                logEvery,
                seed,
                pushSolver,
                sampleSolver,
                chunkRows,
                backend,
                threads,
                plots,
                distributed,
                shards,
                checkEvery,
                tensorboard);
    }

    public RunSpec withPushSolver(String pushSolver) {
        return new RunSpec(
                out,
                checkpointEvery,
                logEvery,
                seed,
                pushSolver,
                sampleSolver,
                chunkRows,
                backend,
                threads,
                plots,
                distributed,
                shards,
                checkEvery,
                tensorboard);
    }

    public RunSpec withSampleSolver(String sampleSolver) {
        return new RunSpec(
                out,
                checkpointEvery,
                logEvery,
                seed,
                pushSolver,
                sampleSolver,
                chunkRows,
                backend,
                threads,
                plots,
                distributed,
                shards,
                checkEvery,
                tensorboard);
    }

    public RunSpec withChunkRows(int chunkRows) {
        return new RunSpec(
                out,
                checkpointEvery,
                logEvery,
                seed,
                pushSolver,
                sampleSolver,
                chunkRows,
                backend,
                threads,
                plots,
                distributed,
                shards,
                checkEvery,
                tensorboard);
    }

    /** auto | cpu | cuda | reference. */
    public RunSpec withBackend(String backend) {
        return new RunSpec(
                out,
                checkpointEvery,
                logEvery,
                seed,
                pushSolver,
                sampleSolver,
                chunkRows,
                backend,
                threads,
                plots,
                distributed,
                shards,
                checkEvery,
                tensorboard);
    }

    /** CPU worker threads, 0 = one per core. */
    public RunSpec withThreads(int threads) {
        return new RunSpec(
                out,
                checkpointEvery,
                logEvery,
                seed,
                pushSolver,
                sampleSolver,
                chunkRows,
                backend,
                threads,
                plots,
                distributed,
                shards,
                checkEvery,
                tensorboard);
    }

    public RunSpec withPlots(boolean plots) {
        return new RunSpec(
                out,
                checkpointEvery,
                logEvery,
                seed,
                pushSolver,
                sampleSolver,
                chunkRows,
                backend,
                threads,
                plots,
                distributed,
                shards,
                checkEvery,
                tensorboard);
    }

    /** Whether training writes the TensorBoard log tb/ (train.json is always written). */
    public RunSpec withTensorboard(boolean tensorboard) {
        return new RunSpec(
                out,
                checkpointEvery,
                logEvery,
                seed,
                pushSolver,
                sampleSolver,
                chunkRows,
                backend,
                threads,
                plots,
                distributed,
                shards,
                checkEvery,
                tensorboard);
    }

    /** none | mpi | nccl (see {@link #distributed()}). */
    public RunSpec withDistributed(String distributed) {
        return new RunSpec(
                out,
                checkpointEvery,
                logEvery,
                seed,
                pushSolver,
                sampleSolver,
                chunkRows,
                backend,
                threads,
                plots,
                distributed,
                shards,
                checkEvery,
                tensorboard);
    }

    /** P micro-shards per batch on one process (1 = the plain step). */
    public RunSpec withShards(int shards) {
        return new RunSpec(
                out,
                checkpointEvery,
                logEvery,
                seed,
                pushSolver,
                sampleSolver,
                chunkRows,
                backend,
                threads,
                plots,
                distributed,
                shards,
                checkEvery,
                tensorboard);
    }

    /** Steps between weight-hash checks across ranks (0 = never). */
    public RunSpec withCheckEvery(int checkEvery) {
        return new RunSpec(
                out,
                checkpointEvery,
                logEvery,
                seed,
                pushSolver,
                sampleSolver,
                chunkRows,
                backend,
                threads,
                plots,
                distributed,
                shards,
                checkEvery,
                tensorboard);
    }

    /**
     * This spec carried out as {@code launch} is: its backend, threads, distributed mode, shards and
     * weight-check interval (how a stopped run resumes on other hardware or another number of ranks).
     */
    public RunSpec withLaunch(RunSpec launch) {
        return new RunSpec(
                out,
                checkpointEvery,
                logEvery,
                seed,
                pushSolver,
                sampleSolver,
                chunkRows,
                launch.backend,
                launch.threads,
                plots,
                launch.distributed,
                launch.shards,
                launch.checkEvery,
                tensorboard);
    }

    /** Whether this run is one rank of an MPI job (distributed mpi or nccl). */
    public boolean mpiJob() {
        return !distributed.equals("none");
    }
}
