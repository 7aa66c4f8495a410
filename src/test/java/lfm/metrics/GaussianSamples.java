package lfm.metrics;

import lfm.data.DataMatrix;

/**
 * Test helpers: "quantile grid" samples that follow a 1-D normal law almost exactly (x_i = μ + σ·Φ⁻¹((i + ½)/n)),
 * so Monte-Carlo noise does not blur closed-form checks, and E|Z| for Z ~ N(μ, s²) by quadrature.
 */
final class GaussianSamples {
    private GaussianSamples() {}

    static DataMatrix quantileGrid(int n, double mean, double std) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (mean + std * inverseNormal((i + 0.5) / n));
        }
        return new DataMatrix(n, 1, values);
    }

    /** E|Z|, Z ~ N(μ, s²), by Simpson's rule on [μ − 12s, μ + 12s] (error far below 1e-9). */
    static double expectedAbsolute(double mean, double variance) {
        double s = Math.sqrt(variance);
        int intervals = 20_000;
        double low = mean - 12 * s;
        double width = 24 * s / intervals;
        double sum = 0;
        for (int k = 0; k <= intervals; k++) {
            double z = low + k * width;
            double weight = k == 0 || k == intervals ? 1 : k % 2 == 1 ? 4 : 2;
            sum += weight * Math.abs(z) * Math.exp(-(z - mean) * (z - mean) / (2 * variance));
        }
        return sum * width / 3 / (s * Math.sqrt(2 * Math.PI));
    }

    /** Φ⁻¹(p) by Acklam's rational approximation (relative error below 1.2e-9). */
    static double inverseNormal(double p) {
        double[] a = {
            -3.969683028665376e+01,
            2.209460984245205e+02,
            -2.759285104469687e+02,
            1.383577518672690e+02,
            -3.066479806614716e+01,
            2.506628277459239e+00
        };
        double[] b = {
            -5.447609879822406e+01,
            1.615858368580409e+02,
            -1.556989798598866e+02,
            6.680131188771972e+01,
            -1.328068155288572e+01
        };
        double[] c = {
            -7.784894002430293e-03,
            -3.223964580411365e-01,
            -2.400758277161838e+00,
            -2.549732539343734e+00,
            4.374664141464968e+00,
            2.938163982698783e+00
        };
        double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
        if (p < 0.02425) {
            double q = Math.sqrt(-2 * Math.log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                    / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - 0.02425) {
            return -inverseNormal(1 - p);
        }
        double q = p - 0.5;
        double r = q * q;
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5])
                * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }
}
