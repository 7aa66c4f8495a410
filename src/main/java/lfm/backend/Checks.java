package lfm.backend;

import lfm.tensor.Tensor;

/** Argument checks shared by every backend, so a wrong call fails the same way everywhere. */
public final class Checks {
    private Checks() {
    }

    public static void sameSize(String op, Tensor a, Tensor b) {
        if (a.size() != b.size()) {
            throw new IllegalArgumentException(op + ": sizes differ, " + a.shape() + " vs " + b.shape());
        }
    }

    public static void sameMatrix(String op, Tensor a, Tensor b) {
        if (a.rows() != b.rows() || a.cols() != b.cols()) {
            throw new IllegalArgumentException(op + ": shapes differ, " + a.shape() + " vs " + b.shape());
        }
    }

    public static void scalar(String op, Tensor a) {
        if (a.size() != 1) {
            throw new IllegalArgumentException(op + ": expected a (1, 1) tensor, got " + a.shape());
        }
    }

    public static void rowVector(String op, Tensor vector, int cols) {
        if (vector.size() != cols) {
            throw new IllegalArgumentException(op + ": expected " + cols + " values, got " + vector.shape());
        }
    }

    public static void rows(String op, Tensor a, int rows) {
        if (a.rows() != rows) {
            throw new IllegalArgumentException(op + ": expected " + rows + " rows, got " + a.shape());
        }
    }

    public static void column(String op, Tensor a, int rows) {
        if (a.rows() != rows || a.cols() != 1) {
            throw new IllegalArgumentException(op + ": expected (" + rows + ", 1), got " + a.shape());
        }
    }

    /** Checks c = op(a)·op(b) shapes; returns {m, n, k}. */
    public static int[] matmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB, Tensor c) {
        int m = transposeA ? a.cols() : a.rows();
        int k = transposeA ? a.rows() : a.cols();
        int kb = transposeB ? b.cols() : b.rows();
        int n = transposeB ? b.rows() : b.cols();
        if (k != kb || c.rows() != m || c.cols() != n) {
            throw new IllegalArgumentException("matmul: op(a) " + m + "×" + k + " · op(b) " + kb + "×" + n
                    + " into " + c.shape());
        }
        return new int[] {m, n, k};
    }

    public static void stackedRows(String op, Tensor stacked, int blockRows) {
        if (blockRows == 0 || stacked.rows() % blockRows != 0) {
            throw new IllegalArgumentException(op + ": " + stacked.rows() + " rows is not a multiple of "
                    + blockRows);
        }
    }
}
