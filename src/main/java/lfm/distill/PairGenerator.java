package lfm.distill;

import java.util.ArrayList;
import java.util.List;
import lfm.backend.Backend;
import lfm.data.DataMatrix;
import lfm.flow.ode.OdeSolver;
import lfm.random.Purpose;
import lfm.random.RandomKey;
import lfm.run.FlowModel;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;

/**
 * Regression pairs for the students, produced by the teacher's reverse ODE with a tight adaptive solver.
 * For the student of blocks [first, last] a pair is (x_last, x_{first−1}): the input at the noise end
 * of the group and where the teacher's flow takes it at the data end.
 * <ul>
 *   <li>{@link Source#POOL}: inputs are training points pushed forward through blocks 1..last; targets
 *       come from reversing them through blocks last..first.</li>
 *   <li>{@link Source#NOISE}: inputs follow the teacher's own generation, z ~ N(0, I) reversed through
 *       the blocks above the group — exactly the distribution a student meets when sampling.</li>
 * </ul>
 */
public final class PairGenerator {

    public enum Source {
        POOL,
        NOISE
    }

    /**
     * Inputs and targets of one student, in model coordinates, with each pair's condition (null for an
     * unconditional teacher): the teacher flowed the pair with it, and the student reads it too.
     */
    record Pairs(DataMatrix inputs, DataMatrix targets, DataMatrix conditions) {}

    private PairGenerator() {}

    /**
     * Pairs for every group of {@code config}, data side first.
     *
     * @param conditions the pool's conditions (model coordinates) for a conditional teacher, else null;
     *                   pairs from noise take the conditions of pool rows 0, 1, ... in turn
     */
    static List<Pairs> generate(
            FlowModel teacher,
            DataMatrix pool,
            DataMatrix conditions,
            DistillConfig config,
            OdeSolver solver,
            int chunkRows,
            Source source,
            long seed) {
        Backend backend = teacher.backend();
        List<int[]> groups = config.groups();
        List<Pairs> pairs = new ArrayList<>();
        try (TensorArena arena = backend.newArena("distill-pairs")) {
            int n = source == Source.POOL ? Math.min(config.pairs(), pool.rows()) : config.pairs();
            Tensor x = arena.allocate(Shape.matrix(n, teacher.config().dimension()));
            Tensor y = arena.allocate(x.shape());
            DataMatrix pairConditions = conditions == null ? null : cycled(conditions, n);
            Tensor c = null;
            if (pairConditions != null) {
                c = arena.allocate(Shape.matrix(n, pairConditions.cols()));
                backend.fromHost(pairConditions.values(), c);
            }
            if (source == Source.POOL) {
                backend.fromHost(java.util.Arrays.copyOf(pool.values(), n * pool.cols()), x);
                int level = 0;
                for (int[] group : groups) {
                    teacher.forward(x, c, level + 1, group[1], solver, chunkRows, block -> {});
                    level = group[1];
                    backend.copy(x, y);
                    teacher.reverse(y, c, null, group[1], group[0], solver, chunkRows);
                    pairs.add(new Pairs(host(x), host(y), pairConditions));
                }
            } else {
                backend.fillNormal(x, new RandomKey(Purpose.DISTILLATION_PAIRS.seed(seed), 0));
                for (int g = groups.size() - 1; g >= 0; g--) {
                    DataMatrix input = host(x);
                    teacher.reverse(x, c, null, groups.get(g)[1], groups.get(g)[0], solver, chunkRows);
                    pairs.add(0, new Pairs(input, host(x), pairConditions));
                }
            }
        }
        return pairs;
    }

    /** Rows 0, 1, ..., n − 1 of {@code rows}, starting over at its end. */
    private static DataMatrix cycled(DataMatrix rows, int n) {
        float[] values = new float[Math.multiplyExact(n, rows.cols())];
        for (int i = 0; i < n; i++) {
            System.arraycopy(rows.values(), (i % rows.rows()) * rows.cols(), values, i * rows.cols(), rows.cols());
        }
        return new DataMatrix(n, rows.cols(), values);
    }

    private static DataMatrix host(Tensor tensor) {
        return new DataMatrix(tensor.rows(), tensor.cols(), tensor.toFloats());
    }
}
