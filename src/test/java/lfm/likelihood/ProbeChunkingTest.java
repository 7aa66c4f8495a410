package lfm.likelihood;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import lfm.backend.Backend;
import lfm.backend.reference.ReferenceBackend;
import lfm.config.MlpSpec;
import lfm.config.RunConfig;
import lfm.config.TrainSpec;
import lfm.data.DataMatrix;
import lfm.flow.ode.OdeSolver;
import lfm.nn.MlpField;
import lfm.nn.VelocityField;
import lfm.random.RandomStream;
import lfm.run.FlowModel;
import lfm.tensor.TensorArena;
import org.junit.jupiter.api.Test;

/**
 * Hutchinson probes are keyed by the point's index, not by the chunk it falls in: the per-point
 * log-densities of a fixed-step solve are the same for chunks of 1, 7 and all 23 points (the reference
 * backend computes each row on its own), and a different seed does change them.
 */
class ProbeChunkingTest {
    private static final int D = 3;
    private static final int POINTS = 23;

    @Test
    void hutchinsonLogDensitiesDoNotDependOnTheChunkSize() {
        Backend backend = new ReferenceBackend();
        try (TensorArena arena = backend.newArena("probes")) {
            MlpSpec mlp = MlpSpec.defaults().withWidth(6).withDepth(2);
            RunConfig config = RunConfig.of(
                    TrainSpec.defaults().withModel(mlp).withFlow(flow -> flow.withGammas(List.of(0.2))), D);
            List<VelocityField> fields = new ArrayList<>();
            for (int block = 1; block <= 2; block++) {
                fields.add(new MlpField(mlp.fieldConfig(D), arena, new RandomStream(block)));
            }
            FlowModel model = FlowModel.of(config, backend, fields);
            float[] values = new float[POINTS * D];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) Math.sin(1.7 * i);
            }
            DataMatrix points = new DataMatrix(POINTS, D, values);
            Divergence hutchinson = Divergence.hutchinson(Divergence.Probe.RADEMACHER, 2);
            double[] whole = logDensity(model, points, hutchinson, POINTS, 1);
            for (int chunk : new int[] {1, 7}) {
                assertArrayEquals(
                        whole, logDensity(model, points, hutchinson, chunk, 1), 0, "chunks of " + chunk + " points");
            }
            assertFalse(
                    Arrays.equals(whole, logDensity(model, points, hutchinson, POINTS, 2)),
                    "the probes follow the seed");
        }
    }

    private static double[] logDensity(
            FlowModel model, DataMatrix points, Divergence divergence, int chunk, long seed) {
        return LogDensity.compute(model, points, OdeSolver.parse("rk4:4", 1), divergence, chunk, seed)
                .logDensity();
    }
}
