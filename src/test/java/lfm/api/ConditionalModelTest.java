package lfm.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import lfm.config.MlpSpec;
import lfm.config.TrainSpec;
import lfm.data.DataMatrix;
import lfm.data.toy.ToyDistributions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * A class-conditional run with a known answer: on {@code 8gaussians-class} the class k picks one of
 * eight Gaussians, N(μₖ, σ² I) with μₖ = (4/1.414)(cos kπ/4, sin kπ/4) and σ = 0.5/1.414. One small run
 * (trained with condition dropout, so it also has the null condition) is checked three ways:
 * <ul>
 *   <li>points generated for class k land in component k (nearest centre) ≥ 95% of the time;</li>
 *   <li>its conditional NLL of held-out points, −log p(x | k), is close to the closed form
 *       −log N(x; μₖ, σ² I) averaged over the same points;</li>
 *   <li>guidance w = 0 is the run's unconditional model: sampling with any conditions and w = 0 gives,
 *       bit for bit, what sampling the same run without a condition (its null condition ∅) gives for the
 *       same seed, through an adaptive solver and chunked rows; w = 1 differs from w = 0.</li>
 * </ul>
 */
class ConditionalModelTest {
    private static final double SIGMA = 0.5 / 1.414;
    private static final double RADIUS = 4 / 1.414;

    @TempDir
    static Path temp;

    static Model model;

    @BeforeAll
    static void train() throws IOException {
        TrainSpec spec = TrainSpec.defaults()
                .withModel(MlpSpec.defaults().withWidth(64).withDepth(3))
                .withFlow(flow -> flow.withGeometricGammas(1, 0.3, 1))
                .withOptimization(optimization -> optimization
                        .withStepsPerBlock(700)
                        .withBatch(256)
                        .withLearningRate(3e-3)
                        .withDecayEvery(250)
                        .withDecayFactor(0.5))
                .withData(data -> data.withSource("8gaussians-class").withPoolSize(8000))
                .withRun(run -> run.withOut(temp.resolve("run"))
                        .withIntervals(100, 50)
                        .withPushSolver("rk4:6")
                        .withSampleSolver("rk4:8")
                        .withBackend("cpu")
                        .withPlots(false))
                .withCondition(
                        condition -> condition.withColumns("2").withClasses(8).withDropout(0.1));
        model = Lfm.train(spec, ProgressListener.SILENT);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void generatedPointsLandInTheComponentTheirClassPicks() {
        int perClass = 250;
        for (int k = 0; k < 8; k++) {
            DataMatrix classes = DataMatrix.repeatRow(new float[] {k}, perClass);
            DataMatrix points =
                    model.sample(classes, null, "rk4:8", 8, 100_000, 7 + k).points();
            int right = 0;
            for (int i = 0; i < perClass; i++) {
                right += nearestCentre(points.get(i, 0), points.get(i, 1)) == k ? 1 : 0;
            }
            assertTrue(
                    right >= 0.95 * perClass, "class " + k + ": " + right + " of " + perClass + " in component " + k);
        }
    }

    @Test
    void conditionalNllMatchesTheClosedForm() {
        DataMatrix test = ToyDistributions.byName("8gaussians-class").test(2000, 5);
        DataMatrix points = test.selectColumns(new int[] {0, 1});
        DataMatrix classes = test.selectColumns(new int[] {2});
        LogDensities densities =
                model.logDensity(points, classes, DensityOptions.defaults().withSolver("rk4:16"));
        double model = 0, truth = 0;
        for (int i = 0; i < points.rows(); i++) {
            double angle = classes.get(i, 0) * Math.PI / 4;
            double dx = points.get(i, 0) - RADIUS * Math.cos(angle), dy = points.get(i, 1) - RADIUS * Math.sin(angle);
            truth += (dx * dx + dy * dy) / (2 * SIGMA * SIGMA) + Math.log(2 * Math.PI * SIGMA * SIGMA);
            model -= densities.values()[i];
        }
        model /= points.rows();
        truth /= points.rows();
        // The true mean is log(2πeσ²) ≈ 0.76 nats; a smaller model or fewer steps would leave a larger gap.
        assertEquals(truth, model, 0.12, "conditional NLL: model " + model + " nats, closed form " + truth);
    }

    @Test
    void guidanceZeroIsTheUnconditionalModelBitForBit() {
        int n = 700;
        float[] unconditional =
                model.sample(n, "dopri5:1e-4,1e-4", 8, 256, 11).points().values();
        DataMatrix classes = DataMatrix.repeatRow(new float[] {5}, n);
        float[] guidedZero = model.sample(classes, 0f, "dopri5:1e-4,1e-4", 8, 256, 11)
                .points()
                .values();
        assertArrayEquals(unconditional, guidedZero, 0f);
        for (int i = 0; i < unconditional.length; i++) {
            assertEquals(
                    Float.floatToRawIntBits(unconditional[i]), Float.floatToRawIntBits(guidedZero[i]), "value " + i);
        }
        float[] guidedOne = model.sample(classes, 1f, "dopri5:1e-4,1e-4", 8, 256, 11)
                .points()
                .values();
        assertFalse(Arrays.equals(unconditional, guidedOne));
        assertEquals(
                "row 1: class 8.0 is not an integer in [0, 8)",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> model.sample(DataMatrix.repeatRow(new float[] {8}, 1), null, null, 8, 10, 1))
                        .getMessage());
    }

    /**
     * Without conditions a conditional run follows v(x, t, ∅): push then pull returns the points (the
     * run has the null condition); a run trained without condition dropout has none and says so.
     */
    @Test
    void pushAndPullWithoutConditionsNeedTheNullCondition() throws IOException {
        DataMatrix points = DataMatrix.repeatRow(new float[] {0.5f, -1f}, 4);
        DataMatrix back = model.pull(model.push(points, 2, "rk4:40", 4), 2, "rk4:40", 4);
        for (int i = 0; i < points.values().length; i++) {
            assertEquals(points.values()[i], back.values()[i], 1e-3, "value " + i);
        }
        TrainSpec noNull = TrainSpec.defaults()
                .withModel(MlpSpec.defaults().withWidth(8).withDepth(2))
                .withFlow(flow -> flow.withGeometricGammas(1, 0.3, 1))
                .withOptimization(
                        optimization -> optimization.withStepsPerBlock(2).withBatch(16))
                .withData(data -> data.withSource("8gaussians-class").withPoolSize(64))
                .withRun(run -> run.withOut(temp.resolve("no-null"))
                        .withPushSolver("rk4:2")
                        .withBackend("cpu")
                        .withPlots(false))
                .withCondition(condition -> condition.withColumns("2").withClasses(8));
        try (Model plain = Lfm.train(noNull, ProgressListener.SILENT)) {
            for (Executable misuse : List.<Executable>of(
                    () -> plain.push(points, 1), () -> plain.pull(points, 1), () -> plain.sample(4, null, 1))) {
                String message =
                        assertThrows(IllegalArgumentException.class, misuse).getMessage();
                assertTrue(message.startsWith("the run is conditional and has no null condition"), message);
            }
        }
    }

    private static int nearestCentre(double x, double y) {
        return Math.floorMod((int) Math.round(Math.atan2(y, x) / (Math.PI / 4)), 8);
    }
}
