package lfm.distill;

import lfm.autograd.Functions;
import lfm.autograd.Tape;
import lfm.autograd.Variable;
import lfm.backend.Backend;
import lfm.data.DataMatrix;
import lfm.optim.Adam;
import lfm.optim.AdamConfig;
import lfm.random.RandomStream;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;

/**
 * Trains one student by L2 regression on its pairs: minimise mean ‖student(x_in[, c]) − x_target‖² with
 * Adam over random batches. Pairs live on the backend as one (P, 2D [+ C]) tensor [input | target |
 * condition], so a batch is one random row gather.
 */
final class Distiller {
    private Distiller() {}

    /** Trains in place; returns the mean loss of the last 10% of the steps. */
    static double train(
            Student student, PairGenerator.Pairs pairs, DistillConfig config, RandomStream random, TensorArena arena) {
        Backend backend = student.network().parameters().get(0).backend();
        int dimension = pairs.inputs().cols();
        int conditionColumns =
                pairs.conditions() == null ? 0 : pairs.conditions().cols();
        Tensor both = upload(backend, arena, pairs);
        Tensor batch = arena.allocate(Shape.matrix(config.batch(), 2 * dimension + conditionColumns));
        Tensor batchInputs = arena.allocate(Shape.matrix(config.batch(), dimension));
        Tensor batchTargets = arena.allocate(Shape.matrix(config.batch(), dimension));
        Tensor batchRest = conditionColumns == 0
                ? null
                : arena.allocate(Shape.matrix(config.batch(), dimension + conditionColumns));
        Tensor batchConditions =
                conditionColumns == 0 ? null : arena.allocate(Shape.matrix(config.batch(), conditionColumns));
        Tensor lossSum = arena.allocate(Shape.scalar());
        backend.fill(lossSum, 0f);
        Adam adam = new Adam(student.network().parameters(), AdamConfig.adam(), arena);
        long tailStart = (long) config.steps() - Math.max(1, config.steps() / 10);
        try (TensorArena scratch = backend.newArena("distill-step")) {
            for (long step = 0; step < config.steps(); step++) {
                backend.gatherRandomRows(both, random.next(), batch);
                if (batchRest == null) {
                    backend.splitColumns(batch, batchInputs, batchTargets, false);
                } else {
                    backend.splitColumns(batch, batchInputs, batchRest, false);
                    backend.splitColumns(batchRest, batchTargets, batchConditions, false);
                }
                Tape tape = Tape.recording(backend, scratch);
                student.network().zeroGrad();
                Variable prediction = student.apply(
                        tape,
                        tape.constant(batchInputs),
                        batchConditions == null ? null : tape.constant(batchConditions));
                Variable loss = Functions.mse(tape, prediction, tape.constant(batchTargets));
                tape.backward(loss);
                adam.step(config.learningRate() * cosine(step, config.steps()));
                if (step >= tailStart) {
                    backend.axpy(1f, loss.value(), lossSum);
                }
                scratch.reset();
            }
        }
        return backend.toHostDoubles(lossSum)[0] / (config.steps() - tailStart);
    }

    /** [input | target | condition] of every pair on the backend. */
    private static Tensor upload(Backend backend, TensorArena arena, PairGenerator.Pairs pairs) {
        DataMatrix joined = pairs.conditions() == null
                ? DataMatrix.joinColumns(pairs.inputs(), pairs.targets())
                : DataMatrix.joinColumns(pairs.inputs(), pairs.targets(), pairs.conditions());
        Tensor tensor = arena.allocate(Shape.matrix(joined.rows(), joined.cols()));
        backend.fromHost(joined.values(), tensor);
        return tensor;
    }

    /** Cosine decay of the learning rate to 1% over the run. */
    private static double cosine(long step, long steps) {
        return 0.01 + 0.99 * 0.5 * (1 + Math.cos(Math.PI * step / steps));
    }

    /** Mean squared error of a student on held-out pairs (no gradients). */
    static double error(Student student, PairGenerator.Pairs pairs, TensorArena arena) {
        Backend backend = student.network().parameters().get(0).backend();
        DataMatrix in = pairs.inputs();
        Tensor inputs = arena.allocate(Shape.matrix(in.rows(), in.cols()));
        Tensor targets = arena.allocate(inputs.shape());
        backend.fromHost(in.values(), inputs);
        backend.fromHost(pairs.targets().values(), targets);
        Tensor conditions = null;
        if (pairs.conditions() != null) {
            conditions =
                    arena.allocate(Shape.matrix(in.rows(), pairs.conditions().cols()));
            backend.fromHost(pairs.conditions().values(), conditions);
        }
        Tape tape = Tape.inference(backend, arena);
        Variable loss = Functions.mse(
                tape,
                student.apply(tape, tape.constant(inputs), conditions == null ? null : tape.constant(conditions)),
                tape.constant(targets));
        return backend.toHostDoubles(loss.value())[0];
    }
}
