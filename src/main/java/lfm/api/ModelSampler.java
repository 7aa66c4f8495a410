package lfm.api;

import java.io.IOException;
import lfm.data.DataMatrix;
import lfm.dist.Shard;
import lfm.distill.DistilledModel;
import lfm.flow.ode.OdeSolver;
import lfm.random.Purpose;
import lfm.random.RandomKey;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;

/**
 * Generation for {@link Model}: z ~ N(0, I) from the seed, then blocks N..1 backwards (shared by the
 * job's ranks through {@link DealtWork}), or the distilled students, which it loads on first use and
 * holds until {@link #closeStudents()}. Points come back in the data's coordinates.
 */
final class ModelSampler {
    private final Model model;
    private DistilledModel students;

    ModelSampler(Model model) {
        this.model = model;
    }

    /** n points, or one per row of {@code conditions} (encoded, model coordinates; null: unconditional). */
    Samples generate(
            int n,
            DataMatrix conditions,
            Float guidance,
            String solver,
            int fixedSteps,
            int chunkRows,
            long seed,
            Shard shard) {
        Model.checkCounts(n, chunkRows);
        OdeSolver ode = model.odeSolver(solver, fixedSteps);
        try (TensorArena arena = model.backend().newArena("samples")) {
            Tensor condition = conditions == null ? null : upload(conditions, arena);
            DealtWork.Generated generated = DealtWork.generate(
                    model.flow(),
                    model.collective(),
                    shard,
                    n,
                    condition,
                    guidance,
                    new RandomKey(Purpose.GENERATION_NOISE.seed(seed), 0),
                    ode,
                    chunkRows,
                    arena);
            return new Samples(
                    model.toData(generated.points()),
                    ode.spec() + (guidance == null ? "" : ", guidance " + guidance),
                    generated.evaluationsPerPoint());
        }
    }

    /** n points from the distilled students, one per row of {@code conditions} where given (encoded). */
    Samples sampleDistilled(int n, DataMatrix conditions, int chunkRows, long seed) throws IOException {
        Model.checkCounts(n, chunkRows);
        if (students == null) {
            students = DistilledModel.load(model.runFolder(), model.config(), model.backend());
        }
        try (TensorArena arena = model.backend().newArena("samples")) {
            Tensor condition = conditions == null ? null : upload(conditions, arena);
            Tensor samples = students.generate(
                    n, condition, new RandomKey(Purpose.GENERATION_NOISE.seed(seed), 0), chunkRows, arena);
            long perPoint = students.config().totalEvaluations();
            DataMatrix points = model.toData(new DataMatrix(n, samples.cols(), samples.toFloats()));
            return new Samples(points, "distilled (" + perPoint + " evaluations)", perPoint);
        }
    }

    /** Frees the students' weights (before a new distillation replaces them, and on close). */
    void closeStudents() {
        if (students != null) {
            students.close();
            students = null;
        }
    }

    private Tensor upload(DataMatrix matrix, TensorArena arena) {
        Tensor tensor = arena.allocate(Shape.matrix(matrix.rows(), matrix.cols()));
        model.backend().fromHost(matrix.values(), tensor);
        return tensor;
    }
}
