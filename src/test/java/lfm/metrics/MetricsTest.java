package lfm.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import lfm.data.DataMatrix;
import lfm.random.Distributions;
import lfm.random.RandomKey;
import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void energyDistanceOfTwoGaussiansMatchesTheClosedForm() {
        // X ~ N(0, 1), Y ~ N(Δ, s²): E = 2E|N(Δ, 1 + s²)| − E|N(0, 2)| − E|N(0, 2s²)|.
        double shift = 1;
        double s = 1.5;
        double expected = 2 * GaussianSamples.expectedAbsolute(shift, 1 + s * s)
                - GaussianSamples.expectedAbsolute(0, 2)
                - GaussianSamples.expectedAbsolute(0, 2 * s * s);
        double estimate = EnergyDistance.of(
                GaussianSamples.quantileGrid(3000, 0, 1), GaussianSamples.quantileGrid(3000, shift, s));
        assertEquals(expected, estimate, 2e-3, "closed form " + expected);
    }

    @Test
    void mmdOfTwoGaussiansMatchesTheClosedForm() {
        // For k = exp(−d²/(2h²)) and X − Y ~ N(m, v): E k = h/√(h² + v) · exp(−m²/(2(h² + v))).
        double h = 0.8;
        double shift = 0.7;
        double s = 1.3;
        double expected = kernelMean(h, 0, 2) + kernelMean(h, 0, 2 * s * s) - 2 * kernelMean(h, shift, 1 + s * s);
        double estimate =
                Mmd.squared(GaussianSamples.quantileGrid(3000, 0, 1), GaussianSamples.quantileGrid(3000, shift, s), h);
        assertEquals(expected, estimate, 1e-3, "closed form " + expected);
    }

    private static double kernelMean(double h, double mean, double variance) {
        return h / Math.sqrt(h * h + variance) * Math.exp(-mean * mean / (2 * (h * h + variance)));
    }

    @Test
    void uStatisticsAreCentredOnZeroForEqualDistributions() {
        int repeats = 40;
        double[] energies = new double[repeats];
        double[] mmds = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            DataMatrix x = gaussian(300, 2, 2L * r, 0);
            DataMatrix y = gaussian(300, 2, 2L * r + 1, 0);
            energies[r] = EnergyDistance.of(x, y);
            mmds[r] = Mmd.squared(x, y, 1);
        }
        assertCentredOnZero("energy distance", energies);
        assertCentredOnZero("MMD²", mmds);
    }

    private static void assertCentredOnZero(String what, double[] estimates) {
        double mean = 0;
        for (double value : estimates) {
            mean += value / estimates.length;
        }
        double variance = 0;
        int negative = 0;
        for (double value : estimates) {
            variance += (value - mean) * (value - mean) / (estimates.length - 1);
            negative += value < 0 ? 1 : 0;
        }
        double standardError = Math.sqrt(variance / estimates.length);
        assertTrue(Math.abs(mean) < 3.5 * standardError, what + ": mean " + mean + " ± " + standardError);
        assertTrue(negative > 0, what + ": an unbiased estimator of 0 must sometimes be negative");
    }

    @Test
    void allMetricsGrowAsOneSampleShiftsAway() {
        DataMatrix reference = gaussian(800, 3, 1, 0);
        double[] previous = {-1, -1, -1};
        for (double shift : new double[] {0, 0.25, 0.5, 1, 2}) {
            DataMatrix shifted = gaussian(800, 3, 2, shift);
            double[] now = {
                EnergyDistance.of(shifted, reference),
                Mmd.squared(shifted, reference, 1.5),
                SlicedWasserstein.of(shifted, reference, 64, 9)
            };
            for (int m = 0; m < 3; m++) {
                assertTrue(
                        now[m] > previous[m],
                        "metric " + m + " at shift " + shift + ": " + now[m] + " ≤ " + previous[m]);
            }
            previous = now;
        }
    }

    @Test
    void slicedWassersteinOfAShiftIsTheMeanProjectedShift() {
        // Shifting a sample by v moves every projection by θ·v, so W₁ = |θ·v| exactly and
        // SW₁ → |v|·E|θ₁| = |v|·2/π in 2-D.
        DataMatrix x = gaussian(500, 2, 4, 0);
        DataMatrix shifted = new DataMatrix(500, 2, x.values().clone());
        for (int i = 0; i < 500; i++) {
            shifted.values()[2 * i] += 3;
            shifted.values()[2 * i + 1] += 4;
        }
        assertEquals(5 * 2 / Math.PI, SlicedWasserstein.of(x, shifted, 4096, 1), 0.05);
    }

    @Test
    void oneDimensionalWassersteinHandlesUnequalSizes() {
        // F = ½ on [0, 1); G = ⅓ on [0, ½), ⅔ on [½, 1): W₁ = ½·⅙ + ½·⅙.
        assertEquals(1.0 / 6, SlicedWasserstein.wasserstein1(new double[] {1, 0}, new double[] {0.5, 0, 1}), 1e-15);
        assertEquals(2.5, SlicedWasserstein.wasserstein1(new double[] {0, 1}, new double[] {2.5, 3.5}), 1e-15);
    }

    @Test
    void blockedPairSumsEqualTheNaiveDoubleLoop() {
        DataMatrix a = gaussian(1100, 3, 7, 0); // crosses row blocks and a column tile
        DataMatrix b = gaussian(1300, 3, 8, 0.5);
        double bandwidth = 0.9;
        double distance = 0;
        double kernel = 0;
        for (int i = 0; i < a.rows(); i++) {
            for (int j = i + 1; j < a.rows(); j++) {
                double squared = squaredDistance(a, i, a, j);
                distance += Math.sqrt(squared);
                kernel += Math.exp(-squared / (2 * bandwidth * bandwidth));
            }
        }
        PairSums.Sums within = PairSums.within(new PointColumns(a), bandwidth);
        assertEquals(distance, within.distance(), 1e-9 * distance);
        assertEquals(kernel, within.kernel(), 1e-9 * kernel);
        assertEquals(1100L * 1099 / 2, within.pairs());
        double cross = 0;
        for (int i = 0; i < a.rows(); i++) {
            for (int j = 0; j < b.rows(); j++) {
                cross += Math.sqrt(squaredDistance(a, i, b, j));
            }
        }
        assertEquals(
                cross,
                PairSums.between(new PointColumns(a), new PointColumns(b), 0).distance(),
                1e-9 * cross);
    }

    private static double squaredDistance(DataMatrix a, int i, DataMatrix b, int j) {
        double sum = 0;
        for (int k = 0; k < a.cols(); k++) {
            double difference = a.get(i, k) - b.get(j, k);
            sum += difference * difference;
        }
        return sum;
    }

    static DataMatrix gaussian(int n, int dimension, long seed, double shift) {
        RandomKey key = new RandomKey(seed, 77);
        float[] values = new float[n * dimension];
        for (int k = 0; k < values.length; k++) {
            values[k] = (float) (Distributions.normal(key, k) + shift);
        }
        return new DataMatrix(n, dimension, values);
    }
}
