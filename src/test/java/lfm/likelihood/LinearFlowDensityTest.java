package lfm.likelihood;

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
import lfm.random.RandomStream;
import lfm.run.FlowModel;
import lfm.tensor.TensorArena;
import lfm.testing.Approx;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A linear velocity field v(x, t) = A x has the flow map x ↦ e^{A} x, so the model density is known in
 * closed form: log p(x) = log N(e^{A} x; 0, I) + tr A. The change-of-variables integral must match it.
 */
class LinearFlowDensityTest {
    private static final double[][] A = {{-0.5, 0.3, 0.0}, {0.1, 0.2, -0.4}, {0.25, 0.0, -0.3}};
    private static final int D = 3;

    @ParameterizedTest
    @ValueSource(strings = {"dopri5:1e-7,1e-7", "rk4:40"})
    void matchesTheClosedForm(String solverSpec) {
        Backend backend = new ReferenceBackend();
        TensorArena arena = backend.newArena("linear-flow");
        MlpSpec mlp = MlpSpec.defaults().withWidth(D).withDepth(1).withActivation("identity");
        RunConfig config = RunConfig.of(
                TrainSpec.defaults()
                        .withModel(mlp)
                        .withFlow(flow -> flow.withMethod("fm").withInterpolant("ot")),
                D);
        MlpField field = new MlpField(mlp.fieldConfig(D), arena, new RandomStream(1));
        setLinear(backend, field);
        FlowModel model = FlowModel.of(config, backend, List.of(field));

        int n = 20;
        float[] points = new float[n * D];
        for (int i = 0; i < points.length; i++) {
            points[i] = (float) Math.sin(1.7 * i + 0.3) * 2;
        }
        double[] expected = new double[n];
        double[][] expA = exponential(A);
        double traceA = A[0][0] + A[1][1] + A[2][2];
        for (int i = 0; i < n; i++) {
            double squared = 0;
            for (int r = 0; r < D; r++) {
                double z = 0;
                for (int c = 0; c < D; c++) {
                    z += expA[r][c] * points[i * D + c];
                }
                squared += z * z;
            }
            expected[i] = -0.5 * squared - 0.5 * D * Math.log(2 * Math.PI) + traceA;
        }
        double[] exact = LogDensity.compute(
                        model, new DataMatrix(n, D, points), OdeSolver.parse(solverSpec, 10), Divergence.EXACT, 8, 5)
                .logDensity();
        Approx.assertClose("log p of a linear flow (" + solverSpec + ")", expected, exact, 1e-3, 0);
        // Hutchinson with Rademacher probes: each probe gives εᵀAε = tr A + Σ_{i≠j} A_ij ε_i ε_j, unbiased;
        // 64 probes leave a standard error of about 0.05 here, well inside the tolerance.
        double[] hutchinson = LogDensity.compute(
                        model,
                        new DataMatrix(n, D, points),
                        OdeSolver.parse(solverSpec, 10),
                        Divergence.hutchinson(Divergence.Probe.RADEMACHER, 64),
                        8,
                        5)
                .logDensity();
        Approx.assertClose("Hutchinson log p of a linear flow", expected, hutchinson, 0.25, 0);
    }

    /** W₁ = [0 | I] (time column ignored), b₁ = 0, W₂ = A, b₂ = 0, identity activation: v = A x. */
    private static void setLinear(Backend backend, MlpField field) {
        List<Linear> layers = field.net().layers();
        float[] first = new float[D * (D + 1)];
        for (int r = 0; r < D; r++) {
            first[r * (D + 1) + 1 + r] = 1;
        }
        backend.fromHost(first, layers.get(0).weight().value());
        backend.fill(layers.get(0).bias().value(), 0f);
        float[] second = new float[D * D];
        for (int r = 0; r < D; r++) {
            for (int c = 0; c < D; c++) {
                second[r * D + c] = (float) A[r][c];
            }
        }
        backend.fromHost(second, layers.get(1).weight().value());
        backend.fill(layers.get(1).bias().value(), 0f);
    }

    /** e^{M} by its Taylor series (converges fast for this small matrix). */
    private static double[][] exponential(double[][] m) {
        double[][] result = new double[D][D];
        double[][] term = new double[D][D];
        for (int i = 0; i < D; i++) {
            result[i][i] = 1;
            term[i][i] = 1;
        }
        for (int k = 1; k < 40; k++) {
            double[][] next = new double[D][D];
            for (int r = 0; r < D; r++) {
                for (int c = 0; c < D; c++) {
                    for (int j = 0; j < D; j++) {
                        next[r][c] += term[r][j] * m[j][c] / k;
                    }
                }
            }
            term = next;
            for (int r = 0; r < D; r++) {
                for (int c = 0; c < D; c++) {
                    result[r][c] += term[r][c];
                }
            }
        }
        return result;
    }
}
