package lfm.bench;

import lfm.autograd.Tape;
import lfm.backend.Activation;
import lfm.backend.Backend;
import lfm.nn.FieldConfig;
import lfm.nn.VelocityField;
import lfm.random.RandomStream;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;

/**
 * W2: push points through an (untrained, seeded) velocity field with classic RK4, fixed steps from
 * t = 0 to 1 (../shared/bench/torch_ref.py's w2_push): per step four evaluations and the stage updates
 * through {@link Backend#combine}. Evaluation scratch is freed after each stage (the four slopes are
 * kept in their own tensors), so memory stays at one evaluation's activations.
 */
public final class PushWorkload implements AutoCloseable {
    private final Backend backend;
    private final int points;
    private final int steps;
    private final VelocityField field;
    private final TensorArena stateArena;
    private final TensorArena evaluationArena;
    private final float[] start;
    private final Tensor x;
    private final Tensor stage;
    private final Tensor[] slopes = new Tensor[4];

    /** W2's field: 3×256 Softplus(β = 20), D = 2. */
    public PushWorkload(Backend backend, int points, int steps, long seed) {
        this(backend, points, steps, 256, 3, Activation.softplus(20f), seed);
    }

    public PushWorkload(Backend backend, int points, int steps, int width, int depth, Activation activation, long seed) {
        this.backend = backend;
        this.points = points;
        this.steps = steps;
        this.stateArena = backend.newArena("w2 state");
        this.evaluationArena = backend.newArena("w2 evaluation");
        this.field = new VelocityField(new FieldConfig(2, width, depth, activation, 0), stateArena,
                new RandomStream(seed).fork(1));
        this.start = GaussianMixture.sample(points, seed + 1);
        this.x = stateArena.allocate(Shape.matrix(points, 2));
        this.stage = stateArena.allocate(Shape.matrix(points, 2));
        for (int k = 0; k < 4; k++) {
            slopes[k] = stateArena.allocate(Shape.matrix(points, 2));
        }
    }

    /** Resets x to the starting points and integrates; returns the pushed points (on the backend). */
    public Tensor run() {
        backend.fromHost(start, x);
        float h = 1f / steps;
        for (int i = 0; i < steps; i++) {
            float t = i * h;
            evaluate(x, t, slopes[0]);
            backend.combine(stage, x, new float[] {h / 2}, slopes[0]);
            evaluate(stage, t + h / 2, slopes[1]);
            backend.combine(stage, x, new float[] {h / 2}, slopes[1]);
            evaluate(stage, t + h / 2, slopes[2]);
            backend.combine(stage, x, new float[] {h}, slopes[2]);
            evaluate(stage, t + h, slopes[3]);
            backend.combine(x, x, new float[] {h / 6, h / 3, h / 3, h / 6}, slopes);
        }
        return x;
    }

    private void evaluate(Tensor state, float t, Tensor slope) {
        evaluationArena.reset();
        Tape inference = Tape.inference(backend, evaluationArena);
        backend.copy(field.evaluate(inference, state, t), slope);
    }

    /** Network evaluations per run (4 per step). */
    public int evaluations() {
        return 4 * steps;
    }

    public int points() {
        return points;
    }

    @Override
    public void close() {
        evaluationArena.close();
        stateArena.close();
    }
}
