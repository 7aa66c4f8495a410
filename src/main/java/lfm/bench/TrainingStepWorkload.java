package lfm.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lfm.backend.Activation;
import lfm.backend.Backend;
import lfm.flow.Interpolant;
import lfm.flow.Schedule;
import lfm.flow.TimeSampler;
import lfm.nn.FieldConfig;
import lfm.nn.Linear;
import lfm.nn.MlpField;
import lfm.optim.Adam;
import lfm.optim.AdamConfig;
import lfm.random.RandomStream;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;
import lfm.train.TrainingStep;

/**
 * W1: one flow-matching training step of a 2D velocity MLP, the maths of ../shared/bench/torch_ref.py's
 * w1_train_step: x_l = random rows of the pool, t ~ U(0, 1), x_r = e^{−γ} x_l + √(1 − e^{−2γ}) z
 * (dependent OU coupling), trigonometric interpolant, MSE, backward, Adam. It runs the engine's own
 * {@link TrainingStep}, so what is timed is what `lfm train` does. Everything stays on the backend; the
 * only host transfer is the loss, when {@link #readLoss()} asks. Two instances with the same settings on
 * two backends draw the same numbers (LossTrace compares them step by step).
 */
public final class TrainingStepWorkload implements Workload {

    /** Shape of the workload; {@link #w1()} is the reference setting. */
    public record Settings(
            int batch,
            int pool,
            int width,
            int depth,
            Activation activation,
            double gamma,
            double learningRate,
            long seed) {
        /** batch 10,000, pool 200,000, 3×256 Softplus(β = 20), γ = 0.025, lr = 2e-4. */
        public static Settings w1() {
            return new Settings(10_000, 200_000, 256, 3, Activation.softplus(20f), 0.025, 2e-4, 0);
        }

        public Settings withBatch(int newBatch) {
            return new Settings(newBatch, pool, width, depth, activation, gamma, learningRate, seed);
        }

        public Settings withWidth(int newWidth) {
            return new Settings(batch, pool, newWidth, depth, activation, gamma, learningRate, seed);
        }

        public Settings withPool(int newPool) {
            return new Settings(batch, newPool, width, depth, activation, gamma, learningRate, seed);
        }

        /** Matrix-product flops of one step: forward and the two backward products per layer. */
        public double matmulFlops() {
            return 3 * Mlp256.forwardFlops(batch, 2, width, depth);
        }
    }

    private final Backend backend;
    private final Settings settings;
    private final TensorArena modelArena;
    private final TensorArena matmulArena;
    private final Tensor pool;
    private final MlpField field;
    private final TrainingStep step;
    private final RandomStream random;

    public TrainingStepWorkload(Backend backend, Settings settings) {
        this.backend = backend;
        this.settings = settings;
        this.modelArena = backend.newArena("w1 model");
        this.matmulArena = backend.newArena("w1 matmuls");
        this.pool = modelArena.allocate(Shape.matrix(settings.pool(), 2));
        backend.fromHost(GaussianMixture.sample(settings.pool(), settings.seed()), pool);
        RandomStream root = new RandomStream(settings.seed());
        this.field = new MlpField(
                new FieldConfig(2, settings.width(), settings.depth(), settings.activation(), 0),
                modelArena,
                root.fork(1));
        Adam adam = new Adam(field.parameters(), AdamConfig.adam(), modelArena);
        Schedule.Block block =
                Schedule.geometric(1, settings.gamma(), 1).blocks().get(0);
        this.step = new TrainingStep(
                backend, field, block, Interpolant.TRIG, TimeSampler.UNIFORM, settings.batch(), adam, null, 0);
        this.random = root.fork(2);
    }

    /** One training step, queued on the backend (asynchronous on the GPU). */
    public void step() {
        step.run(pool, random, settings.learningRate());
    }

    /** Mean loss of the steps since the last read, copied to the host (waits for them to finish). */
    public float readLoss() {
        return (float) step.readMeanLoss();
    }

    /**
     * The matrix products of one step alone, same shapes and order (forward x·Wᵀ, backward gᵀ·x and
     * g·W per layer): the bound the GEMM library sets on the step. Inputs are the current weights and
     * fixed scratch; the weight gradients it writes are overwritten by the next real step.
     */
    public void matmulOnlyStep() {
        matmulArena.reset();
        int batch = settings.batch();
        List<Linear> layers = field.net().layers();
        List<Tensor> inputs = new ArrayList<>();
        Tensor h = matmulArena.allocate(Shape.matrix(batch, 3));
        backend.fill(h, 0.5f);
        for (Linear layer : layers) {
            inputs.add(h);
            Tensor out = matmulArena.allocate(Shape.matrix(batch, layer.outputs()));
            backend.matmul(h, false, layer.weight().value(), true, out, 1f, 0f);
            h = out;
        }
        Tensor grad = h;
        for (int i = layers.size() - 1; i >= 0; i--) {
            Linear layer = layers.get(i);
            backend.matmul(grad, true, inputs.get(i), false, layer.weight().grad(), 1f, 1f);
            if (i > 0) { // the step needs no gradient for its input [t | x]
                Tensor gradIn = matmulArena.allocate(Shape.matrix(batch, layer.inputs()));
                backend.matmul(grad, false, layer.weight().value(), false, gradIn, 1f, 0f);
                grad = gradIn;
            }
        }
    }

    public Settings settings() {
        return settings;
    }

    @Override
    public String name() {
        return "W1";
    }

    @Override
    public String description() {
        return "training step, D=2, " + settings.depth() + "x" + settings.width() + " " + settings.activation()
                + ", batch " + settings.batch() + ", OU gamma=" + settings.gamma() + ", trig, Adam";
    }

    @Override
    public void runOnce() {
        step();
    }

    @Override
    public double flops() {
        return settings.matmulFlops(); // forward + backward (2×), as torch_ref.py counts
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
        return Map.of(
                "batch",
                settings.batch(),
                "pool",
                settings.pool(),
                "final_loss",
                readLoss(),
                "width",
                settings.width(),
                "hidden_layers",
                settings.depth());
    }

    @Override
    public void close() {
        step.close();
        matmulArena.close();
        modelArena.close();
    }
}
