package lfm.cli;

import java.util.Random;
import lfm.data.DataMatrix;

/** Reference points a trained model must beat: the best single Gaussian for a 2D data set. */
final class Baselines {
    private Baselines() {}

    /** n points from N(mean, covariance) of the data: the best a single Gaussian can do. */
    static DataMatrix momentMatchedGaussian(DataMatrix data, int n) {
        double[] mean = new double[2];
        double[][] cov = new double[2][2];
        for (int i = 0; i < data.rows(); i++) {
            mean[0] += data.get(i, 0) / data.rows();
            mean[1] += data.get(i, 1) / data.rows();
        }
        for (int i = 0; i < data.rows(); i++) {
            for (int a = 0; a < 2; a++) {
                for (int b = 0; b < 2; b++) {
                    cov[a][b] += (data.get(i, a) - mean[a]) * (data.get(i, b) - mean[b]) / (data.rows() - 1);
                }
            }
        }
        double l00 = Math.sqrt(cov[0][0]), l10 = cov[1][0] / l00, l11 = Math.sqrt(cov[1][1] - l10 * l10);
        Random random = new Random(7);
        float[] values = new float[2 * n];
        for (int i = 0; i < n; i++) {
            double z0 = random.nextGaussian(), z1 = random.nextGaussian();
            values[2 * i] = (float) (mean[0] + l00 * z0);
            values[2 * i + 1] = (float) (mean[1] + l10 * z0 + l11 * z1);
        }
        return new DataMatrix(n, 2, values);
    }
}
