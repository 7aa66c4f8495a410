package lfm.data;

/** The units in which a data set's densities (NLL) are reported. */
public enum Units {
    /**
     * The data's own units, as given by the sampler or file. Where the engine standardises
     * internally ({@link Dataset#standardize()}), it adds log|det| of the map back
     * ({@link Standardization#logAbsDet()}).
     */
    ORIGINAL("original data units"),
    /** MAF benchmark units: the loader already standardised exactly as MAF does, as in published tables. */
    MAF_STANDARDIZED("MAF-standardised units, comparable to published results"),
    /**
     * 8-bit images scaled to [−1, 1] ({@link lfm.data.image.ImageScaling}): NLL in nats per image of
     * dequantised pixels, reported also as bits per dimension.
     */
    IMAGE_PIXELS("pixels scaled to [−1, 1], dequantised; bits/dim of the 8-bit values");

    private final String description;

    Units(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
