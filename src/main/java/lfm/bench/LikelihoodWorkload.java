package lfm.bench;

import java.util.List;
import java.util.Map;
import lfm.backend.Backend;
import lfm.config.MlpSpec;
import lfm.config.RunConfig;
import lfm.config.TrainSpec;
import lfm.data.DataMatrix;
import lfm.flow.ode.ButcherTableau;
import lfm.flow.ode.FixedStepSolver;
import lfm.likelihood.Divergence;
import lfm.likelihood.LogDensity;
import lfm.nn.VelocityField;
import lfm.random.Distributions;
import lfm.random.RandomKey;
import lfm.random.RandomStream;
import lfm.run.FlowModel;
import lfm.tensor.TensorArena;

/**
 * W3: exact log-likelihood, D = 6, field 7 → 256 ×4 (ReLU) → 6, 10,000 standard-normal points, Euler
 * with 149 steps (150 grid points, as the authors' tabular NLL), trace from D Jacobian-vector
 * products per evaluation (forward mode: D stacked tangents).
 */
final class LikelihoodWorkload implements Workload {
    static final int D = 6;
    private final TensorArena arena;
    private final FlowModel model;
    private final DataMatrix points;
    private final FixedStepSolver solver = new FixedStepSolver(ButcherTableau.EULER, 149);
    private double meanLogDensity;

    LikelihoodWorkload(Backend backend, int n) {
        this.arena = backend.newArena("w3");
        RunConfig config = RunConfig.of(
                TrainSpec.defaults()
                        .withModel(
                                MlpSpec.defaults().withWidth(256).withDepth(4).withActivation("relu"))
                        .withFlow(flow -> flow.withMethod("fm").withInterpolant("ot")),
                D);
        VelocityField field = config.newField(arena, new RandomStream(0));
        this.model = FlowModel.of(config, backend, List.of(field));
        float[] values = new float[n * D];
        RandomKey key = new RandomKey(2, 0);
        for (int i = 0; i < values.length; i++) {
            values[i] = Distributions.normal(key, i);
        }
        this.points = new DataMatrix(n, D, values);
    }

    @Override
    public String name() {
        return "W3";
    }

    @Override
    public String description() {
        return "exact NLL, D=6, 4x256 ReLU, " + points.rows() + " points, Euler 149 steps, forward-mode trace";
    }

    @Override
    public void runOnce() {
        double[] logDensity = LogDensity.compute(model, points, solver, Divergence.EXACT, points.rows(), 0)
                .logDensity();
        double total = 0;
        for (double value : logDensity) {
            total += value;
        }
        meanLogDensity = total / logDensity.length;
    }

    @Override
    public double flops() {
        // Per evaluation: the forward pass plus D stacked tangent passes through the same layers.
        return 149 * (1 + D) * Mlp256.forwardFlops(points.rows(), D, 256, 4);
    }

    @Override
    public double units() {
        return points.rows();
    }

    @Override
    public String unitName() {
        return "points";
    }

    @Override
    public Map<String, Object> details() {
        return Map.of("points", points.rows(), "steps", 149, "mean_logp", meanLogDensity);
    }

    @Override
    public void close() {
        model.close();
        arena.close();
    }
}
