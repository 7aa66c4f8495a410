package lfm.data;

/** Per-column standardisation x ↦ (x − μ)/σ (interim; the data package replaces it). */
public record Standardization(double[] mean, double[] std) {

    public static Standardization fit(DataMatrix data) {
        double[] mean = new double[data.cols()];
        double[] squares = new double[data.cols()];
        for (int i = 0; i < data.rows(); i++) {
            for (int j = 0; j < data.cols(); j++) {
                double v = data.values()[i * data.cols() + j];
                mean[j] += v;
                squares[j] += v * v;
            }
        }
        double[] std = new double[data.cols()];
        for (int j = 0; j < data.cols(); j++) {
            mean[j] /= data.rows();
            std[j] = Math.sqrt(Math.max(squares[j] / data.rows() - mean[j] * mean[j], 1e-24));
        }
        return new Standardization(mean, std);
    }

    public DataMatrix apply(DataMatrix data) {
        float[] values = data.values().clone();
        for (int i = 0; i < values.length; i++) {
            int j = i % data.cols();
            values[i] = (float) ((values[i] - mean[j]) / std[j]);
        }
        return new DataMatrix(data.rows(), data.cols(), values);
    }
}
