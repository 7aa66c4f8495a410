package lfm.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;

/**
 * The per-column affine map z = (x − μ) / σ fitted on training data, and its inverse x = μ + σ·z.
 * The trainer fits it on the training split of generic CSV/NPY data, stores it in the run (JSON) and
 * applies it to every split; samples are mapped back with {@link #invert}.
 *
 * <p>Densities: for the map s(x) = (x − μ)/σ, log|det ∂s/∂x| = −Σ_j log σ_j ({@link #logAbsDet}),
 * so log p_x(x) = log p_z(s(x)) + logAbsDet(), that is NLL_original = NLL_standardised − logAbsDet().
 *
 * <p>Serialises to JSON as {"mean": [...], "std": [...]} (Jackson reads and writes the record).
 *
 * @param mean μ, one per column
 * @param std  σ, one per column, all positive
 */
public record Standardization(double[] mean, double[] std) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public Standardization {
        if (mean.length != std.length || mean.length == 0) {
            throw new IllegalArgumentException("mean has " + mean.length + " entries, std " + std.length);
        }
        for (double sigma : std) {
            if (!(sigma > 0) || !Double.isFinite(sigma)) {
                throw new IllegalArgumentException("std must be positive and finite, got " + sigma);
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /**
     * Fits μ (column means) and σ (population standard deviations, divisor N) in double. A constant
     * column has σ = 0; it gets σ = 1 instead, so the map stays invertible and leaves it centred.
     */
    public static Standardization fit(DataMatrix train) {
        if (train.rows() == 0) {
            throw new IllegalArgumentException("cannot fit a standardisation on no rows");
        }
        double[] std = train.columnStds();
        for (int j = 0; j < std.length; j++) {
            if (!(std[j] > 0)) {
                std[j] = 1;
            }
        }
        return new Standardization(train.columnMeans(), std);
    }

    /** μ = 0, σ = 1: the map that changes nothing. */
    public static Standardization identity(int dimension) {
        double[] ones = new double[dimension];
        Arrays.fill(ones, 1);
        return new Standardization(new double[dimension], ones);
    }

    public int dimension() {
        return mean.length;
    }

    /** z = (x − μ)/σ per column (computed in double, rounded to float). */
    public DataMatrix apply(DataMatrix x) {
        checkColumns(x);
        float[] out = new float[x.values().length];
        int cols = x.cols();
        for (int k = 0; k < out.length; k++) {
            int j = k % cols;
            out[k] = (float) ((x.values()[k] - mean[j]) / std[j]);
        }
        return new DataMatrix(x.rows(), cols, out);
    }

    /** x = μ + σ·z per column. */
    public DataMatrix invert(DataMatrix z) {
        checkColumns(z);
        float[] out = new float[z.values().length];
        int cols = z.cols();
        for (int k = 0; k < out.length; k++) {
            int j = k % cols;
            out[k] = (float) (mean[j] + std[j] * z.values()[k]);
        }
        return new DataMatrix(z.rows(), cols, out);
    }

    /** log|det ∂z/∂x| of z = (x − μ)/σ, which is −Σ_j log σ_j. */
    public double logAbsDet() {
        double sum = 0;
        for (double sigma : std) {
            sum -= Math.log(sigma);
        }
        return sum;
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    public static Standardization fromJson(String json) {
        try {
            return JSON.readValue(json, Standardization.class);
        } catch (JsonProcessingException malformed) {
            throw new IllegalArgumentException("not a standardisation: " + malformed.getOriginalMessage());
        }
    }

    private void checkColumns(DataMatrix x) {
        if (x.cols() != mean.length) {
            throw new IllegalArgumentException("data has " + x.cols() + " columns, the standardisation " + mean.length);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Standardization that && Arrays.equals(mean, that.mean) && Arrays.equals(std, that.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "Standardization[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }
}
