package lfm.api;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.function.Consumer;
import lfm.data.DataMatrix;
import lfm.dist.ChunkDeal;
import lfm.dist.Collective;
import lfm.dist.Shard;
import lfm.flow.ode.OdeSolver;
import lfm.flow.ode.SolveStats;
import lfm.likelihood.Divergence;
import lfm.likelihood.LogDensity;
import lfm.random.RandomKey;
import lfm.run.FlowModel;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;

/**
 * A model's row-wise work (generation, pushes, log-densities) shared by the ranks of a job or split into
 * parts by hand: the rows are cut into the chunks one process solves one by one, each rank (or part)
 * takes the consecutive chunks {@link ChunkDeal} deals it and solves each chunk exactly as one process
 * does (noise, Hutchinson probes and adaptive steps included), and the ranks' rows are gathered in chunk
 * order, so every result is bit for bit that of one process, for any number of ranks.
 */
final class DealtWork {
    private DealtWork() {}

    /** Generated points in model coordinates and the network evaluations they cost, summed over chunks. */
    record Generated(DataMatrix points, long evaluations, int chunks) {
        long evaluationsPerPoint() {
            return chunks == 0 ? 0 : evaluations / chunks;
        }
    }

    /**
     * The n points of one generation (noise from {@code key}, chunks of chunkRows): every rank's rows,
     * gathered, under a job of several ranks; only the part's rows for a {@link Shard} of a split job.
     */
    static Generated generate(
            FlowModel flow,
            Collective collective,
            Shard shard,
            int n,
            RandomKey key,
            OdeSolver ode,
            int chunkRows,
            TensorArena arena) {
        return generate(flow, collective, shard, n, null, null, key, ode, chunkRows, arena);
    }

    /**
     * As {@link #generate(FlowModel, Collective, Shard, int, RandomKey, OdeSolver, int, TensorArena)}, point
     * i with row i of {@code conditions} (n, C, encoded; null: none) and {@code guidance} (null: none).
     */
    static Generated generate(
            FlowModel flow,
            Collective collective,
            Shard shard,
            int n,
            Tensor conditions,
            Float guidance,
            RandomKey key,
            OdeSolver ode,
            int chunkRows,
            TensorArena arena) {
        boolean ranks = collective.size() > 1;
        if (ranks && !shard.whole()) {
            throw new IllegalArgumentException("--shard splits a job by hand, --distributed over ranks: use one");
        }
        int parts = ranks ? collective.size() : shard.count();
        int part = ranks ? collective.rank() : shard.index();
        int[] bounds = ChunkDeal.bounds(n, chunkRows, parts);
        int from = bounds[part];
        int rows = bounds[part + 1] - from;
        int dimension = flow.config().dimension();
        Tensor mine = rows > 0
                ? flow.generateRows(
                        from,
                        rows,
                        conditions == null ? null : conditions.rowSlice(from, rows),
                        guidance,
                        key,
                        ode,
                        chunkRows,
                        arena)
                : null;
        long evaluations = rows > 0 ? flow.lastGenerationStats().evaluations() : 0;
        if (!ranks) {
            return new Generated(
                    new DataMatrix(rows, dimension, mine != null ? mine.toFloats() : new float[0]),
                    evaluations,
                    chunks(rows, chunkRows));
        }
        Tensor all = arena.allocate(Shape.matrix(n, dimension)); // all: (n, D)
        if (mine != null) {
            flow.backend().copy(mine, all.rowSlice(from, rows));
        }
        ChunkDeal.allGatherRows(collective, all, bounds);
        long total = ChunkDeal.sumOverRanks(collective, evaluations)[0];
        return new Generated(new DataMatrix(n, dimension, all.toFloats()), total, chunks(n, chunkRows));
    }

    /**
     * Runs {@code solve} on this rank's chunks of {@code x} (N, D) in place, then gathers every rank's rows
     * so that all of x is solved on every rank.
     */
    static void solve(Collective collective, Tensor x, int chunkRows, Consumer<Tensor> solve) {
        int[] bounds = ChunkDeal.bounds(x.rows(), chunkRows, collective.size());
        int from = bounds[collective.rank()];
        int rows = bounds[collective.rank() + 1] - from;
        if (rows > 0) {
            solve.accept(collective.size() == 1 ? x : x.rowSlice(from, rows));
        }
        ChunkDeal.allGatherRows(collective, x, bounds);
    }

    /**
     * Per-point log-densities (model coordinates; given the points' encoded conditions, or null): each rank computes its chunks with the Hutchinson
     * probes the whole computation draws there, the values are gathered in chunk order and the cost summed.
     */
    static LogDensity.Result logDensity(
            FlowModel flow,
            Collective collective,
            DataMatrix points,
            DataMatrix conditions,
            OdeSolver ode,
            Divergence trace,
            int chunkRows,
            long seed) {
        if (collective.size() == 1) {
            return LogDensity.compute(flow, points, conditions, ode, trace, chunkRows, seed);
        }
        int rows = LogDensity.chunkRows(flow, points.cols(), trace, chunkRows);
        int[] bounds = ChunkDeal.bounds(points.rows(), rows, collective.size());
        int from = bounds[collective.rank()];
        int to = bounds[collective.rank() + 1];
        LogDensity.Result mine = to > from
                ? LogDensity.compute(
                        flow,
                        points.rows(from, to),
                        conditions == null ? null : conditions.rows(from, to),
                        ode,
                        trace,
                        rows,
                        seed,
                        from)
                : new LogDensity.Result(new double[0], SolveStats.NONE);
        double[] all = new double[points.rows()];
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(ValueLayout.JAVA_DOUBLE, Math.max(1, all.length))
                    .asSlice(0, (long) Double.BYTES * all.length);
            MemorySegment.copy(
                    mine.logDensity(),
                    0,
                    buffer,
                    ValueLayout.JAVA_DOUBLE,
                    (long) Double.BYTES * from,
                    mine.logDensity().length);
            long[] counts = new long[collective.size()];
            for (int r = 0; r < counts.length; r++) {
                counts[r] = (long) Double.BYTES * (bounds[r + 1] - bounds[r]);
            }
            collective.allGather(buffer, counts);
            MemorySegment.copy(buffer, ValueLayout.JAVA_DOUBLE, 0, all, 0, all.length);
        }
        long[] cost = ChunkDeal.sumOverRanks(
                collective,
                mine.stats().evaluations(),
                mine.stats().acceptedSteps(),
                mine.stats().rejectedSteps());
        return new LogDensity.Result(all, new SolveStats(cost[0], cost[1], cost[2]));
    }

    private static int chunks(int rows, int chunkRows) {
        return (rows + chunkRows - 1) / chunkRows;
    }
}
