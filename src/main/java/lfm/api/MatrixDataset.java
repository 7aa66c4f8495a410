package lfm.api;

import lfm.config.DataSpec;
import lfm.data.DataMatrix;
import lfm.data.Dataset;
import lfm.data.RowSampling;
import lfm.data.Units;

/**
 * Training data handed over in memory ({@code float[][]} or a {@link DataMatrix}): all of it is
 * training data (a pool smaller than it is a seeded subsample), standardised by default like a CSV
 * table, with no test split.
 */
final class MatrixDataset implements Dataset {
    private final DataMatrix data;

    MatrixDataset(DataMatrix data) {
        if (data.rows() < 1) {
            throw new IllegalArgumentException("in-memory training data: no rows");
        }
        float[] values = data.values();
        for (int k = 0; k < values.length; k++) {
            if (!Float.isFinite(values[k])) {
                throw new IllegalArgumentException("in-memory training data, row " + (k / data.cols() + 1) + ", column "
                        + (k % data.cols() + 1) + ": " + values[k] + " is not a finite number");
            }
        }
        this.data = data;
    }

    @Override
    public String name() {
        return DataSpec.IN_MEMORY;
    }

    @Override
    public int dimension() {
        return data.cols();
    }

    @Override
    public DataMatrix train(int n, long seed) {
        return RowSampling.subsample(data, n, seed);
    }

    @Override
    public DataMatrix test(int n, long seed) {
        throw new IllegalArgumentException(
                "in-memory training data have no test split; evaluate on your own " + "held-out points");
    }

    @Override
    public boolean standardize() {
        return true;
    }

    @Override
    public Units units() {
        return Units.ORIGINAL;
    }

    @Override
    public int trainSize() {
        return data.rows();
    }
}
