package lfm.likelihood;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import lfm.backend.Backend;
import lfm.backend.reference.ReferenceBackend;
import lfm.config.MlpSpec;
import lfm.config.RunConfig;
import lfm.config.TrainSpec;
import lfm.data.DataMatrix;
import lfm.flow.ode.OdeSolver;
import lfm.nn.Linear;
import lfm.nn.MlpField;
import lfm.nn.VelocityField;
import lfm.random.RandomStream;
import lfm.run.FlowModel;
import lfm.tensor.TensorArena;
import org.junit.jupiter.api.Test;

/**
 * Many blocks of the contraction v(x, t) = −x/4 in D = 2: each block's flow map is e^{−1/4}·x with
 * log-det tr(−I/4) = −1/2, so after N = 200 blocks log p(x) = log N(e^{−50} x; 0, I) − 100 in closed
 * form (the Gaussian term is −log 2π to 40 digits). The trace is exactly −0.5 in float32, and rk4 is
 * exact for a constant integrand, so every error left is the rounding of the accumulation.
 *
 * <p>With the log-det accumulated in the float32 state across all 200 blocks (before), each step
 * rounded the running total, which reaches 100, where float32 values are 7.6·10⁻⁶ apart: the result was
 * off by 3.0·10⁻³ with rk4:50 (10,000 steps) and 6.9·10⁻⁵ with dopri5. Accumulated in double per step
 * (rk4) or per block (dopri5) it is off by 2.2·10⁻⁶ and 1.2·10⁻⁷; the test requires 10⁻⁵.
 */
class LogDetAccumulationTest {
    private static final int D = 2;
    private static final int BLOCKS = 200;
    private static final double RATE = 0.25;

    @Test
    void manyBlocksKeepTheDigitsOfTheLogDet() {
        Backend backend = new ReferenceBackend();
        TensorArena arena = backend.newArena("contraction");
        List<Double> gammas = Collections.nCopies(BLOCKS - 1, 0.1);
        MlpSpec mlp = MlpSpec.defaults().withWidth(D).withDepth(1).withActivation("identity");
        RunConfig config = RunConfig.of(
                TrainSpec.defaults()
                        .withModel(mlp)
                        .withFlow(flow -> flow.withGammas(gammas).withInterpolant("ot")),
                D);
        List<VelocityField> fields = new ArrayList<>();
        for (int block = 0; block < BLOCKS; block++) {
            MlpField field = new MlpField(mlp.fieldConfig(D), arena, new RandomStream(block));
            setContraction(backend, field);
            fields.add(field);
        }
        FlowModel model = FlowModel.of(config, backend, fields);
        float[] points = {0.5f, -1.5f, 2f, 0.25f, -3f, 1f};
        double expected = -Math.log(2 * Math.PI) - BLOCKS * RATE * D;
        for (String solver : new String[] {"rk4:50", "dopri5:1e-6,1e-6"}) {
            double[] logDensity = LogDensity.compute(
                            model, new DataMatrix(3, D, points), OdeSolver.parse(solver, 1), Divergence.EXACT, 8, 5)
                    .logDensity();
            for (double value : logDensity) {
                double error = Math.abs(value - expected);
                assertTrue(
                        error < 1e-5, solver + ": log p = " + value + ", closed form " + expected + ", error " + error);
            }
        }
    }

    /** W₁ = [0 | I] (time column ignored), W₂ = −I/4, zero biases, identity activation: v = −x/4. */
    private static void setContraction(Backend backend, MlpField field) {
        List<Linear> layers = field.net().layers();
        float[] first = new float[D * (D + 1)];
        float[] second = new float[D * D];
        for (int r = 0; r < D; r++) {
            first[r * (D + 1) + 1 + r] = 1;
            second[r * D + r] = (float) -RATE;
        }
        backend.fromHost(first, layers.get(0).weight().value());
        backend.fill(layers.get(0).bias().value(), 0f);
        backend.fromHost(second, layers.get(1).weight().value());
        backend.fill(layers.get(1).bias().value(), 0f);
    }
}
