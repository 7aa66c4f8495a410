package lfm.backend.cpu;

import java.util.ArrayList;
import java.util.List;
import lfm.autograd.Functions;
import lfm.autograd.Tape;
import lfm.autograd.Variable;
import lfm.backend.Activation;
import lfm.backend.Backend;
import lfm.flow.Interpolant;
import lfm.nn.FieldConfig;
import lfm.nn.MlpField;
import lfm.nn.Parameter;
import lfm.nn.VelocityField;
import lfm.optim.Adam;
import lfm.optim.AdamConfig;
import lfm.random.RandomStream;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;

/**
 * A seeded flow-matching training loop in the shape of the W1 workload (random pool rows, uniform t,
 * OU-coupled pathSample, MLP velocity field on the tape, MSE, Adam), small enough for tests.
 */
final class TrainingStepFixture implements AutoCloseable {
    private final Backend backend;
    private final TensorArena model;
    private final TensorArena step;
    private final VelocityField field;
    private final Adam adam;
    private final Tensor pool;
    private final RandomStream random;
    private final int batch;

    TrainingStepFixture(Backend backend, int batch, int width, long seed) {
        this.backend = backend;
        this.batch = batch;
        this.model = backend.newArena("model");
        this.step = backend.newArena("step");
        this.random = new RandomStream(seed);
        this.field = new MlpField(new FieldConfig(2, width, 3, Activation.softplus(20f), 0), model, random);
        this.adam = new Adam(field.parameters(), AdamConfig.adam(), model);
        this.pool = model.allocate(Shape.matrix(5000, 2));
        backend.fillNormal(pool, random.next());
    }

    /** One step; returns the loss. */
    float step() {
        step.reset();
        field.zeroGrad();
        Tensor xLeft = step.allocate(Shape.matrix(batch, 2));
        Tensor t = step.allocate(Shape.matrix(batch, 1));
        Tensor xt = step.allocate(Shape.matrix(batch, 2));
        Tensor target = step.allocate(Shape.matrix(batch, 2));
        backend.gatherRandomRows(pool, random.next(), xLeft);
        backend.fillUniform(t, random.next());
        float gamma = 0.025f;
        backend.pathSample(
                xLeft,
                t,
                (float) Math.exp(-gamma),
                (float) Math.sqrt(-Math.expm1(-2 * gamma)),
                Interpolant.TRIG,
                random.next(),
                xt,
                target);
        Tape tape = Tape.recording(backend, step);
        Variable prediction = field.forward(tape, tape.constant(xt), tape.constant(t));
        Variable loss = Functions.mse(tape, prediction, tape.constant(target));
        tape.backward(loss);
        adam.step(2e-4);
        return loss.value().item();
    }

    /** Every parameter value, in order, as one list of arrays. */
    List<float[]> parameters() {
        List<float[]> values = new ArrayList<>();
        for (Parameter parameter : field.parameters()) {
            values.add(backend.toHost(parameter.value()));
        }
        return values;
    }

    @Override
    public void close() {
        step.close();
        model.close();
    }
}
