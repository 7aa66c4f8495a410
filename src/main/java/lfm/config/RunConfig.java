package lfm.config;

import java.util.function.UnaryOperator;
import lfm.data.Standardization;
import lfm.nn.ConditionInput;
import lfm.nn.VelocityField;
import lfm.random.RandomStream;
import lfm.tensor.TensorArena;

/**
 * A run as written in its config.json: the spec it was trained with (the pool size and run folder
 * resolved) and what was fitted from the data before training. With it and the block weights the model
 * is rebuilt and a stopped run resumed. The file also carries a format version ({@link RunConfigFile}).
 *
 * @param dimension       D, the data's number of coordinates
 * @param standardization the per-column map z = (x − μ)/σ the model was trained in, or null (data used as is)
 * @param spec            the training spec
 * @param condition       C and the condition's standardisation of a conditional run, or null
 */
public record RunConfig(
        int dimension,
        Standardization standardization,
        TrainSpec spec,
        @Since(5) FittedCondition condition) {

    public RunConfig {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be ≥ 1, got " + dimension);
        }
        if (spec == null) {
            throw new IllegalArgumentException("a run configuration needs its training spec");
        }
        if (standardization != null && standardization.dimension() != dimension) {
            throw new IllegalArgumentException(
                    "the standardisation has " + standardization.dimension() + " columns, the data " + dimension);
        }
        if (condition != null && !spec.condition().given()) {
            throw new IllegalArgumentException("a fitted condition in a run whose spec has no condition");
        }
    }

    /** An unconditional run (the fields from before conditions). */
    public RunConfig(int dimension, Standardization standardization, TrainSpec spec) {
        this(dimension, standardization, spec, null);
    }

    /** A run of {@code spec} on D-dimensional data, before any standardisation is fitted. */
    public static RunConfig of(TrainSpec spec, int dimension) {
        return new RunConfig(dimension, null, spec);
    }

    /**
     * The values fields added after format 2 take in an older config.json ({@link Since}): an
     * unconditional run.
     */
    public static RunConfig defaults() {
        return of(TrainSpec.defaults(), 2);
    }

    public RunConfig withStandardization(Standardization standardization) {
        return new RunConfig(dimension, standardization, spec, condition);
    }

    /** The same run with its condition fitted (C and the condition's standardisation). */
    public RunConfig withCondition(FittedCondition condition) {
        return new RunConfig(dimension, standardization, spec, condition);
    }

    /** Whether the model reads a condition c. */
    public boolean conditional() {
        return condition != null;
    }

    /** How the condition enters every block's network (none for an unconditional run). */
    public ConditionInput conditionInput() {
        return condition == null
                ? ConditionInput.NONE
                : new ConditionInput(
                        condition.dimension(),
                        spec.condition().embedding(),
                        spec.condition().learnedNull());
    }

    /** The same run with its spec changed (e.g. a resume at a lower learning rate). */
    public RunConfig withSpec(UnaryOperator<TrainSpec> change) {
        return new RunConfig(dimension, standardization, change.apply(spec));
    }

    public boolean standardized() {
        return standardization != null;
    }

    /** A freshly initialised velocity field of this run's architecture. */
    public VelocityField newField(TensorArena arena, RandomStream random) {
        return spec.model().newField(dimension, conditionInput(), arena, random);
    }
}
