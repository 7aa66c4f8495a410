package lfm.data;

import java.util.Arrays;

/**
 * Row-major float64 data, shape (rows, cols): what the readers produce and what preprocessing that
 * must match numpy bit for bit (the MAF benchmarks) works on before the final cast to float32.
 *
 * @param rows   number of rows N
 * @param cols   number of columns D (at least 1)
 * @param values N·D doubles, row-major
 */
public record DoubleMatrix(int rows, int cols, double[] values) {

    public DoubleMatrix {
        if (rows < 0 || cols < 1) {
            throw new IllegalArgumentException("shape (" + rows + ", " + cols + ") is invalid");
        }
        if (values.length != (long) rows * cols) {
            throw new IllegalArgumentException(
                    "shape (" + rows + ", " + cols + ") needs " + (long) rows * cols + " values, got " + values.length);
        }
    }

    /** Element (row, col), both 0-based. */
    public double get(int row, int col) {
        return values[row * cols + col];
    }

    /** Rows [from, to) as a new matrix. */
    public DoubleMatrix rows(int from, int to) {
        if (from < 0 || to > rows || from > to) {
            throw new IndexOutOfBoundsException("rows [" + from + ", " + to + ") of " + rows);
        }
        return new DoubleMatrix(to - from, cols, Arrays.copyOfRange(values, from * cols, to * cols));
    }

    /** The given columns (0-based, in the given order) as a new matrix. */
    public DoubleMatrix columns(int[] keep) {
        double[] out = new double[rows * keep.length];
        for (int i = 0; i < rows; i++) {
            for (int k = 0; k < keep.length; k++) {
                out[i * keep.length + k] = values[i * cols + keep[k]];
            }
        }
        return new DoubleMatrix(rows, keep.length, out);
    }

    /** Rows [from, to) rounded to float32 (round to nearest, as numpy's astype(np.float32)). */
    public DataMatrix toFloat(int from, int to) {
        float[] out = new float[(to - from) * cols];
        for (int k = 0; k < out.length; k++) {
            out[k] = (float) values[from * cols + k];
        }
        return new DataMatrix(to - from, cols, out);
    }

    /** All rows rounded to float32. */
    public DataMatrix toFloat() {
        return toFloat(0, rows);
    }

    /** Widens float32 data exactly. */
    public static DoubleMatrix of(DataMatrix data) {
        double[] out = new double[data.values().length];
        for (int k = 0; k < out.length; k++) {
            out[k] = data.values()[k];
        }
        return new DoubleMatrix(data.rows(), data.cols(), out);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DoubleMatrix that
                && rows == that.rows
                && cols == that.cols
                && Arrays.equals(values, that.values);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * rows + cols) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "DoubleMatrix[" + rows + " × " + cols + "]";
    }
}
