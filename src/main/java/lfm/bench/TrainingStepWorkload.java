package lfm.bench;

import java.util.ArrayList;
import java.util.List;
import lfm.autograd.Functions;
import lfm.autograd.Tape;
import lfm.autograd.Variable;
import lfm.backend.Activation;
import lfm.backend.Backend;
import lfm.flow.Interpolant;
import lfm.nn.FieldConfig;
import lfm.nn.Linear;
import lfm.nn.VelocityField;
import lfm.optim.Adam;
import lfm.optim.AdamConfig;
import lfm.random.RandomStream;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;

/**
 * W1: one flow-matching training step of a velocity MLP, the maths of ../shared/bench/torch_ref.py's
 * w1_train_step (and of main_2d.py in the authors' code): x_l = random rows of the pool, t ~ U(0, 1),
 * x_r = e^{−γ} x_l + √(1 − e^{−2γ}) z (dependent OU coupling), trigonometric interpolant, MSE between
 * v(I_t, t) and ∂_t I_t, backward, Adam. Everything stays on the backend: the only host transfer is the
 * loss, and only when {@link #readLoss()} is called. Backend-agnostic: the same class times the CPU and
 * the GPU, and two instances with the same settings on two backends draw the same numbers.
 */
public final class TrainingStepWorkload implements AutoCloseable {

    /** Shape of the workload; {@link #w1()} is the reference setting. */
    public record Settings(int batch, int pool, int width, int depth, Activation activation, double gamma,
                           double learningRate, long seed) {
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
            int in = 3;   // t and x (D = 2)
            double perRow = 0;
            for (int layer = 0; layer <= depth; layer++) {
                int out = layer == depth ? 2 : width;
                perRow += (double) in * out;
                in = out;
            }
            return 3 * 2 * (double) batch * perRow;
        }
    }

    private final Backend backend;
    private final Settings settings;
    private final TensorArena modelArena;
    private final TensorArena stepArena;
    private final Tensor pool;
    private final VelocityField field;
    private final Adam adam;
    private final RandomStream random;
    private final float shrink;
    private final float noiseScale;
    private Tensor lastLoss;

    public TrainingStepWorkload(Backend backend, Settings settings) {
        this.backend = backend;
        this.settings = settings;
        this.modelArena = backend.newArena("w1 model");
        this.stepArena = backend.newArena("w1 step");
        this.pool = modelArena.allocate(Shape.matrix(settings.pool(), 2));
        backend.fromHost(GaussianMixture.sample(settings.pool(), settings.seed()), pool);
        RandomStream root = new RandomStream(settings.seed());
        this.field = new VelocityField(new FieldConfig(2, settings.width(), settings.depth(), settings.activation(), 0),
                modelArena, root.fork(1));
        this.adam = new Adam(field.parameters(), AdamConfig.adam(), modelArena);
        this.random = root.fork(2);
        this.shrink = (float) Math.exp(-settings.gamma());
        this.noiseScale = (float) Math.sqrt(1 - Math.exp(-2 * settings.gamma()));
    }

    /** One training step, queued on the backend (asynchronous on the GPU). */
    public void step() {
        stepArena.reset();
        int batch = settings.batch();
        Tensor xLeft = stepArena.allocate(Shape.matrix(batch, 2));
        backend.gatherRandomRows(pool, random.next(), xLeft);
        Tensor t = stepArena.allocate(Shape.matrix(batch, 1));
        backend.fillUniform(t, random.next());
        Tensor xt = stepArena.allocate(Shape.matrix(batch, 2));
        Tensor target = stepArena.allocate(Shape.matrix(batch, 2));
        backend.pathSample(xLeft, t, shrink, noiseScale, Interpolant.TRIG, random.next(), xt, target);
        field.zeroGrad();
        Tape tape = Tape.recording(backend, stepArena);
        Variable velocity = field.forward(tape, tape.constant(xt), tape.constant(t));
        Variable loss = Functions.mse(tape, velocity, tape.constant(target));
        tape.backward(loss);
        adam.step(settings.learningRate());
        lastLoss = loss.value();
    }

    /** The last step's loss, copied to the host (waits for the step to finish). */
    public float readLoss() {
        if (lastLoss == null) {
            throw new IllegalStateException("no step has run yet");
        }
        return backend.toHost(lastLoss)[0];
    }

    /**
     * The matrix products of one step alone, same shapes and order (forward x·Wᵀ, backward gᵀ·x and
     * g·W per layer): what cuBLAS bounds the step to. Inputs are the current weights and fixed scratch.
     */
    public void matmulOnlyStep() {
        stepArena.reset();
        int batch = settings.batch();
        List<Linear> layers = field.net().layers();
        List<Tensor> inputs = new ArrayList<>();
        Tensor h = stepArena.allocate(Shape.matrix(batch, 3));
        backend.fill(h, 0.5f);
        for (Linear layer : layers) {
            inputs.add(h);
            Tensor out = stepArena.allocate(Shape.matrix(batch, layer.outputs()));
            backend.matmul(h, false, layer.weight().value(), true, out, 1f, 0f);
            h = out;
        }
        Tensor grad = h;
        for (int i = layers.size() - 1; i >= 0; i--) {
            Linear layer = layers.get(i);
            backend.matmul(grad, true, inputs.get(i), false, layer.weight().grad(), 1f, 1f);
            if (i > 0) {   // the step needs no gradient for its input [t | x]
                Tensor gradIn = stepArena.allocate(Shape.matrix(batch, layer.inputs()));
                backend.matmul(grad, false, layer.weight().value(), false, gradIn, 1f, 0f);
                grad = gradIn;
            }
        }
    }

    public Settings settings() {
        return settings;
    }

    public Backend backend() {
        return backend;
    }

    @Override
    public void close() {
        stepArena.close();
        modelArena.close();
    }
}
