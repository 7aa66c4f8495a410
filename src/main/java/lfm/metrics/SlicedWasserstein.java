package lfm.metrics;

import java.util.Arrays;
import java.util.stream.IntStream;
import lfm.data.DataMatrix;
import lfm.random.Distributions;
import lfm.random.RandomKey;

/**
 * Sliced Wasserstein-1: SW₁(P, Q) = E_θ W₁(θ·X, θ·Y) over directions θ uniform on the unit sphere,
 * estimated with a fixed, seeded set of directions (θ = g/|g|, g ~ N(0, I) from Philox) and the exact
 * 1-D W₁ between the projected empirical distributions, W₁ = ∫ |F(t) − G(t)| dt (samples may differ
 * in size). In 1-D it is W₁ itself. Cost O(L·(n + m)·(D + log n)); directions run in parallel.
 */
public final class SlicedWasserstein {
    /** Directions used by {@link SampleMetrics}. */
    public static final int DEFAULT_PROJECTIONS = 128;

    private SlicedWasserstein() {}

    /** SW₁ between samples x and y, averaged over {@code projections} directions drawn from {@code seed}. */
    public static double of(DataMatrix x, DataMatrix y, int projections, long seed) {
        if (x.cols() != y.cols()) {
            throw new IllegalArgumentException("points of dimension " + x.cols() + " and " + y.cols());
        }
        if (x.rows() == 0 || y.rows() == 0 || projections < 1) {
            throw new IllegalArgumentException("sliced Wasserstein needs points on both sides and ≥ 1 projection");
        }
        double[][] directions = directions(x.cols(), projections, seed);
        double[] distances = new double[projections];
        IntStream.range(0, projections)
                .parallel()
                .forEach(p -> distances[p] = wasserstein1(project(x, directions[p]), project(y, directions[p])));
        double sum = 0;
        for (double distance : distances) {
            sum += distance;
        }
        return sum / projections;
    }

    /** Unit vectors θ_p = g_p/|g_p|, g_p ~ N(0, I_D), element (p, k) from Philox key (seed, stream 0x511CED). */
    static double[][] directions(int dimension, int projections, long seed) {
        RandomKey key = new RandomKey(seed, 0x511CEDL);
        double[][] directions = new double[projections][dimension];
        for (int p = 0; p < projections; p++) {
            double norm = 0;
            for (int k = 0; k < dimension; k++) {
                double g = Distributions.normal(key, (long) p * dimension + k);
                directions[p][k] = g;
                norm += g * g;
            }
            norm = Math.sqrt(norm);
            for (int k = 0; k < dimension; k++) {
                directions[p][k] /= norm;
            }
        }
        return directions;
    }

    private static double[] project(DataMatrix points, double[] direction) {
        double[] projected = new double[points.rows()];
        float[] values = points.values();
        int cols = points.cols();
        for (int i = 0; i < projected.length; i++) {
            double dot = 0;
            for (int k = 0; k < cols; k++) {
                dot += values[i * cols + k] * direction[k];
            }
            projected[i] = dot;
        }
        return projected;
    }

    /**
     * W₁ between the empirical distributions of a and b (arrays are sorted in place):
     * ∫ |F(t) − G(t)| dt, walking the merged sorted values; F and G are step functions.
     */
    static double wasserstein1(double[] a, double[] b) {
        Arrays.sort(a);
        Arrays.sort(b);
        int i = 0;
        int j = 0;
        double previous = Math.min(a[0], b[0]);
        double integral = 0;
        while (i < a.length || j < b.length) {
            double next = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i] : b[j];
            integral += Math.abs((double) i / a.length - (double) j / b.length) * (next - previous);
            previous = next;
            if (i < a.length && a[i] == next) {
                i++;
            } else {
                j++;
            }
        }
        return integral;
    }
}
