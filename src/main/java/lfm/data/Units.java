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
    MAF_STANDARDIZED("MAF-standardised units, comparable to published results");

    private final String description;

    Units(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
