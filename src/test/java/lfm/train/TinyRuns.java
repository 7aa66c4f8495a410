package lfm.train;

import java.util.List;
import lfm.config.MlpSpec;
import lfm.config.RunConfig;
import lfm.config.TrainSpec;
import lfm.data.DataMatrix;
import lfm.random.Distributions;
import lfm.random.RandomKey;

/** Small, fast configurations and data for trainer tests. */
final class TinyRuns {
    private TinyRuns() {}

    /** Eight Gaussians (σ = 0.15) on the circle of radius 2, seeded. */
    static DataMatrix eightGaussians(int n, long seed) {
        float[] values = new float[2 * n];
        RandomKey key = new RandomKey(seed, 0);
        for (int i = 0; i < n; i++) {
            int mode = Distributions.uniformIndex(key, 3L * i, 8);
            double angle = 2 * Math.PI * mode / 8;
            values[2 * i] = (float) (2 * Math.cos(angle) + 0.15 * Distributions.normal(key, 3L * i + 1));
            values[2 * i + 1] = (float) (2 * Math.sin(angle) + 0.15 * Distributions.normal(key, 3L * i + 2));
        }
        return new DataMatrix(n, 2, values);
    }

    /** 2D data, a 2×16 Softplus MLP, batch 128, lr 3e-3 (constant), loss read every 10 steps, seed 11. */
    static RunConfig config(String method, List<Double> gammas, int steps, int checkpointEvery) {
        TrainSpec spec = TrainSpec.defaults()
                .withModel(MlpSpec.defaults().withWidth(16).withDepth(2))
                .withFlow(flow -> flow.withMethod(method).withGammas(gammas))
                .withOptimization(optimization -> optimization
                        .withStepsPerBlock(steps)
                        .withBatch(128)
                        .withLearningRate(3e-3)
                        .withDecayFactor(1))
                .withData(data -> data.withSource("test").withPoolSize(512))
                .withRun(run -> run.withIntervals(checkpointEvery, 10)
                        .withPushSolver("rk4:4")
                        .withSampleSolver("rk4:8")
                        .withChunkRows(256)
                        .withSeed(11));
        return RunConfig.of(spec, 2);
    }
}
