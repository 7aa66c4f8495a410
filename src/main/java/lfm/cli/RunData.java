package lfm.cli;

import lfm.data.DataMatrix;
import lfm.data.Dataset;
import lfm.data.Datasets;
import lfm.data.Standardization;
import lfm.run.TrainConfig;

/** The data of a run, rebuilt from its config: the same training pool, and held-out points. */
final class RunData {
    private RunData() {
    }

    /** The run's training pool in model coordinates (standardised as in training). */
    static DataMatrix trainingPool(TrainConfig config) throws java.io.IOException {
        return toModel(config, Datasets.open(config.data()).train(config.poolSize(), config.seed()));
    }

    /** Held-out points of a data spec in data coordinates. */
    static DataMatrix heldOut(String spec, int n, long seed) throws java.io.IOException {
        Dataset dataset = Datasets.open(spec);
        return dataset.test(n, seed);
    }

    static DataMatrix toModel(TrainConfig config, DataMatrix data) {
        return config.standardized() ? new Standardization(config.standardMean(), config.standardStd()).apply(data) : data;
    }
}
