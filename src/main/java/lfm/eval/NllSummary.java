package lfm.eval;

import java.util.Arrays;
import lfm.data.Units;

/**
 * Negative log-likelihood over a set of points, in nats: the mean, its standard error (sample standard
 * deviation / √n) and the units it is in. {@code logDetCorrection} is log|det| of the map from the
 * reported units to the model's coordinates (−Σ log σ for a run trained on standardised data, 0
 * otherwise): log p_data(x) = log p_model(T(x)) + log|det T|. {@code points} is the number of points the
 * mean is over; {@code nonFinite} the number whose log-density was NaN or infinite. {@code median} and
 * {@code percentile99} (in the reported units, over the same points) show a heavy tail the mean hides: a
 * few points of very low density can dominate the mean and its standard error.
 */
public record NllSummary(
        int points,
        double mean,
        double standardError,
        double modelUnitsMean,
        Units units,
        int nonFinite,
        double median,
        double percentile99) {

    /**
     * Summarises per-point model-coordinate log-densities over every point: a non-finite log-density
     * (NaN or ±∞: a diverging solve, a broken model) makes the mean and its standard error +∞, so a bad
     * point never flatters the result; {@link #nonFinite} counts them.
     */
    public static NllSummary of(double[] modelLogDensity, double logDetCorrection, Units units) {
        return of(modelLogDensity, logDetCorrection, units, false);
    }

    /**
     * As {@link #of(double[], double, Units)}; with {@code dropNonFinite} the mean is over the finite
     * points only (and {@link #points} counts those), the non-finite ones still counted in {@link #nonFinite}.
     */
    public static NllSummary of(double[] modelLogDensity, double logDetCorrection, Units units, boolean dropNonFinite) {
        double sum = 0;
        int finite = 0;
        for (double logDensity : modelLogDensity) {
            if (Double.isFinite(logDensity)) {
                sum -= logDensity;
                finite++;
            }
        }
        int nonFinite = modelLogDensity.length - finite;
        if (nonFinite > 0 && !dropNonFinite) {
            double infinite = Double.POSITIVE_INFINITY;
            return new NllSummary(
                    modelLogDensity.length, infinite, infinite, infinite, units, nonFinite, infinite, infinite);
        }
        if (finite == 0) {
            throw new IllegalStateException("every log-density is NaN or infinite: the model or the data is broken");
        }
        double modelMean = sum / finite;
        double squares = 0; // second pass: no cancellation between Σx² and n·mean²
        for (double logDensity : modelLogDensity) {
            if (Double.isFinite(logDensity)) {
                double d = -logDensity - modelMean;
                squares += d * d;
            }
        }
        double variance = finite > 1 ? squares / (finite - 1) : 0;
        double[] sorted = Arrays.stream(modelLogDensity)
                .filter(Double::isFinite)
                .map(logDensity -> -logDensity - logDetCorrection)
                .sorted()
                .toArray();
        return new NllSummary(
                finite,
                modelMean - logDetCorrection,
                Math.sqrt(variance / finite),
                modelMean,
                units,
                nonFinite,
                quantile(sorted, 0.5),
                quantile(sorted, 0.99));
    }

    /** The q-quantile of sorted values, linear between the two nearest ranks (numpy's default). */
    static double quantile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }

    /** Bits per dimension of this NLL (plain nats / (D ln 2), no dequantisation offset). */
    public double bitsPerDimension(int dimension) {
        return mean / (dimension * Math.log(2));
    }
}
