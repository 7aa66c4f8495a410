package lfm.data;

/**
 * Class labels as conditions: a label column holding 0, 1, ..., K − 1 becomes a one-hot row of K values
 * (class k → e_k), the condition a class-conditional model reads; {@code lfm sample --class k} asks for
 * e_k.
 */
public final class ClassLabels {
    private ClassLabels() {}

    /** labels (N, 1) → one-hot (N, K); a label that is not an integer in [0, K) is an error naming its row. */
    public static DataMatrix oneHot(DataMatrix labels, int classes) {
        if (labels.cols() != 1) {
            throw new IllegalArgumentException("class labels are one column; got " + labels.cols()
                    + " condition columns with --condition-classes " + classes);
        }
        float[] out = new float[Math.multiplyExact(labels.rows(), classes)];
        for (int i = 0; i < labels.rows(); i++) {
            out[i * classes + label(labels.get(i, 0), classes, i)] = 1f;
        }
        return new DataMatrix(labels.rows(), classes, out);
    }

    /** The one-hot row of class k. */
    public static float[] row(int k, int classes) {
        label(k, classes, -1);
        float[] row = new float[classes];
        row[k] = 1f;
        return row;
    }

    private static int label(double value, int classes, int row) {
        if (value != Math.rint(value) || value < 0 || value >= classes) {
            throw new IllegalArgumentException((row >= 0 ? "row " + (row + 1) + ": " : "") + "class " + value
                    + " is not an integer in [0, " + classes + ")");
        }
        return (int) value;
    }
}
