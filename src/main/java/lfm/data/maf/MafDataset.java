package lfm.data.maf;

import java.util.Optional;
import lfm.data.DataFormatException;
import lfm.data.DataMatrix;
import lfm.data.Dataset;
import lfm.data.RowSampling;
import lfm.data.Units;

/**
 * A MAF tabular benchmark after its loader's preprocessing: fixed train, validation and test splits
 * in MAF-standardised float32 units, exactly the arrays the MAF code hands to its models (so NLL is
 * comparable to published tables). Built by {@link MafBenchmarks}.
 */
public final class MafDataset implements Dataset {
    private final String name;
    private final DataMatrix train;
    private final DataMatrix validation;
    private final DataMatrix test;

    MafDataset(String name, DataMatrix train, DataMatrix validation, DataMatrix test) {
        if (train.cols() != validation.cols() || train.cols() != test.cols()) {
            throw new DataFormatException(name + ": the splits have " + train.cols() + ", " + validation.cols()
                    + " and " + test.cols() + " columns");
        }
        this.name = name;
        this.train = train;
        this.validation = validation;
        this.test = test;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int dimension() {
        return train.cols();
    }

    @Override
    public DataMatrix train(int n, long seed) {
        return RowSampling.subsample(train, n, seed);
    }

    @Override
    public DataMatrix test(int n, long seed) {
        return RowSampling.subsample(test, n, seed);
    }

    @Override
    public Optional<DataMatrix> validation() {
        return Optional.of(validation);
    }

    @Override
    public boolean standardize() {
        return false;
    }

    @Override
    public Units units() {
        return Units.MAF_STANDARDIZED;
    }

    @Override
    public int trainSize() {
        return train.rows();
    }

    @Override
    public String toString() {
        return "MafDataset[" + name + ": " + train.rows() + " train, " + validation.rows() + " validation, "
                + test.rows() + " test, D = " + train.cols() + "]";
    }
}
