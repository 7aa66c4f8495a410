package lfm.config;

import lfm.data.Standardization;

/**
 * What a conditional run fitted about its condition before training: C, the number of condition values
 * the network reads (K for class labels fed one-hot), and the standardisation of c, if any.
 *
 * @param dimension       C ≥ 1
 * @param standardization per-column map c ↦ (c − μ)/σ applied before the network, or null
 */
public record FittedCondition(int dimension, Standardization standardization) {

    public FittedCondition {
        if (dimension < 1) {
            throw new IllegalArgumentException("a condition has at least one value, got " + dimension);
        }
        if (standardization != null && standardization.dimension() != dimension) {
            throw new IllegalArgumentException("the condition's standardisation has " + standardization.dimension()
                    + " columns, the condition " + dimension);
        }
    }
}
