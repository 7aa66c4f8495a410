package lfm.cli;

import java.io.IOException;
import lfm.backend.Backend;
import lfm.data.DataMatrix;
import lfm.dist.ChunkDeal;
import lfm.dist.Collective;
import lfm.dist.LocalCollective;
import lfm.distill.DistilledModel;
import lfm.flow.ode.OdeSolver;
import lfm.flow.ode.SolveStats;
import lfm.random.RandomKey;
import lfm.run.FlowModel;
import lfm.run.RunFolder;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;

/**
 * Points generated from a run (in data coordinates), by the teacher's ODE or the distilled students,
 * with how they were made and how many network evaluations each point cost. The teacher's generation
 * can be split: over the ranks of a job (each generates the chunks {@link ChunkDeal} deals it, all
 * gathered on every rank) or by {@code --shard r/P} (only part r's rows); either way the rows are bit
 * for bit those of the whole generation.
 */
record Generated(DataMatrix points, String method, long evaluations) {

    static Generated draw(RunFolder folder, Backend backend, int count, long seed, String solver, int steps,
                          int chunk, boolean distilled, TensorArena arena) throws IOException {
        return draw(folder, backend, count, seed, solver, steps, chunk, distilled, arena, new LocalCollective(),
                Shard.WHOLE);
    }

    static Generated draw(RunFolder folder, Backend backend, int count, long seed, String solver, int steps,
                          int chunk, boolean distilled, TensorArena arena, Collective collective, Shard shard)
            throws IOException {
        RandomKey key = new RandomKey(seed, 0);
        if (collective.size() > 1 || !shard.whole()) {
            if (distilled) {
                throw new IllegalArgumentException("--distilled sampling is not split over ranks or shards; run it on one process");
            }
            return split(folder, backend, count, key, solver, steps, chunk, arena, collective, shard);
        }
        if (distilled) {
            try (DistilledModel model = DistilledModel.load(folder, backend)) {
                Tensor samples = model.generate(count, key, chunk, arena);
                long perPoint = model.config().totalEvaluations();
                try (FlowModel teacher = FlowModel.load(folder, backend)) {
                    DataMatrix points = teacher.toData(new DataMatrix(count, samples.cols(), samples.toFloats()));
                    return new Generated(points, "distilled (" + perPoint + " evaluations)", perPoint);
                }
            }
        }
        try (FlowModel model = FlowModel.load(folder, backend)) {
            OdeSolver ode = OdeSolver.parse(solver != null ? solver : model.config().sampleSolver(), steps);
            Tensor samples = model.generate(count, key, ode, chunk, arena);
            SolveStats stats = model.lastGenerationStats();
            DataMatrix points = model.toData(new DataMatrix(count, samples.cols(), samples.toFloats()));
            int chunks = (count + chunk - 1) / chunk;
            return new Generated(points, ode.spec(), stats.evaluations() / chunks);
        }
    }

    /** This rank's or shard's chunks of the generation; under a collective, every rank's rows gathered. */
    private static Generated split(RunFolder folder, Backend backend, int count, RandomKey key, String solver, int steps,
                                   int chunk, TensorArena arena, Collective collective, Shard shard) throws IOException {
        boolean ranks = collective.size() > 1;
        int parts = ranks ? collective.size() : shard.count();
        int part = ranks ? collective.rank() : shard.index();
        int[] bounds = ChunkDeal.bounds(count, chunk, parts);
        int from = bounds[part], rows = bounds[part + 1] - from;
        try (FlowModel model = FlowModel.load(folder, backend)) {
            OdeSolver ode = OdeSolver.parse(solver != null ? solver : model.config().sampleSolver(), steps);
            int dimension = model.config().dimension();
            Tensor mine = rows > 0 ? model.generateRows(from, rows, key, ode, chunk, arena) : null;
            long evaluations = rows > 0 ? model.lastGenerationStats().evaluations() : 0;
            int chunks = (rows + chunk - 1) / chunk;
            float[] values;
            if (ranks) {
                Tensor all = arena.allocate(lfm.tensor.Shape.matrix(count, dimension));
                if (mine != null) {
                    backend.copy(mine, all.rowSlice(from, rows));
                }
                ChunkDeal.allGatherRows(collective, all, bounds);
                evaluations = ChunkDeal.sumOverRanks(collective, evaluations)[0];
                chunks = (count + chunk - 1) / chunk;
                values = all.toFloats();
                rows = count;
            } else {
                values = mine != null ? mine.toFloats() : new float[0];
            }
            DataMatrix points = model.toData(new DataMatrix(rows, dimension, values));
            return new Generated(points, ode.spec(), chunks == 0 ? 0 : evaluations / chunks);
        }
    }
}
