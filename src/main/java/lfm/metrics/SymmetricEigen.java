package lfm.metrics;

import java.util.function.DoubleUnaryOperator;

/**
 * Eigendecomposition of a real symmetric matrix by cyclic Jacobi rotations, in double: A = V Λ Vᵀ.
 * Sweeps until the off-diagonal mass falls below 1e-22 of the total (or 100 sweeps); fine for the
 * 64×64 covariances of the image metrics.
 */
final class SymmetricEigen {
    private static final int MAX_SWEEPS = 100;

    private SymmetricEigen() {}

    /** The eigenvalues of A (symmetric, n × n), in no particular order. */
    static double[] eigenvalues(double[][] a) {
        double[][] work = copy(a);
        rotate(work, null);
        double[] values = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            values[i] = work[i][i];
        }
        return values;
    }

    /** f(A) = V f(Λ) Vᵀ; negative eigenvalues are clipped to 0 first (round-off of a PSD matrix). */
    static double[][] apply(double[][] a, DoubleUnaryOperator function) {
        int n = a.length;
        double[][] work = copy(a);
        double[][] vectors = new double[n][n];
        for (int i = 0; i < n; i++) {
            vectors[i][i] = 1;
        }
        rotate(work, vectors);
        double[][] result = new double[n][n];
        for (int k = 0; k < n; k++) {
            double value = function.applyAsDouble(Math.max(0, work[k][k]));
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    result[i][j] += vectors[i][k] * value * vectors[j][k];
                }
            }
        }
        return result;
    }

    static double[][] multiply(double[][] a, double[][] b) {
        int n = a.length;
        int inner = b.length;
        int m = b[0].length;
        double[][] c = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < inner; k++) {
                double aik = a[i][k];
                for (int j = 0; j < m; j++) {
                    c[i][j] += aik * b[k][j];
                }
            }
        }
        return c;
    }

    /** Diagonalises {@code a} in place; accumulates the rotations into {@code vectors} (columns) when given. */
    private static void rotate(double[][] a, double[][] vectors) {
        int n = a.length;
        double total = 0;
        for (double[] row : a) {
            for (double value : row) {
                total += value * value;
            }
        }
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            double off = 0;
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    off += 2 * a[p][q] * a[p][q];
                }
            }
            if (off <= 1e-22 * total || off == 0) {
                return;
            }
            for (int p = 0; p < n - 1; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (a[p][q] != 0) {
                        rotation(a, vectors, p, q);
                    }
                }
            }
        }
    }

    /** One Jacobi rotation zeroing a[p][q]. */
    private static void rotation(double[][] a, double[][] vectors, int p, int q) {
        int n = a.length;
        double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        if (theta == 0) {
            t = 1;
        }
        double c = 1 / Math.sqrt(t * t + 1);
        double s = t * c;
        for (int k = 0; k < n; k++) {
            double akp = a[k][p];
            double akq = a[k][q];
            a[k][p] = c * akp - s * akq;
            a[k][q] = s * akp + c * akq;
        }
        for (int k = 0; k < n; k++) {
            double apk = a[p][k];
            double aqk = a[q][k];
            a[p][k] = c * apk - s * aqk;
            a[q][k] = s * apk + c * aqk;
        }
        if (vectors != null) {
            for (int k = 0; k < n; k++) {
                double vkp = vectors[k][p];
                double vkq = vectors[k][q];
                vectors[k][p] = c * vkp - s * vkq;
                vectors[k][q] = s * vkp + c * vkq;
            }
        }
    }

    private static double[][] copy(double[][] a) {
        double[][] copy = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            copy[i] = a[i].clone();
        }
        return copy;
    }
}
