package lfm.nn;

/**
 * The shape of one image: height × width pixels of {@code channels} values. A batch of images is a
 * (N, H·W·C) matrix whose rows are the images flattened in NHWC order (pixel (y, x), channel c at
 * column (y·W + x)·C + c), which the convolutional layers see as an (N·H·W, C) matrix.
 */
public record ImageShape(int height, int width, int channels) {

    public ImageShape {
        if (height < 1 || width < 1 || channels < 1) {
            throw new IllegalArgumentException(
                    "an image needs positive height, width and channels, got " + height + "×" + width + "×" + channels);
        }
    }

    /** Pixels per image, H·W. */
    public int pixels() {
        return height * width;
    }

    /** Values per image, H·W·C (the dimension D of a flattened image). */
    public int size() {
        return height * width * channels;
    }

    @Override
    public String toString() {
        return height + "×" + width + "×" + channels;
    }
}
