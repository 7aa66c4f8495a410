package lfm.likelihood;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import lfm.autograd.Tape;
import lfm.autograd.Variable;
import lfm.backend.Backend;
import lfm.backend.cpu.CpuBackend;
import lfm.config.MlpSpec;
import lfm.config.RunConfig;
import lfm.config.TrainSpec;
import lfm.data.DataMatrix;
import lfm.flow.ode.OdeSolver;
import lfm.nn.MlpField;
import lfm.nn.Parameter;
import lfm.nn.UNet;
import lfm.nn.UNetConfig;
import lfm.nn.VelocityField;
import lfm.random.Distributions;
import lfm.random.RandomKey;
import lfm.random.RandomStream;
import lfm.run.FlowModel;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;
import lfm.testing.Approx;
import org.junit.jupiter.api.Test;

/**
 * The divergence by vector–Jacobian products ({@link ReverseModeDynamics}, what a UNet block uses) against
 * two independent references:
 * <ul>
 *   <li>an MLP model's log-densities by forward-mode tangents ({@link AugmentedDynamics}): the same MLP
 *       blocks hidden behind a plain {@link VelocityField} take the reverse-mode path, and the exact and
 *       the Hutchinson (same probes) log-densities must agree;</li>
 *   <li>central finite differences of a digits-t8 UNet (parameters moved off their zero initialisation):
 *       tr J = Σ_d ∂v_d/∂x_d for the exact trace, and (1/K) Σ_k u_kᵀ (v(x + h u_k) − v(x − h u_k))/2h for
 *       K Hutchinson probes u_k.</li>
 * </ul>
 */
class ReverseModeDivergenceTest {
    private static final int D = 3;
    private static final int POINTS = 17;

    @Test
    void mlpLogDensitiesAgreeWithForwardModeTangents() {
        try (CpuBackend backend = new CpuBackend(2);
                TensorArena arena = backend.newArena("mlp")) {
            MlpSpec mlp = MlpSpec.defaults().withWidth(16).withDepth(2);
            RunConfig config = RunConfig.of(
                    TrainSpec.defaults().withModel(mlp).withFlow(flow -> flow.withGammas(List.of(0.2))), D);
            List<VelocityField> fields = new ArrayList<>();
            List<VelocityField> hidden = new ArrayList<>();
            for (int block = 1; block <= 2; block++) {
                MlpField field = new MlpField(mlp.fieldConfig(D), arena, new RandomStream(block));
                fields.add(field);
                hidden.add(new PlainField(field));
            }
            FlowModel forwardMode = FlowModel.of(config, backend, fields);
            FlowModel reverseMode = FlowModel.of(config, backend, hidden);
            float[] values = new float[POINTS * D];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (1.3 * Math.sin(1.7 * i));
            }
            DataMatrix points = new DataMatrix(POINTS, D, values);
            for (Divergence divergence :
                    List.of(Divergence.EXACT, Divergence.hutchinson(Divergence.Probe.RADEMACHER, 3))) {
                double[] expected = logDensity(forwardMode, points, divergence);
                double[] actual = logDensity(reverseMode, points, divergence);
                Approx.assertClose("log p by VJPs vs JVPs, " + divergence, expected, actual, 2e-4, 2e-5);
            }
        }
    }

    @Test
    void unetTraceMatchesFiniteDifferences() {
        try (CpuBackend backend = new CpuBackend(2);
                TensorArena arena = backend.newArena("unet")) {
            UNet unet = new UNet(UNetConfig.preset("digits-t8"), arena, new RandomStream(5));
            perturb(backend, unet);
            int n = 2;
            int dimension = unet.dimension();
            float[] x = new float[n * dimension];
            RandomKey pixels = new RandomKey(77, 0);
            for (int i = 0; i < x.length; i++) {
                x[i] = 2 * Distributions.uniform(pixels, i) - 1;
            }
            float t = 0.3f;
            double[] exact = trace(backend, unet, Divergence.EXACT, x, n, t);
            Divergence hutchinson = Divergence.hutchinson(Divergence.Probe.GAUSSIAN, 3);
            double[] estimate = trace(backend, unet, hutchinson, x, n, t);
            float[] probes = TraceDirections.values(hutchinson, new RandomKey(9, 1), n, dimension, 0);
            double largest = 0;
            for (int i = 0; i < n; i++) {
                double sum = 0;
                for (int d = 0; d < dimension; d++) {
                    float[] unit = new float[dimension];
                    unit[d] = 1;
                    sum += directional(backend, unet, x, i, unit, t)[d];
                }
                double probed = 0;
                for (int k = 0; k < 3; k++) {
                    float[] u = new float[dimension];
                    System.arraycopy(probes, (k * n + i) * dimension, u, 0, dimension);
                    double[] ju = directional(backend, unet, x, i, u, t);
                    for (int d = 0; d < dimension; d++) {
                        probed += u[d] * ju[d] / 3;
                    }
                }
                assertEquals(sum, exact[i], 0.01 + 0.002 * Math.abs(sum), "exact trace of point " + i);
                assertEquals(probed, estimate[i], 0.01 + 0.002 * Math.abs(probed), "Hutchinson trace of point " + i);
                largest = Math.max(largest, Math.abs(sum));
                System.out.printf(
                        "point %d: trace %.5f by differences, %.5f exact; Hutchinson %.5f by differences, %.5f%n",
                        i, sum, exact[i], probed, estimate[i]);
            }
            assertTrue(largest > 1, "a trace far from 0 (else the check would say little): " + largest);
        }
    }

    private static double[] logDensity(FlowModel model, DataMatrix points, Divergence divergence) {
        return LogDensity.compute(model, points, OdeSolver.parse("rk4:4", 1), divergence, POINTS, 1)
                .logDensity();
    }

    /** The dℓ/dt column of the reverse-mode dynamics at [x | 0], one value per point. */
    private static double[] trace(Backend backend, UNet unet, Divergence divergence, float[] x, int n, float t) {
        int dimension = unet.dimension();
        try (TensorArena arena = backend.newArena("trace");
                ReverseModeDynamics dynamics =
                        new ReverseModeDynamics(unet, backend, divergence, n, new RandomKey(9, 1), 0, null)) {
            float[] state = new float[n * (dimension + 1)];
            for (int i = 0; i < n; i++) {
                System.arraycopy(x, i * dimension, state, i * (dimension + 1), dimension);
            }
            Tensor in = arena.allocate(Shape.matrix(n, dimension + 1));
            backend.fromHost(state, in);
            Tensor out = arena.allocate(Shape.matrix(n, dimension + 1));
            dynamics.evaluate(in, t, out);
            double[] values = backend.toHostDoubles(out);
            double[] traces = new double[n];
            for (int i = 0; i < n; i++) {
                traces[i] = values[i * (dimension + 1) + dimension];
            }
            return traces;
        }
    }

    /** J u at point i by central differences, h = 1e-2. */
    private static double[] directional(Backend backend, UNet unet, float[] x, int i, float[] u, float t) {
        int dimension = unet.dimension();
        double h = 1e-2;
        double[] plus = velocity(backend, unet, x, i, u, h, t);
        double[] minus = velocity(backend, unet, x, i, u, -h, t);
        double[] ju = new double[dimension];
        for (int d = 0; d < dimension; d++) {
            ju[d] = (plus[d] - minus[d]) / (2 * h);
        }
        return ju;
    }

    private static double[] velocity(Backend backend, UNet unet, float[] x, int i, float[] u, double h, float t) {
        int dimension = unet.dimension();
        float[] moved = new float[dimension];
        for (int d = 0; d < dimension; d++) {
            moved[d] = (float) (x[i * dimension + d] + h * u[d]);
        }
        try (TensorArena arena = backend.newArena("velocity")) {
            Tensor point = arena.allocate(Shape.matrix(1, dimension));
            backend.fromHost(moved, point);
            return backend.toHostDoubles(unet.evaluate(Tape.inference(backend, arena), point, t));
        }
    }

    /** Moves every parameter by U(−0.2, 0.2): the zero-initialised output layers would make v ≡ 0. */
    private static void perturb(Backend backend, UNet unet) {
        int stream = 0;
        for (Parameter parameter : unet.parameters()) {
            RandomKey noise = new RandomKey(123, stream++);
            double[] values = backend.toHostDoubles(parameter.value());
            for (int i = 0; i < values.length; i++) {
                values[i] += 0.4 * Distributions.uniform(noise, i) - 0.2;
            }
            float[] floats = new float[values.length];
            for (int i = 0; i < values.length; i++) {
                floats[i] = (float) values[i];
            }
            backend.fromHost(floats, parameter.value());
        }
    }

    /** A velocity field that is not an {@link MlpField}, so the likelihood takes the reverse-mode path. */
    private record PlainField(MlpField field) implements VelocityField {
        @Override
        public int dimension() {
            return field.dimension();
        }

        @Override
        public Variable forward(Tape tape, Variable x, Variable t, Variable condition) {
            return field.forward(tape, x, t, condition);
        }

        @Override
        public List<Parameter> parameters() {
            return field.parameters();
        }
    }
}
