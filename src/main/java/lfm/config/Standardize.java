package lfm.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Whether training standardises the data per column, z = (x − μ) / σ with μ, σ fitted on the training
 * pool ({@link lfm.data.Standardization}); samples are mapped back and densities corrected by
 * log|det|. {@code auto} leaves it to the data set: on for generic CSV/NPY tables and in-memory
 * arrays, off for the built-in 2D sets, images and the MAF benchmarks (already standardised by their
 * loader). JSON: "auto", "on", "off".
 */
public enum Standardize {
    AUTO,
    ON,
    OFF;

    /** The decision for a data set whose own preference is {@code datasetDefault}. */
    public boolean applies(boolean datasetDefault) {
        return switch (this) {
            case AUTO -> datasetDefault;
            case ON -> true;
            case OFF -> false;
        };
    }

    @JsonValue
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses "auto", "on" or "off" (any case). */
    @JsonCreator
    public static Standardize parse(String text) {
        for (Standardize value : values()) {
            if (value.text().equalsIgnoreCase(text.strip())) {
                return value;
            }
        }
        throw new IllegalArgumentException("standardisation must be auto, on or off, got " + text);
    }
}
