package lfm.data.image;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import lfm.data.DataMatrix;
import lfm.data.Dataset;
import lfm.data.RowSampling;
import lfm.data.Units;
import lfm.nn.ImageShape;
import lfm.random.RandomKey;

/**
 * An image data set with fixed training and test splits (IDX, CIFAR-10, digits, NPY). Points are the
 * images flattened in NHWC order and scaled to [−1, 1] ({@link ImageScaling}); labels, where the data
 * have them, come with {@link #trainImages} and {@link #testImages}. Never standardised.
 *
 * <p>For a class-conditional run the labels become a column: {@link #withLabelColumn} is the same data
 * with rows [pixels | label] (D + 1 values, the last named "label"), so {@code --condition-columns label}
 * selects it like a column of a table.
 */
public final class ImageDataset implements Dataset {
    /** Fraction of a single file held out for testing (digits, NPY). */
    public static final double TEST_FRACTION = 0.1;

    private static final RandomKey SPLIT_KEY = new RandomKey(0, 0x5B17);

    private final String name;
    private final ImageSet train;
    private final ImageSet test;
    private final boolean labelColumn;

    public ImageDataset(String name, ImageSet train, ImageSet test) {
        this(name, train, test, false);
    }

    private ImageDataset(String name, ImageSet train, ImageSet test, boolean labelColumn) {
        if (!train.shape().equals(test.shape()) || train.maxValue() != test.maxValue()) {
            throw new IllegalArgumentException(name + ": the training images are " + train.shape() + " (max "
                    + train.maxValue() + "), the test images " + test.shape() + " (max " + test.maxValue() + ")");
        }
        this.name = name;
        this.train = train;
        this.test = test;
        this.labelColumn = labelColumn;
    }

    /** The same images with each row followed by its label: rows [pixels | label], D + 1 columns. */
    public ImageDataset withLabelColumn() {
        if (!train.labelled() || !test.labelled()) {
            throw new IllegalArgumentException(name + " has no labels: a class-conditional run needs labelled images");
        }
        return new ImageDataset(name, train, test, true);
    }

    /** Whether rows end with the label column ({@link #withLabelColumn}). */
    public boolean hasLabelColumn() {
        return labelColumn;
    }

    /** One file's images split by a fixed seeded permutation: the last ⌊N/10⌋ (at least 1) are the test split. */
    public static ImageDataset split(String name, ImageSet all) {
        if (all.count() < 2) {
            throw new IllegalArgumentException(name + ": needs at least 2 images to split into training and test data");
        }
        int testCount = Math.max(1, (int) (all.count() * TEST_FRACTION));
        int[] order = RowSampling.permutation(all.count(), SPLIT_KEY);
        return new ImageDataset(
                name,
                all.select(Arrays.copyOfRange(order, 0, all.count() - testCount)),
                all.select(Arrays.copyOfRange(order, all.count() - testCount, all.count())));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int dimension() {
        return train.shape().size() + (labelColumn ? 1 : 0);
    }

    @Override
    public DataMatrix train(int n, long seed) {
        return rows(trainImages(n, seed));
    }

    @Override
    public DataMatrix test(int n, long seed) {
        return rows(testImages(n, seed));
    }

    /** Pixels in [−1, 1], (N, D), or [pixels | label], (N, D + 1), with the label column. */
    private DataMatrix rows(ImageSet images) {
        DataMatrix pixels = ImageScaling.toUnitRange(images);
        if (!labelColumn) {
            return pixels;
        }
        float[] labels = new float[images.count()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = images.labels()[i];
        }
        return DataMatrix.joinColumns(pixels, new DataMatrix(labels.length, 1, labels));
    }

    /** With the label column: "pixel0" … "pixel{D−1}", then "label"; else none. */
    @Override
    public List<String> columnNames() {
        if (!labelColumn) {
            return List.of();
        }
        int pixels = train.shape().size();
        return new AbstractList<>() {
            @Override
            public String get(int index) {
                Objects.checkIndex(index, pixels + 1);
                return index == pixels ? "label" : "pixel" + index;
            }

            @Override
            public int size() {
                return pixels + 1;
            }
        };
    }

    /** The training images {@link #train} scales (the whole split for n ≤ 0 or n ≥ size), labels with them. */
    public ImageSet trainImages(int n, long seed) {
        return subsample(train, n, seed);
    }

    /** The test images {@link #test} scales, labels with them. */
    public ImageSet testImages(int n, long seed) {
        return subsample(test, n, seed);
    }

    private static ImageSet subsample(ImageSet images, int n, long seed) {
        int[] chosen = RowSampling.subsampleIndices(images.count(), n, seed);
        return chosen == null ? images : images.select(chosen);
    }

    @Override
    public boolean standardize() {
        return false;
    }

    @Override
    public Units units() {
        return Units.IMAGE_PIXELS;
    }

    @Override
    public int trainSize() {
        return train.count();
    }

    @Override
    public Optional<ImageShape> imageShape() {
        return Optional.of(train.shape());
    }

    /** The largest pixel value (255, or 16 for digits). */
    public int maxValue() {
        return train.maxValue();
    }

    /** Classes in the labels (0 when unlabelled). */
    public int classCount() {
        return Math.max(train.classCount(), test.classCount());
    }

    @Override
    public String toString() {
        return "ImageDataset[" + name + ": " + train.count() + " train, " + test.count() + " test, " + train.shape()
                + "]";
    }
}
