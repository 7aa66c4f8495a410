package lfm.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import lfm.autograd.Tape;
import lfm.backend.Activation;
import lfm.backend.Backend;
import lfm.backend.reference.ReferenceBackend;
import lfm.flow.Interpolant;
import lfm.flow.Schedule;
import lfm.flow.TimeSampler;
import lfm.nn.ConditionInput;
import lfm.nn.FieldConfig;
import lfm.nn.MlpField;
import lfm.nn.Parameter;
import lfm.optim.Adam;
import lfm.optim.AdamConfig;
import lfm.random.Distributions;
import lfm.random.RandomKey;
import lfm.random.RandomStream;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;
import org.junit.jupiter.api.Test;

/**
 * {@code --times-per-pair K}: the step's loss and gradient against an independent host computation of
 * (1/K) Σₖ mean (v(x_t⁽ᵏ⁾, t⁽ᵏ⁾) − target⁽ᵏ⁾)² with one x_r per pair (the pair's noise drawn once) and
 * K·B independent t; the gradient by central differences of that loss. A conditional field keeps each
 * pair's condition c (or, for the dropped rows [0, k), the null condition) for all K draws.
 */
class TimesPerPairTest {
    private static final int DIMENSION = 2;
    private static final int BATCH = 5;
    private static final int TIMES = 3;
    private static final int POOL = 64;
    private static final long SEED = 7;

    @Test
    void lossAndGradientAverageTheDrawsOfTOverPairsThatKeepTheirNoise() {
        checkAgainstHost(new FieldConfig(DIMENSION, 8, 2, Activation.softplus(20f), 0), 0, 0);
    }

    @Test
    void aConditionalPairKeepsItsConditionAndItsNullRowsForEveryDraw() {
        // Dropout 0.4 of B = 5: rows [0, 2) on the learned null condition, rows [2, 5) on their own c.
        checkAgainstHost(
                new FieldConfig(DIMENSION, 8, 2, Activation.softplus(20f), 0)
                        .withCondition(new ConditionInput(1, 0, true)),
                0.4,
                2);
    }

    private static void checkAgainstHost(FieldConfig config, double dropout, int nullRows) {
        Backend backend = new ReferenceBackend();
        try (TensorArena arena = backend.newArena("times-per-pair")) {
            MlpField field = new MlpField(config, arena, new RandomStream(3));
            Tensor pool = arena.allocate(Shape.matrix(POOL, DIMENSION));
            backend.fillNormal(pool, new RandomKey(11, 0));
            Tensor conditions = null;
            if (config.condition().present()) {
                conditions = arena.allocate(Shape.matrix(POOL, 1));
                backend.fillNormal(conditions, new RandomKey(12, 0));
            }
            Schedule.Block block = new Schedule(List.of(0.2)).blocks().get(0);
            Adam adam = new Adam(field.parameters(), AdamConfig.adam(), arena);
            double loss;
            try (TrainingStep step = new TrainingStep(
                    backend,
                    field,
                    block,
                    Interpolant.TRIG,
                    TimeSampler.UNIFORM,
                    BATCH,
                    TIMES,
                    adam,
                    null,
                    0,
                    DataParallel.single(),
                    dropout)) {
                // rate 0: the weights stay where the gradient was taken
                step.run(pool, conditions, new RandomStream(SEED), 0, false);
                loss = step.readMeanLoss();
            }
            float[] poolValues = backend.toHost(pool);
            float[] conditionValues = conditions == null ? null : backend.toHost(conditions);
            assertEquals(
                    hostLoss(field, backend, block, poolValues, conditionValues, nullRows),
                    loss,
                    1e-5 * Math.abs(loss));

            for (Parameter parameter :
                    List.of(field.parameters().get(0), field.parameters().get(3))) {
                double[] gradient = backend.toHostDoubles(parameter.grad());
                float[] values = backend.toHost(parameter.value());
                for (int index : new int[] {0, values.length - 1}) {
                    double h = 1e-2;
                    double[] sides = new double[2];
                    for (int side = 0; side < 2; side++) {
                        float[] moved = values.clone();
                        moved[index] += (float) (side == 0 ? h : -h);
                        backend.fromHost(moved, parameter.value());
                        sides[side] = hostLoss(field, backend, block, poolValues, conditionValues, nullRows);
                    }
                    backend.fromHost(values, parameter.value());
                    double difference = (sides[0] - sides[1]) / (2 * h);
                    assertTrue(
                            Math.abs(difference - gradient[index]) <= 1e-3 + 2e-2 * Math.abs(difference),
                            parameter.name() + "[" + index + "]: gradient " + gradient[index] + ", central difference "
                                    + difference);
                }
            }
        }
    }

    /**
     * The loss of the step's draws (rows, times, noise: streams 0, 1, 2 of the seed), computed on the host;
     * conditions (POOL, 1) or null, rows [0, nullRows) of each draw on the null condition.
     */
    private static double hostLoss(
            MlpField field, Backend backend, Schedule.Block block, float[] pool, float[] conditions, int nullRows) {
        RandomKey rows = new RandomKey(SEED, 0);
        RandomKey times = new RandomKey(SEED, 1);
        RandomKey noise = new RandomKey(SEED, 2);
        double total = 0;
        for (int draw = 0; draw < TIMES; draw++) {
            float[] xt = new float[BATCH * DIMENSION];
            float[] target = new float[BATCH * DIMENSION];
            float[] t = new float[BATCH];
            float[] c = new float[BATCH];
            for (int i = 0; i < BATCH; i++) {
                int row = Distributions.uniformIndex(rows, i, POOL);
                c[i] = conditions == null ? 0 : conditions[row];
                double time = Distributions.uniform(times, (long) draw * BATCH + i);
                t[i] = (float) time;
                Interpolant path = Interpolant.TRIG;
                for (int d = 0; d < DIMENSION; d++) {
                    double left = pool[row * DIMENSION + d];
                    // The pair's noise: element (i, d) of the one noise draw, whatever the draw of t.
                    double right = block.shrink() * left
                            + block.noiseScale() * Distributions.normal(noise, (long) i * DIMENSION + d);
                    xt[i * DIMENSION + d] = (float) (path.alpha(time) * left + path.sigma(time) * right);
                    target[i * DIMENSION + d] = (float) (path.alphaDot(time) * left + path.sigmaDot(time) * right);
                }
            }
            float[] velocity = forward(field, backend, xt, t, conditions == null ? null : c);
            if (nullRows > 0) {
                float[] onNull = forward(field, backend, xt, t, null);
                System.arraycopy(onNull, 0, velocity, 0, nullRows * DIMENSION);
            }
            double squares = 0;
            for (int k = 0; k < velocity.length; k++) {
                double error = velocity[k] - (double) target[k];
                squares += error * error;
            }
            total += squares / velocity.length;
        }
        return total / TIMES;
    }

    /** v(x_t, t, c) of the batch; c null = the null condition (or none, for an unconditional field). */
    private static float[] forward(MlpField field, Backend backend, float[] xt, float[] t, float[] c) {
        try (TensorArena scratch = backend.newArena("forward")) {
            Tensor x = scratch.allocate(Shape.matrix(BATCH, DIMENSION));
            Tensor time = scratch.allocate(Shape.matrix(BATCH, 1));
            backend.fromHost(xt, x);
            backend.fromHost(t, time);
            Tape tape = Tape.inference(backend, scratch);
            Tensor condition = null;
            if (c != null) {
                condition = scratch.allocate(Shape.matrix(BATCH, 1));
                backend.fromHost(c, condition);
            }
            return backend.toHost(field.forward(
                            tape,
                            tape.constant(x),
                            tape.constant(time),
                            condition == null ? null : tape.constant(condition))
                    .value());
        }
    }
}
