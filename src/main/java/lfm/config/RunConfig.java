package lfm.config;

import lfm.data.Standardization;
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
 */
public record RunConfig(int dimension, Standardization standardization, TrainSpec spec) {

    public RunConfig {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be ≥ 1, got " + dimension);
        }
        if (spec == null) {
            throw new IllegalArgumentException("a run configuration needs its training spec");
        }
        if (standardization != null && standardization.dimension() != dimension) {
            throw new IllegalArgumentException("the standardisation has " + standardization.dimension()
                    + " columns, the data " + dimension);
        }
    }

    /** A run of {@code spec} on D-dimensional data, before any standardisation is fitted. */
    public static RunConfig of(TrainSpec spec, int dimension) {
        return new RunConfig(dimension, null, spec);
    }

    public RunConfig withStandardization(Standardization standardization) {
        return new RunConfig(dimension, standardization, spec);
    }

    public boolean standardized() {
        return standardization != null;
    }

    /** A freshly initialised velocity field of this run's architecture. */
    public VelocityField newField(TensorArena arena, RandomStream random) {
        return spec.model().newField(dimension, arena, random);
    }
}
