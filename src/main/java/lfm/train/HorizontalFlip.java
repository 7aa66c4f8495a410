package lfm.train;

import lfm.nn.ImageShape;
import lfm.random.Distributions;
import lfm.random.RandomKey;

/** Random left–right mirroring of images stored as rows in NHWC order (data augmentation). */
public final class HorizontalFlip {
    private HorizontalFlip() {}

    /**
     * Mirrors, in place, row i of {@code rows} (N images of {@code image}, each H·W·C values) when element
     * i of the uniform draw {@code key} is below 1/2: pixel (y, x) ↔ (y, W − 1 − x), channels kept together.
     *
     * @return {@code rows}
     */
    public static float[] apply(float[] rows, ImageShape image, RandomKey key) {
        int size = image.size();
        int width = image.width();
        int channels = image.channels();
        for (int i = 0; i < rows.length / size; i++) {
            if (Distributions.uniform(key, i) >= 0.5f) {
                continue;
            }
            for (int y = 0; y < image.height(); y++) {
                int line = i * size + y * width * channels;
                for (int x = 0; x < width / 2; x++) {
                    int left = line + x * channels;
                    int right = line + (width - 1 - x) * channels;
                    for (int c = 0; c < channels; c++) {
                        float swap = rows[left + c];
                        rows[left + c] = rows[right + c];
                        rows[right + c] = swap;
                    }
                }
            }
        }
        return rows;
    }
}
