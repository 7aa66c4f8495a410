package lfm.bench;

import java.util.List;
import java.util.Map;
import lfm.backend.Activation;
import lfm.backend.Backend;
import lfm.flow.Interpolant;
import lfm.flow.Schedule;
import lfm.flow.TimeSampler;
import lfm.nn.FieldConfig;
import lfm.nn.VelocityField;
import lfm.optim.Adam;
import lfm.optim.AdamConfig;
import lfm.random.Distributions;
import lfm.random.RandomKey;
import lfm.random.RandomStream;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;
import lfm.train.TrainingStep;

/**
 * W1: one flow-matching training step of the 2D field (3 → 256 → 256 → 256 → 2, Softplus(β = 20)),
 * batch 10,000, dependent OU coupling γ = 0.025, trig interpolant, MSE, backward, Adam(2e-4), drawn
 * from a pool of 200,000 points of an 8-component Gaussian mixture — the engine's own TrainingStep.
 */
final class TrainingStepWorkload implements Workload {
    static final int BATCH = 10_000;
    static final int POOL = 200_000;
    private final Backend backend;
    private final TensorArena arena;
    private final TrainingStep step;
    private final Tensor pool;
    private final RandomStream random = new RandomStream(1);
    private final int batch;

    TrainingStepWorkload(Backend backend, int batch) {
        this.backend = backend;
        this.batch = batch;
        this.arena = backend.newArena("w1");
        VelocityField field = new VelocityField(new FieldConfig(2, 256, 3, Activation.softplus(20), 0), arena,
                new RandomStream(0));
        Adam adam = new Adam(field.parameters(), AdamConfig.adam(), arena);
        Schedule.Block block = Schedule.geometric(1, 0.025, 1).blocks().get(0);
        this.step = new TrainingStep(backend, field, block, Interpolant.TRIG, TimeSampler.UNIFORM, batch, adam, null, 0);
        this.pool = arena.allocate(Shape.matrix(POOL, 2));
        backend.fromHost(gaussianMixture(POOL, 2), pool);
    }

    /** n points of 8 Gaussians (σ = 0.3) on the circle of radius 3, as torch_ref.py. */
    static float[] gaussianMixture(int n, long seed) {
        float[] values = new float[2 * n];
        RandomKey key = new RandomKey(seed, 0);
        for (int i = 0; i < n; i++) {
            double angle = Distributions.uniformIndex(key, 3L * i, 8) * 2 * Math.PI / 8;
            values[2 * i] = (float) (3 * Math.cos(angle) + 0.3 * Distributions.normal(key, 3L * i + 1));
            values[2 * i + 1] = (float) (3 * Math.sin(angle) + 0.3 * Distributions.normal(key, 3L * i + 2));
        }
        return values;
    }

    @Override
    public String name() {
        return "W1";
    }

    @Override
    public String description() {
        return "training step, D=2, 3x256 Softplus(20), batch " + batch + ", OU gamma=0.025, trig, Adam";
    }

    @Override
    public void runOnce() {
        step.run(pool, random, 2e-4);
    }

    @Override
    public double flops() {
        return 3 * Mlp256.forwardFlops(batch, 2, 256, 3);   // forward + backward (2×), as torch_ref.py counts
    }

    @Override
    public double units() {
        return 1;
    }

    @Override
    public String unitName() {
        return "steps";
    }

    @Override
    public Map<String, Object> details() {
        return Map.of("batch", batch, "pool", POOL, "final_loss", step.readMeanLoss(), "hidden", List.of(256, 256, 256));
    }

    @Override
    public void close() {
        step.close();
        arena.close();
    }
}
