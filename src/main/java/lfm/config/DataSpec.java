package lfm.config;

/**
 * What a run trains on.
 *
 * @param source      a --data value: a built-in 2D set, a .png/.csv/.npy file, or a MAF benchmark such as
 *                    power:DIR ({@link lfm.data.Datasets}); {@value #IN_MEMORY} for arrays given in Java
 * @param poolSize    training points: built-in sets draw this many, files use at most this many, 0 = every
 *                    training row of a file (a run folder stores the resolved count)
 * @param standardize whether to train on per-column standardised data (auto: the data set decides)
 * @param horizontalFlip for image data: mirror each image of the first block's batches left–right with
 *                    probability 1/2 (--hflip, as the authors do on CIFAR-10)
 */
public record DataSpec(
        String source,
        int poolSize,
        Standardize standardize,
        @Since(5) boolean horizontalFlip) {
    /** The source recorded for data handed over as a {@code DataMatrix} or {@code float[][]}. */
    public static final String IN_MEMORY = "memory";

    public DataSpec {
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("--data must name a data set");
        }
        if (poolSize < 0) {
            throw new IllegalArgumentException("--pool must be ≥ 0 (0 = every row of a file), got " + poolSize);
        }
        if (standardize == null) {
            throw new IllegalArgumentException("standardize must be auto, on or off");
        }
    }

    /** 50,000 points of the built-in 8gaussians set, standardised if the data set asks for it. */
    public static DataSpec defaults() {
        return new DataSpec("8gaussians", 50_000, Standardize.AUTO, false);
    }

    public DataSpec withSource(String source) {
        return new DataSpec(source, poolSize, standardize, horizontalFlip);
    }

    public DataSpec withPoolSize(int poolSize) {
        return new DataSpec(source, poolSize, standardize, horizontalFlip);
    }

    public DataSpec withStandardize(Standardize standardize) {
        return new DataSpec(source, poolSize, standardize, horizontalFlip);
    }

    public DataSpec withHorizontalFlip(boolean horizontalFlip) {
        return new DataSpec(source, poolSize, standardize, horizontalFlip);
    }
}
