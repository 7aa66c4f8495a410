package lfm.bench;

import java.util.Map;
import lfm.backend.Activation;
import lfm.backend.Backend;
import lfm.flow.FieldDynamics;
import lfm.flow.Push;
import lfm.flow.ode.ButcherTableau;
import lfm.flow.ode.FixedStepSolver;
import lfm.nn.FieldConfig;
import lfm.nn.MlpField;
import lfm.nn.VelocityField;
import lfm.random.RandomStream;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;

/**
 * W2: classic RK4 with fixed steps t: 0 → 1 (4 field evaluations per step; 20 steps in torch_ref.py's
 * w2_push) of N 2D points through an untrained, seeded 3×256 Softplus(β = 20) field, without
 * gradients, in chunks of {@link Push#DEFAULT_CHUNK_ROWS} rows — the engine's own push.
 */
public final class PushWorkload implements Workload {
    private final Backend backend;
    private final TensorArena arena;
    private final FieldDynamics dynamics;
    private final Tensor start;
    private final Tensor points;
    private final int n;
    private final int steps;
    private final FixedStepSolver solver;

    public PushWorkload(Backend backend, int n, int steps, long seed) {
        this.backend = backend;
        this.n = n;
        this.steps = steps;
        this.solver = new FixedStepSolver(ButcherTableau.RK4, steps);
        this.arena = backend.newArena("w2");
        VelocityField field = new MlpField(
                new FieldConfig(2, 256, 3, Activation.softplus(20), 0), arena, new RandomStream(seed).fork(1));
        this.dynamics = new FieldDynamics(field, backend);
        this.start = arena.allocate(Shape.matrix(n, 2));
        this.points = arena.allocate(Shape.matrix(n, 2));
        backend.fromHost(GaussianMixture.sample(n, seed + 1), start);
    }

    /** Resets to the starting points and integrates; returns the pushed points (on the backend). */
    public Tensor run() {
        backend.copy(start, points);
        Push.solve(dynamics, solver, points, 0, 1, Push.DEFAULT_CHUNK_ROWS);
        return points;
    }

    /** Network evaluations per run (4 per step). */
    public int evaluations() {
        return 4 * steps;
    }

    @Override
    public String name() {
        return "W2";
    }

    @Override
    public String description() {
        return "RK4 push, " + steps + " steps (" + evaluations() + " evaluations), " + n
                + " points, 3x256 Softplus(20)";
    }

    @Override
    public void runOnce() {
        run();
    }

    @Override
    public double flops() {
        return evaluations() * Mlp256.forwardFlops(n, 2, 256, 3);
    }

    @Override
    public double units() {
        return (double) evaluations() * n;
    }

    @Override
    public String unitName() {
        return "point-evaluations";
    }

    @Override
    public Map<String, Object> details() {
        float[] values = points.toFloats();
        double total = 0;
        for (float v : values) {
            total += Math.abs(v);
        }
        return Map.of("points", n, "nfe", evaluations(), "checksum_mean_abs", total / values.length);
    }

    @Override
    public void close() {
        dynamics.close();
        arena.close();
    }
}
