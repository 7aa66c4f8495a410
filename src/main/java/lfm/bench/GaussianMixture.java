package lfm.bench;

import lfm.random.Distributions;
import lfm.random.RandomKey;

/**
 * The benchmark data of ../shared/bench/torch_ref.py: 8 Gaussian components of standard deviation 0.3
 * centred on a circle of radius 3, in 2D. Drawn on the host from Philox so every backend gets the same
 * points (the data do not matter for timing, only their shape).
 */
public final class GaussianMixture {
    private GaussianMixture() {}

    /** n points, row-major (n, 2). */
    public static float[] sample(int n, long seed) {
        RandomKey components = new RandomKey(seed, 1);
        RandomKey noise = new RandomKey(seed, 2);
        float[] points = new float[2 * n];
        for (int i = 0; i < n; i++) {
            int k = Distributions.uniformIndex(components, i, 8);
            double angle = k * (2 * Math.PI / 8);
            points[2 * i] = (float) (3 * Math.cos(angle) + 0.3 * Distributions.normal(noise, 2L * i));
            points[2 * i + 1] = (float) (3 * Math.sin(angle) + 0.3 * Distributions.normal(noise, 2L * i + 1));
        }
        return points;
    }
}
