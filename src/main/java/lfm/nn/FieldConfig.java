package lfm.nn;

import lfm.backend.Activation;

/**
 * Architecture of a velocity field v(x, t) or v(x, t, c): x has {@code dimension} coordinates; the MLP
 * has {@code depth} hidden layers of {@code width} units with {@code activation}; t enters as one raw
 * input column ({@code timeFrequencies} = 0, the authors' setting) or as a sinusoidal embedding with
 * that many frequencies (2·K columns). The network's input is [time | x | condition columns]: the time
 * input before x, as in the authors' code, and the condition (see {@link ConditionInput}) after it.
 */
public record FieldConfig(
        int dimension, int width, int depth, Activation activation, int timeFrequencies, ConditionInput condition) {

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
        if (condition == null) {
            throw new IllegalArgumentException("condition input must be given (ConditionInput.NONE for none)");
        }
    }

    /** An unconditional field v(x, t). */
    public FieldConfig(int dimension, int width, int depth, Activation activation, int timeFrequencies) {
        this(dimension, width, depth, activation, timeFrequencies, ConditionInput.NONE);
    }

    /** The same network with a condition input. */
    public FieldConfig withCondition(ConditionInput condition) {
        return new FieldConfig(dimension, width, depth, activation, timeFrequencies, condition);
    }

    /** Columns taken by the time input. */
    public int timeColumns() {
        return timeFrequencies == 0 ? 1 : 2 * timeFrequencies;
    }

    /** Width of the first layer's input: time columns + dimension + condition columns. */
    public int inputWidth() {
        return timeColumns() + dimension + condition.inputColumns();
    }
}
