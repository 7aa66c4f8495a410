package lfm.train;

import java.util.List;
import lfm.data.DataMatrix;
import lfm.random.Distributions;
import lfm.random.RandomKey;
import lfm.run.TrainConfig;

/** Small, fast configurations and data for trainer tests. */
final class TinyRuns {
    private TinyRuns() {
    }

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

    static TrainConfig config(String method, List<Double> gammas, int steps, int checkpointEvery) {
        return new TrainConfig(method, "test", 2, 16, 2, "softplus:20", 0, gammas, "trig", "uniform",
                steps, 128, 3e-3, 1, 1000, 0, "adam", 0, 0, 0, 512, true, "rk4:4", "rk4:8", 256,
                checkpointEvery, 10, 11, null, null);
    }
}
