package lfm.cli;

import java.io.IOException;
import lfm.backend.Backend;
import lfm.data.DataMatrix;
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
 * with how they were made and how many network evaluations each point cost.
 */
record Generated(DataMatrix points, String method, long evaluations) {

    static Generated draw(RunFolder folder, Backend backend, int count, long seed, String solver, int steps,
                          int chunk, boolean distilled, TensorArena arena) throws IOException {
        RandomKey key = new RandomKey(seed, 0);
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
}
