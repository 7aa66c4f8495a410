package lfm.nn;

import lfm.backend.Activation;

/**
 * Architecture of a velocity field v(x, t): x has {@code dimension} coordinates; the MLP has
 * {@code depth} hidden layers of {@code width} units with {@code activation}; t enters as one raw input
 * column ({@code timeFrequencies} = 0, the authors' setting) or as a sinusoidal embedding with that many
 * frequencies (2·K columns). The time input is placed before x, as in the authors' code.
 */
public record FieldConfig(int dimension, int width, int depth, Activation activation, int timeFrequencies) {

    public FieldConfig {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be ≥ 1, got " + dimension);
        }
        if (width < 1 || depth < 1) {
            throw new IllegalArgumentException("width and depth must be ≥ 1, got " + width + " and " + depth);
        }
        if (timeFrequencies < 0) {
            throw new IllegalArgumentException("time frequencies must be ≥ 0, got " + timeFrequencies);
        }
    }

    /** Columns taken by the time input. */
    public int timeColumns() {
        return timeFrequencies == 0 ? 1 : 2 * timeFrequencies;
    }

    /** Width of the first layer's input: time columns + dimension. */
    public int inputWidth() {
        return timeColumns() + dimension;
    }
}
