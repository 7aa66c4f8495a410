package lfm.data;

/** Host data, row-major: row i is values[i·cols .. (i+1)·cols). */
public record DataMatrix(int rows, int cols, float[] values) {
    public DataMatrix {
        if ((long) rows * cols != values.length) {
            throw new IllegalArgumentException(rows + "×" + cols + " needs " + (long) rows * cols + " values, got "
                    + values.length);
        }
    }
}
