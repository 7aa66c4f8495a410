package lfm.train;

import java.io.IOException;
import java.util.List;
import lfm.backend.Backend;
import lfm.config.RunSpec;
import lfm.dist.ChunkDeal;
import lfm.dist.Collective;
import lfm.flow.FieldDynamics;
import lfm.flow.Push;
import lfm.flow.Schedule;
import lfm.flow.ode.OdeSolver;
import lfm.flow.ode.SolveStats;
import lfm.nn.VelocityField;
import lfm.run.TrainingState;
import lfm.tensor.Tensor;

/**
 * Carries the pool through each trained block (t: 0 → 1) and commits the result: the block's weights and
 * the pushed pool are checked finite before anything is written, the pool's rows are dealt to the ranks
 * by fixed chunks and gathered back ({@link ChunkDeal}), and every rank waits until rank 0 has written
 * the block's file.
 */
final class PoolPush {
    private final Backend backend;
    private final RunSpec run;
    private final long stepsPerBlock;
    private final DataParallel parallel;
    private final TrainingCheckpoints checkpoints;
    private final TrainingListener listener;
    private SolveStats last = SolveStats.NONE;

    PoolPush(
            Backend backend,
            RunSpec run,
            long stepsPerBlock,
            DataParallel parallel,
            TrainingCheckpoints checkpoints,
            TrainingListener listener) {
        this.backend = backend;
        this.run = run;
        this.stepsPerBlock = stepsPerBlock;
        this.parallel = parallel;
        this.checkpoints = checkpoints;
        this.listener = listener;
    }

    /** The completed block's state, asked for once the push is done (its loss-file length and elapsed time). */
    interface Completed {
        TrainingState state() throws IOException;
    }

    /**
     * Pushes the pool (its rows' conditions {@code poolConditions}, null when unconditional) through the
     * trained block, keeps its snapshot, then writes the block's weights and commits the pushed pool as
     * {@code completed} (asked for once the push is done); returns the push's wall time.
     */
    double pushAndCommit(
            Schedule.Block block,
            VelocityField field,
            Tensor pool,
            Tensor poolConditions,
            Snapshots snapshots,
            Completed completed)
            throws IOException {
        String end = String.format("block %d, step %,d (its end)", block.index(), stepsPerBlock);
        FiniteCheck.weights(field.parameters(), end, checkpoints.resumeAdvice());
        long pushStart = System.nanoTime();
        listener.pushStarted(block, pool.rows());
        SolveStats stats = push(field, pool, poolConditions);
        FiniteCheck.require(
                List.of(pool), List.of("pool"), end, "the pool pushed through the block", checkpoints.resumeAdvice());
        snapshots.add(pool);
        double pushSeconds = (System.nanoTime() - pushStart) / 1e9;
        collective().barrier();
        checkpoints.commitBlock(block, field, pool, snapshots, completed.state());
        collective().barrier(); // the block file exists before any rank goes on (and may load the model)
        last = stats;
        return pushSeconds;
    }

    /** The solver's counts of the last push, summed over the ranks ({@link SolveStats#NONE} before any). */
    SolveStats last() {
        return last;
    }

    /** Pushes the pool through a block (t: 0 → 1): this rank's chunks, then every rank's rows gathered. */
    private SolveStats push(VelocityField field, Tensor pool, Tensor poolConditions) {
        int[] bounds =
                ChunkDeal.bounds(pool.rows(), run.chunkRows(), collective().size());
        int from = bounds[collective().rank()];
        int count = bounds[collective().rank() + 1] - from;
        SolveStats stats = SolveStats.NONE;
        if (count > 0) {
            try (FieldDynamics dynamics = new FieldDynamics(
                    field, backend, poolConditions == null ? null : poolConditions.rowSlice(from, count), null)) {
                stats = Push.solve(
                        dynamics,
                        OdeSolver.parse(run.pushSolver(), 10),
                        pool.rowSlice(from, count),
                        0,
                        1,
                        run.chunkRows());
            }
        }
        ChunkDeal.allGatherRows(collective(), pool, bounds);
        long[] total =
                ChunkDeal.sumOverRanks(collective(), stats.evaluations(), stats.acceptedSteps(), stats.rejectedSteps());
        return new SolveStats(total[0], total[1], total[2]);
    }

    private Collective collective() {
        return parallel.collective();
    }
}
