package lfm.likelihood;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import lfm.backend.Backend;
import lfm.backend.Backends;
import lfm.config.MlpSpec;
import lfm.config.RunConfig;
import lfm.config.TrainSpec;
import lfm.data.DataMatrix;
import lfm.flow.ode.OdeSolver;
import lfm.random.Distributions;
import lfm.random.RandomKey;
import lfm.run.FlowModel;
import lfm.run.RunFolder;
import lfm.train.Trainer;
import lfm.train.TrainingListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trained LFM model's test NLL on a 6-D Gaussian mixture is within 0.1 nats of the truth, computed
 * from the mixture's own density; the exact and Hutchinson traces agree within their standard error.
 */
class MixtureLikelihoodTest {
    static final int D = 6;
    static final double[][] MEANS = {{1.5, 0, -1, 0.5, 0, 1}, {-1.5, 1, 0.5, -0.5, 1, -1}, {0, -1.5, 1, 0, -1, 0}};
    static final double[] WEIGHTS = {0.5, 0.3, 0.2};
    static final double[] SIGMAS = {0.5, 0.7, 0.4};

    @TempDir
    static Path temp;

    static Backend backend;
    static FlowModel model;
    static DataMatrix test;

    @BeforeAll
    static void train() throws IOException {
        backend = Backends.createCpu(0);
        RunFolder folder = new RunFolder(temp.resolve("gmm"));
        RunConfig config = RunConfig.of(
                TrainSpec.defaults()
                        .withModel(MlpSpec.defaults().withActivation("silu"))
                        .withFlow(flow -> flow.withGammas(List.of(0.3, 0.45)))
                        .withOptimization(optimization -> optimization
                                .withStepsPerBlock(3000)
                                .withBatch(512)
                                .withLearningRate(2e-3)
                                .withDecayFactor(0.5))
                        .withData(data -> data.withSource("gmm6").withPoolSize(20_000))
                        .withRun(run -> run.withIntervals(1000, 100)
                                .withPushSolver("dopri5:1e-4,1e-4")
                                .withSampleSolver("dopri5:1e-5,1e-5")
                                .withChunkRows(20_000)
                                .withSeed(1)),
                D);
        new Trainer(backend, config, folder, TrainingListener.SILENT).train(sample(20_000, 1), false);
        model = FlowModel.load(folder, backend);
        test = sample(1000, 2);
    }

    @AfterAll
    static void close() {
        model.close();
        backend.close();
    }

    static DataMatrix sample(int n, long seed) {
        float[] values = new float[n * D];
        RandomKey key = new RandomKey(seed, 0);
        for (int i = 0; i < n; i++) {
            double u = Distributions.uniform(key, (long) i * (D + 1));
            int component = u < WEIGHTS[0] ? 0 : u < WEIGHTS[0] + WEIGHTS[1] ? 1 : 2;
            for (int d = 0; d < D; d++) {
                values[i * D + d] = (float) (MEANS[component][d]
                        + SIGMAS[component] * Distributions.normal(key, (long) i * (D + 1) + 1 + d));
            }
        }
        return new DataMatrix(n, D, values);
    }

    static double trueLogDensity(DataMatrix points, int i) {
        double total = 0;
        for (int c = 0; c < WEIGHTS.length; c++) {
            double squared = 0;
            for (int d = 0; d < D; d++) {
                double z = (points.values()[i * D + d] - MEANS[c][d]) / SIGMAS[c];
                squared += z * z;
            }
            total += WEIGHTS[c] * Math.exp(-0.5 * squared - D * Math.log(SIGMAS[c]) - 0.5 * D * Math.log(2 * Math.PI));
        }
        return Math.log(total);
    }

    @Test
    void testNllIsWithinATenthOfANatOfTheTruth() {
        double[] logDensity = LogDensity.compute(
                        model, test, OdeSolver.parse("dopri5:1e-5,1e-5", 1), Divergence.EXACT, 1000, 0)
                .logDensity();
        double model = 0, truth = 0;
        for (int i = 0; i < test.rows(); i++) {
            model -= logDensity[i];
            truth -= trueLogDensity(test, i);
        }
        model /= test.rows();
        truth /= test.rows();
        assertEquals(truth, model, 0.1, "test NLL: model " + model + " vs truth " + truth);
    }

    @Test
    void exactAndHutchinsonAgreeWithinTheirStandardError() {
        OdeSolver solver = OdeSolver.parse("rk4:20", 1);
        double[] exact = LogDensity.compute(model, test, solver, Divergence.EXACT, 1000, 0)
                .logDensity();
        double[] estimate = LogDensity.compute(
                        model, test, solver, Divergence.hutchinson(Divergence.Probe.RADEMACHER, 1), 1000, 3)
                .logDensity();
        double meanDifference = 0, squares = 0;
        for (int i = 0; i < exact.length; i++) {
            double difference = estimate[i] - exact[i];
            meanDifference += difference;
            squares += difference * difference;
        }
        meanDifference /= exact.length;
        double standardError = Math.sqrt((squares / exact.length - meanDifference * meanDifference) / exact.length);
        assertTrue(standardError > 0, "Hutchinson with one probe must differ point by point");
        assertTrue(
                Math.abs(meanDifference) < 3 * standardError,
                "mean difference " + meanDifference + " vs standard error " + standardError);
    }
}
