package lfm.data;

import java.util.Arrays;

/**
 * Host data in float32, row-major: point i occupies {@code values[i·cols, (i + 1)·cols)}.
 * Shape (rows, cols) = (N, D). The arrays are shared, not copied: treat a matrix as read-only once
 * built. Every helper that returns a matrix returns a new one.
 *
 * @param rows   number of points N (may be 0)
 * @param cols   dimension D (at least 1)
 * @param values N·D floats, row-major
 */
public record DataMatrix(int rows, int cols, float[] values) {

    public DataMatrix {
        if (rows < 0 || cols < 1) {
            throw new IllegalArgumentException("shape (" + rows + ", " + cols + ") is invalid");
        }
        if (values.length != (long) rows * cols) {
            throw new IllegalArgumentException(
                    "shape (" + rows + ", " + cols + ") needs " + (long) rows * cols + " values, got " + values.length);
        }
    }

    /** An all-zero matrix of shape (rows, cols). */
    public static DataMatrix zeros(int rows, int cols) {
        return new DataMatrix(rows, cols, new float[Math.multiplyExact(rows, cols)]);
    }

    /** The same row n times: shape (n, row.length). */
    public static DataMatrix repeatRow(float[] row, int n) {
        float[] values = new float[Math.multiplyExact(n, row.length)];
        for (int i = 0; i < n; i++) {
            System.arraycopy(row, 0, values, i * row.length, row.length);
        }
        return new DataMatrix(n, row.length, values);
    }

    /** Builds a matrix from nested rows (convenient in tests); all rows must have the same length. */
    public static DataMatrix of(float[]... pointRows) {
        int cols = pointRows.length == 0 ? 1 : pointRows[0].length;
        float[] values = new float[pointRows.length * cols];
        for (int i = 0; i < pointRows.length; i++) {
            if (pointRows[i].length != cols) {
                throw new IllegalArgumentException(
                        "row " + i + " has " + pointRows[i].length + " values, expected " + cols);
            }
            System.arraycopy(pointRows[i], 0, values, i * cols, cols);
        }
        return new DataMatrix(pointRows.length, cols, values);
    }

    /** Element (row, col), both 0-based. */
    public float get(int row, int col) {
        return values[row * cols + col];
    }

    /** A copy of point {@code row}. */
    public float[] row(int row) {
        return Arrays.copyOfRange(values, row * cols, (row + 1) * cols);
    }

    /** A copy of column {@code col} (N values). */
    public float[] column(int col) {
        float[] out = new float[rows];
        for (int i = 0; i < rows; i++) {
            out[i] = values[i * cols + col];
        }
        return out;
    }

    /** Rows [from, to) as a new matrix. */
    public DataMatrix rows(int from, int to) {
        if (from < 0 || to > rows || from > to) {
            throw new IndexOutOfBoundsException("rows [" + from + ", " + to + ") of " + rows);
        }
        return new DataMatrix(to - from, cols, Arrays.copyOfRange(values, from * cols, to * cols));
    }

    /** The rows at the given indices, in that order. */
    public DataMatrix select(int[] rowIndices) {
        float[] out = new float[rowIndices.length * cols];
        for (int k = 0; k < rowIndices.length; k++) {
            System.arraycopy(values, rowIndices[k] * cols, out, k * cols, cols);
        }
        return new DataMatrix(rowIndices.length, cols, out);
    }

    /** Column means μ_j = (1/N) Σ_i x_ij, accumulated in double. */
    public double[] columnMeans() {
        double[] sums = new double[cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                sums[j] += values[i * cols + j];
            }
        }
        for (int j = 0; j < cols; j++) {
            sums[j] /= rows;
        }
        return sums;
    }

    /** Population standard deviations σ_j = √((1/N) Σ_i (x_ij − μ_j)²), two-pass in double. */
    public double[] columnStds() {
        double[] means = columnMeans();
        double[] squares = new double[cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                double deviation = values[i * cols + j] - means[j];
                squares[j] += deviation * deviation;
            }
        }
        for (int j = 0; j < cols; j++) {
            squares[j] = Math.sqrt(squares[j] / rows);
        }
        return squares;
    }

    /** The given columns, in the given order: shape (N, columns.length). */
    public DataMatrix selectColumns(int[] columns) {
        float[] out = new float[Math.multiplyExact(rows, columns.length)];
        for (int i = 0; i < rows; i++) {
            for (int k = 0; k < columns.length; k++) {
                out[i * columns.length + k] = values[i * cols + columns[k]];
            }
        }
        return new DataMatrix(rows, columns.length, out);
    }

    /** Places matrices with the same number of rows side by side: [a | b | ...]. */
    public static DataMatrix joinColumns(DataMatrix... parts) {
        int rows = parts[0].rows;
        int cols = 0;
        for (DataMatrix part : parts) {
            if (part.rows != rows) {
                throw new IllegalArgumentException("cannot join " + part.rows + " rows beside " + rows);
            }
            cols = Math.addExact(cols, part.cols);
        }
        float[] out = new float[Math.multiplyExact(rows, cols)];
        for (int i = 0; i < rows; i++) {
            int offset = i * cols;
            for (DataMatrix part : parts) {
                System.arraycopy(part.values, i * part.cols, out, offset, part.cols);
                offset += part.cols;
            }
        }
        return new DataMatrix(rows, cols, out);
    }

    /** Stacks matrices with the same number of columns vertically, in order. */
    public static DataMatrix concat(DataMatrix... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("nothing to concatenate");
        }
        int cols = parts[0].cols;
        int rows = 0;
        for (DataMatrix part : parts) {
            if (part.cols != cols) {
                throw new IllegalArgumentException("cannot stack " + part.cols + " columns under " + cols);
            }
            rows = Math.addExact(rows, part.rows);
        }
        float[] out = new float[Math.multiplyExact(rows, cols)];
        int offset = 0;
        for (DataMatrix part : parts) {
            System.arraycopy(part.values, 0, out, offset, part.values.length);
            offset += part.values.length;
        }
        return new DataMatrix(rows, cols, out);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DataMatrix that
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
        return "DataMatrix[" + rows + " × " + cols + "]";
    }
}
