package lfm.bench;

import java.util.Map;
import lfm.backend.Activation;
import lfm.backend.Backend;
import lfm.flow.FieldDynamics;
import lfm.flow.Push;
import lfm.flow.ode.ButcherTableau;
import lfm.flow.ode.FixedStepSolver;
import lfm.nn.FieldConfig;
import lfm.nn.VelocityField;
import lfm.random.RandomStream;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;

/**
 * W2: classic RK4, 20 fixed steps t: 0 → 1 (80 field evaluations), of N 2D points through the same
 * (untrained, seeded) 3×256 Softplus field, without gradients; chunks of {@link Push#DEFAULT_CHUNK_ROWS}.
 */
final class PushWorkload implements Workload {
    private final Backend backend;
    private final TensorArena arena;
    private final FieldDynamics dynamics;
    private final Tensor start;
    private final Tensor points;
    private final int n;
    private final FixedStepSolver solver = new FixedStepSolver(ButcherTableau.RK4, 20);

    PushWorkload(Backend backend, int n) {
        this.backend = backend;
        this.n = n;
        this.arena = backend.newArena("w2");
        VelocityField field = new VelocityField(new FieldConfig(2, 256, 3, Activation.softplus(20), 0), arena,
                new RandomStream(0));
        this.dynamics = new FieldDynamics(field, backend);
        this.start = arena.allocate(Shape.matrix(n, 2));
        this.points = arena.allocate(Shape.matrix(n, 2));
        backend.fromHost(TrainingStepWorkload.gaussianMixture(n, 2), start);
    }

    @Override
    public String name() {
        return "W2";
    }

    @Override
    public String description() {
        return "RK4 push, 20 steps (80 evaluations), " + n + " points, 3x256 Softplus(20)";
    }

    @Override
    public void runOnce() {
        backend.copy(start, points);
        Push.solve(dynamics, solver, points, 0, 1, Push.DEFAULT_CHUNK_ROWS);
    }

    @Override
    public double flops() {
        return 80 * Mlp256.forwardFlops(n, 2, 256, 3);
    }

    @Override
    public double units() {
        return 80.0 * n;
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
        return Map.of("points", n, "nfe", 80, "checksum_mean_abs", total / values.length);
    }

    @Override
    public void close() {
        dynamics.close();
        arena.close();
    }
}
