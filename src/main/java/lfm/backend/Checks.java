package lfm.backend;

import lfm.tensor.Tensor;

/** Argument checks shared by every backend, so a wrong call fails the same way everywhere. */
public final class Checks {
    private Checks() {}

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
            throw new IllegalArgumentException(
                    "matmul: op(a) " + m + "×" + k + " · op(b) " + kb + "×" + n + " into " + c.shape());
        }
        return new int[] {m, n, k};
    }

    public static void stackedRows(String op, Tensor stacked, int blockRows) {
        if (blockRows == 0 || stacked.rows() % blockRows != 0) {
            throw new IllegalArgumentException(op + ": " + stacked.rows() + " rows is not a multiple of " + blockRows);
        }
    }

    public static void sameBackend(Backend backend, Tensor... tensors) {
        for (Tensor tensor : tensors) {
            if (tensor != null && tensor.backend() != backend) {
                throw new IllegalArgumentException(
                        "tensor " + tensor + " belongs to " + tensor.backend().name() + ", not " + backend.name());
            }
        }
    }

    /** A (rows, cols) tensor: both dimensions as given (any rank whose matrix view matches). */
    public static void matrix(String op, Tensor a, int rows, int cols) {
        if (a.rows() != rows || a.cols() != cols) {
            throw new IllegalArgumentException(op + ": expected (" + rows + ", " + cols + "), got " + a.shape());
        }
    }

    /** Every tensor of a convolution call against its geometry (bias and gradBias may be null). */
    public static void convolution(
            String op, ConvGeometry geometry, Tensor input, Tensor weight, Tensor bias, Tensor output) {
        if (input != null) {
            matrix(op + " input", input, geometry.inputRows(), geometry.inChannels());
        }
        if (weight != null) {
            matrix(op + " weight", weight, geometry.outChannels(), geometry.weightColumns());
        }
        if (bias != null) {
            rowVector(op + " bias", bias, geometry.outChannels());
        }
        if (output != null) {
            matrix(op + " output", output, geometry.outputRows(), geometry.outChannels());
        }
        if (input != null && input == output) {
            throw new IllegalArgumentException(op + ": the output may not alias the input");
        }
    }

    /** The fused epilogue's optional operands of conv2d: sampleBias (B, C_out), residual like the output. */
    public static void convolutionEpilogue(ConvGeometry geometry, Tensor sampleBias, Tensor residual, Tensor output) {
        if (sampleBias != null) {
            matrix("conv2d sampleBias", sampleBias, geometry.batch(), geometry.outChannels());
        }
        if (residual != null) {
            matrix("conv2d residual", residual, geometry.outputRows(), geometry.outChannels());
            if (residual == output) {
                throw new IllegalArgumentException("conv2d: the output may not alias the residual");
            }
        }
    }

    /**
     * Group normalisation: x (B·P, C), stats (B, G) with G dividing C and B dividing the rows, γ and β (C).
     * Returns {B, P, G}.
     */
    public static int[] groupNorm(String op, Tensor x, Tensor gamma, Tensor beta, Tensor mean, Tensor inverseStd) {
        int batch = mean.rows();
        int groups = mean.cols();
        int channels = x.cols();
        if (batch < 1 || groups < 1 || channels % groups != 0 || x.rows() % batch != 0) {
            throw new IllegalArgumentException(op + ": " + x.shape() + " cannot be split into " + batch + " samples of "
                    + groups + " channel groups");
        }
        matrix(op + " inverseStd", inverseStd, batch, groups);
        rowVector(op + " gamma", gamma, channels);
        rowVector(op + " beta", beta, channels);
        return new int[] {batch, x.rows() / batch, groups};
    }

    /** x (B·P, C) against a (B, C) per-sample bias; returns P. */
    public static int sampleRows(String op, Tensor x, Tensor bias) {
        if (bias.rows() < 1 || bias.cols() != x.cols() || x.rows() % bias.rows() != 0) {
            throw new IllegalArgumentException(op + ": " + x.shape() + " does not split into " + bias.rows()
                    + " samples of " + bias.cols() + " channels");
        }
        return x.rows() / bias.rows();
    }

    /** Checks a strided batched product; returns {m, n, k}. */
    public static int[] matmulBatched(
            int count, MatrixBatch a, boolean transposeA, MatrixBatch b, boolean transposeB, MatrixBatch c) {
        int m = transposeA ? a.cols() : a.rows();
        int k = transposeA ? a.rows() : a.cols();
        int kb = transposeB ? b.cols() : b.rows();
        int n = transposeB ? b.rows() : b.cols();
        if (count < 0 || k != kb || c.rows() != m || c.cols() != n) {
            throw new IllegalArgumentException("matmulBatched: " + count + " × op(a) " + m + "×" + k + " · op(b) " + kb
                    + "×" + n + " into " + c.rows() + "×" + c.cols());
        }
        for (MatrixBatch operand : new MatrixBatch[] {a, b, c}) {
            if (!operand.fits(count)) {
                throw new IllegalArgumentException(
                        "matmulBatched: " + count + " matrices " + operand + " run past the tensor's end");
            }
        }
        if (c.tensor() == a.tensor() || c.tensor() == b.tensor()) {
            throw new IllegalArgumentException("matmulBatched: c may not share a tensor with a or b");
        }
        return new int[] {m, n, k};
    }

    /** Dropout probability in [0, 1). */
    public static void probability(String op, float p) {
        if (!(p >= 0f && p < 1f)) {
            throw new IllegalArgumentException(op + ": probability must be in [0, 1), got " + p);
        }
    }

    /** An embedding of 2K columns. */
    public static void evenColumns(String op, Tensor embedding) {
        if (embedding.cols() % 2 != 0) {
            throw new IllegalArgumentException(op + ": an embedding has 2K columns, got " + embedding.shape());
        }
    }

    /** Two tensors that must not share storage. */
    public static void distinct(String op, Tensor a, Tensor b) {
        if (a == b || (a.data().address() == b.data().address() && a.size() > 0)) {
            throw new IllegalArgumentException(op + ": the output may not alias the input");
        }
    }
}
