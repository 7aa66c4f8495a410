package lfm.metrics;

import lfm.data.RowSampling;
import lfm.random.RandomKey;

/**
 * Distances between two sets of feature vectors (rows of double[][]), as FID and KID compute them in
 * Inception features; here they take any features (the engine's classifier, {@code lfm.classify}).
 * <ul>
 *   <li>Fréchet distance: FD = |μ₁ − μ₂|² + tr(Σ₁ + Σ₂ − 2 (Σ₁^{1/2} Σ₂ Σ₁^{1/2})^{1/2}), means and
 *       covariances (divisor n − 1) in double, the square roots by symmetric eigendecomposition (negative
 *       round-off eigenvalues clipped to 0).</li>
 *   <li>KID: the unbiased MMD² with the cubic polynomial kernel k(x, y) = (x·y/d + 1)³, over
 *       {@code subsets} random subsets of m rows of each set (without replacement), reported as mean ±
 *       standard deviation over the subsets.</li>
 * </ul>
 */
public final class FeatureDistances {
    private FeatureDistances() {}

    /** KID over subsets: the mean and the sample standard deviation (0 for one subset). */
    public record Kid(double mean, double standardDeviation, int subsets, int subsetSize) {}

    public static double frechet(double[][] a, double[][] b) {
        int d = checkWidths(a, b);
        double[] meanA = mean(a);
        double[] meanB = mean(b);
        double[][] covA = covariance(a, meanA);
        double[][] covB = covariance(b, meanB);
        double distance = 0;
        for (int j = 0; j < d; j++) {
            distance += (meanA[j] - meanB[j]) * (meanA[j] - meanB[j]) + covA[j][j] + covB[j][j];
        }
        double[][] rootA = SymmetricEigen.apply(covA, Math::sqrt);
        double[][] middle = SymmetricEigen.multiply(SymmetricEigen.multiply(rootA, covB), rootA);
        double trace = 0;
        for (double value : SymmetricEigen.eigenvalues(middle)) {
            trace += Math.sqrt(Math.max(0, value));
        }
        return distance - 2 * trace;
    }

    public static Kid kid(double[][] a, double[][] b, int subsets, int subsetSize, long seed) {
        int d = checkWidths(a, b);
        int m = Math.min(subsetSize, Math.min(a.length, b.length));
        if (m < 2 || subsets < 1) {
            throw new IllegalArgumentException("KID needs subsets of at least 2 rows and at least 1 subset");
        }
        double[] values = new double[subsets];
        for (int s = 0; s < subsets; s++) {
            int[] rowsA = RowSampling.firstOfPermutation(a.length, m, new RandomKey(seed, 2L * s + 0x41D));
            int[] rowsB = RowSampling.firstOfPermutation(b.length, m, new RandomKey(seed, 2L * s + 0x41E));
            double within = 0;
            double across = 0;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    if (i != j) {
                        within += kernel(a[rowsA[i]], a[rowsA[j]], d) + kernel(b[rowsB[i]], b[rowsB[j]], d);
                    }
                    across += kernel(a[rowsA[i]], b[rowsB[j]], d);
                }
            }
            values[s] = within / ((double) m * (m - 1)) - 2 * across / ((double) m * m);
        }
        double mean = 0;
        for (double value : values) {
            mean += value / subsets;
        }
        double squares = 0;
        for (double value : values) {
            squares += (value - mean) * (value - mean);
        }
        return new Kid(mean, subsets > 1 ? Math.sqrt(squares / (subsets - 1)) : 0, subsets, m);
    }

    private static double kernel(double[] x, double[] y, int d) {
        double dot = 0;
        for (int j = 0; j < d; j++) {
            dot += x[j] * y[j];
        }
        double base = dot / d + 1;
        return base * base * base;
    }

    static double[] mean(double[][] rows) {
        double[] mean = new double[rows[0].length];
        for (double[] row : rows) {
            for (int j = 0; j < mean.length; j++) {
                mean[j] += row[j];
            }
        }
        for (int j = 0; j < mean.length; j++) {
            mean[j] /= rows.length;
        }
        return mean;
    }

    static double[][] covariance(double[][] rows, double[] mean) {
        int d = mean.length;
        double[][] cov = new double[d][d];
        for (double[] row : rows) {
            for (int i = 0; i < d; i++) {
                double di = row[i] - mean[i];
                for (int j = i; j < d; j++) {
                    cov[i][j] += di * (row[j] - mean[j]);
                }
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                cov[i][j] /= rows.length - 1;
                cov[j][i] = cov[i][j];
            }
        }
        return cov;
    }

    private static int checkWidths(double[][] a, double[][] b) {
        if (a.length < 2 || b.length < 2) {
            throw new IllegalArgumentException(
                    "feature distances need at least 2 rows per set, got " + a.length + " and " + b.length);
        }
        if (a[0].length != b[0].length) {
            throw new IllegalArgumentException("features of " + a[0].length + " and " + b[0].length + " columns");
        }
        return a[0].length;
    }
}
