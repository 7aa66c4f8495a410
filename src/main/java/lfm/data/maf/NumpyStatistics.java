package lfm.data.maf;

import lfm.data.DoubleMatrix;

/**
 * Column statistics computed the way numpy (and pandas with bottleneck) compute them, so preprocessing
 * matches bit for bit: a sequential sum down each column in double (numpy reduces axis 0 of a C-order
 * array row by row), mean = sum / N, variance = Σ (x − mean)² / (N − ddof), std = √variance.
 * Statistics are taken over rows [0, rows) of the matrix.
 */
final class NumpyStatistics {
    private NumpyStatistics() {}

    /** {@code data[:rows].mean(axis=0)}. */
    static double[] mean(DoubleMatrix data, int rows) {
        int cols = data.cols();
        double[] sums = new double[cols];
        double[] values = data.values();
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                sums[j] += values[i * cols + j];
            }
        }
        for (int j = 0; j < cols; j++) {
            sums[j] = sums[j] / rows;
        }
        return sums;
    }

    /** {@code data[:rows].std(axis=0, ddof=ddof)} given the mean: numpy uses ddof 0, pandas 1. */
    static double[] std(DoubleMatrix data, int rows, double[] mean, int ddof) {
        int cols = data.cols();
        double[] squares = new double[cols];
        double[] values = data.values();
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                double deviation = values[i * cols + j] - mean[j];
                squares[j] += deviation * deviation;
            }
        }
        for (int j = 0; j < cols; j++) {
            squares[j] = Math.sqrt(squares[j] / (rows - ddof));
        }
        return squares;
    }

    /** x ← (x − mean)/std for every element, in place. */
    static void standardizeInPlace(DoubleMatrix data, double[] mean, double[] std) {
        int cols = data.cols();
        double[] values = data.values();
        for (int k = 0; k < values.length; k++) {
            int j = k % cols;
            values[k] = (values[k] - mean[j]) / std[j];
        }
    }
}
