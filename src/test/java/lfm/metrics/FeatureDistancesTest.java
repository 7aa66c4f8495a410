package lfm.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import lfm.random.Distributions;
import lfm.random.RandomKey;
import org.junit.jupiter.api.Test;

class FeatureDistancesTest {

    /** n rows of d correlated Gaussian features: x = shift + A z. */
    private static double[][] sample(int n, int d, double shift, double mixing, long seed) {
        double[][] rows = new double[n][d];
        RandomKey key = new RandomKey(seed, 5);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                rows[i][j] = shift
                        + Distributions.normal(key, (long) i * d + j)
                        + mixing * Distributions.normal(key, (long) i * d + (j + 1) % d);
            }
        }
        return rows;
    }

    @Test
    void frechetOfTwoDimensionsMatchesTheClosedForm() {
        double[][] a = sample(500, 2, 0, 0.7, 1);
        double[][] b = sample(400, 2, 0.3, -0.2, 2);
        double[] ma = FeatureDistances.mean(a);
        double[] mb = FeatureDistances.mean(b);
        double[][] ca = FeatureDistances.covariance(a, ma);
        double[][] cb = FeatureDistances.covariance(b, mb);
        // For 2×2 PSD M: tr √M = √(tr M + 2 √det M); tr √(Σa^½ Σb Σa^½) = tr √(Σa Σb) (same eigenvalues).
        double[][] product = SymmetricEigen.multiply(ca, cb);
        double trace = product[0][0] + product[1][1];
        double det = product[0][0] * product[1][1] - product[0][1] * product[1][0];
        double expected = Math.pow(ma[0] - mb[0], 2)
                + Math.pow(ma[1] - mb[1], 2)
                + ca[0][0]
                + ca[1][1]
                + cb[0][0]
                + cb[1][1]
                - 2 * Math.sqrt(trace + 2 * Math.sqrt(det));
        assertEquals(expected, FeatureDistances.frechet(a, b), 1e-10);
        assertEquals(0, FeatureDistances.frechet(a, a), 1e-9);
    }

    @Test
    void eigenDecompositionRebuildsTheMatrix() {
        double[][] a = FeatureDistances.covariance(sample(300, 12, 0, 0.5, 3), new double[12]);
        double[][] root = SymmetricEigen.apply(a, Math::sqrt);
        double[][] square = SymmetricEigen.multiply(root, root);
        for (int i = 0; i < 12; i++) {
            for (int j = 0; j < 12; j++) {
                assertEquals(a[i][j], square[i][j], 1e-10);
            }
        }
    }

    @Test
    void kidIsTheUnbiasedCubicMmdAndNearZeroForOneDistribution() {
        double[][] a = sample(30, 3, 0, 0.3, 4);
        double[][] b = sample(30, 3, 1, 0.3, 5);
        double within = 0;
        double across = 0;
        for (int i = 0; i < 30; i++) {
            for (int j = 0; j < 30; j++) {
                if (i != j) {
                    within += Math.pow(dot(a[i], a[j]) / 3 + 1, 3) + Math.pow(dot(b[i], b[j]) / 3 + 1, 3);
                }
                across += Math.pow(dot(a[i], b[j]) / 3 + 1, 3);
            }
        }
        double expected = within / (30 * 29) - 2 * across / (30 * 30);
        FeatureDistances.Kid kid = FeatureDistances.kid(a, b, 3, 30, 9);
        assertEquals(expected, kid.mean(), 1e-9, "subsets of every row are the whole sets");
        assertEquals(0, kid.standardDeviation(), 1e-9);
        FeatureDistances.Kid same =
                FeatureDistances.kid(sample(400, 3, 0, 0.3, 6), sample(400, 3, 0, 0.3, 7), 5, 200, 1);
        assertTrue(Math.abs(same.mean()) < 3 * same.standardDeviation() + 0.05, same.toString());
    }

    private static double dot(double[] x, double[] y) {
        double sum = 0;
        for (int j = 0; j < x.length; j++) {
            sum += x[j] * y[j];
        }
        return sum;
    }
}
