package lfm.data.image;

import lfm.nn.ImageShape;

/**
 * Images as stored: {@code count} images of {@code shape}, 8-bit values in [0, maxValue], NHWC order
 * (image i, pixel (y, x), channel c at byte i·H·W·C + (y·W + x)·C + c), with one class label each (or
 * none). Kept as bytes so that 60,000 Fashion-MNIST images take 47 MB until they are scaled.
 *
 * @param shape    H × W × C of every image
 * @param maxValue the largest value a pixel may take (255 for IDX and CIFAR, 16 for scikit-learn digits)
 * @param pixels   count·H·W·C values, unsigned bytes
 * @param labels   one class per image (0 ≤ label), or null when the data carry none
 */
public record ImageSet(ImageShape shape, int maxValue, byte[] pixels, int[] labels) {

    public ImageSet {
        if (maxValue < 1 || maxValue > 255) {
            throw new IllegalArgumentException("maxValue must lie in [1, 255], got " + maxValue);
        }
        if (pixels.length % shape.size() != 0) {
            throw new IllegalArgumentException(
                    pixels.length + " pixel values are not a whole number of " + shape + " images");
        }
        if (labels != null && labels.length != pixels.length / shape.size()) {
            throw new IllegalArgumentException(
                    labels.length + " labels for " + pixels.length / shape.size() + " images");
        }
    }

    /** Number of images. */
    public int count() {
        return pixels.length / shape.size();
    }

    public boolean labelled() {
        return labels != null;
    }

    /** Value v of image i, coordinate j (0 ≤ j &lt; H·W·C), as an int in [0, maxValue]. */
    public int value(int image, int coordinate) {
        return pixels[image * shape.size() + coordinate] & 0xFF;
    }

    /** The images at the given indices, in that order (labels with them). */
    public ImageSet select(int[] indices) {
        int size = shape.size();
        byte[] chosen = new byte[indices.length * size];
        int[] chosenLabels = labels == null ? null : new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            System.arraycopy(pixels, indices[k] * size, chosen, k * size, size);
            if (labels != null) {
                chosenLabels[k] = labels[indices[k]];
            }
        }
        return new ImageSet(shape, maxValue, chosen, chosenLabels);
    }

    /** The number of classes: 1 + the largest label (0 when unlabelled). */
    public int classCount() {
        int largest = -1;
        if (labels != null) {
            for (int label : labels) {
                largest = Math.max(largest, label);
            }
        }
        return largest + 1;
    }
}
