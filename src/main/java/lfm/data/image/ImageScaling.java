package lfm.data.image;

import lfm.data.DataMatrix;
import lfm.random.Distributions;
import lfm.random.RandomKey;

/**
 * Pixels to model coordinates and back. Training data: x = 2v/M − 1 ∈ [−1, 1] for a value v ∈ [0, M]
 * (M = {@link ImageSet#maxValue()}). For likelihoods the values are dequantised, x = 2(v + u)/K − 1 with
 * u ~ U(0, 1) and K = M + 1 levels, so the data have a density on [−1, 1)^D and bits/dim are
 * (NLL/D + ln(K/2)) / ln 2 (the Jacobian of v ↦ x is (2/K)^D).
 */
public final class ImageScaling {
    private ImageScaling() {}

    /** The images as an (N, D) matrix in [−1, 1]. */
    public static DataMatrix toUnitRange(ImageSet images) {
        float[] values = new float[images.pixels().length];
        float scale = 2f / images.maxValue();
        for (int k = 0; k < values.length; k++) {
            values[k] = (images.pixels()[k] & 0xFF) * scale - 1f;
        }
        return new DataMatrix(images.count(), images.shape().size(), values);
    }

    /** The images dequantised with uniform noise drawn from {@code key}: (N, D) in [−1, 1). */
    public static DataMatrix dequantized(ImageSet images, RandomKey key) {
        float[] values = new float[images.pixels().length];
        double scale = 2.0 / (images.maxValue() + 1);
        int[] words = new int[4];
        float[] noise = new float[4];
        for (int k = 0; k < values.length; k++) {
            if ((k & 3) == 0) {
                Distributions.uniformBlock(key, k >>> 2, words, noise);
            }
            values[k] = (float) (((images.pixels()[k] & 0xFF) + noise[k & 3]) * scale - 1);
        }
        return new DataMatrix(images.count(), images.shape().size(), values);
    }

    /** Bits per dimension of a mean NLL (nats per image in [−1, 1] coordinates) for K = maxValue + 1 levels. */
    public static double bitsPerDimension(double meanNll, int dimension, int maxValue) {
        return (meanNll / dimension + Math.log((maxValue + 1) / 2.0)) / Math.log(2);
    }

    /** Model coordinates back to bytes: v = round((x + 1)·M/2) clamped to [0, M]. */
    public static int toValue(float x, int maxValue) {
        long value = Math.round((x + 1) * maxValue / 2.0);
        return (int) Math.max(0, Math.min(maxValue, value));
    }
}
