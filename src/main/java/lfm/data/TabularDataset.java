package lfm.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import lfm.data.format.TableFormat;
import lfm.random.RandomKey;

/**
 * Generic tabular data from a CSV or .npy file (see {@link TableFormat}), in
 * original units; the trainer standardises with statistics of the training split
 * ({@link #standardize()} is true).
 *
 * <p>Splits: with an explicit test file, the main file is all training data and the test file all
 * test data (they must have the same number of columns). Otherwise the rows are split once by a fixed
 * seeded permutation (Philox key (0, 0x5B17)): the last ⌊N/10⌋ rows of the permutation (at least 1)
 * are the test split, the rest training; the split is the same for every run.
 */
public final class TabularDataset implements Dataset {
    /** Fraction of rows held out for testing when no test file is given. */
    public static final double TEST_FRACTION = 0.1;

    private static final RandomKey SPLIT_KEY = new RandomKey(0, 0x5B17);

    private final String name;
    private final DataMatrix train;
    private final DataMatrix test;
    private final List<String> header;
    private int pairedConditionStart = -1;

    TabularDataset(String name, DataMatrix train, DataMatrix test) {
        this(name, train, test, List.of());
    }

    TabularDataset(String name, DataMatrix train, DataMatrix test, List<String> header) {
        if (train.cols() != test.cols()) {
            throw new DataFormatException(
                    name + ": the test data have " + test.cols() + " columns, the training data " + train.cols());
        }
        this.name = name;
        this.train = train;
        this.test = test;
        this.header = List.copyOf(header);
    }

    /** Opens a CSV or .npy file and splits it 90/10 as described above. */
    public static TabularDataset open(Path file) throws IOException {
        TableFormat.Named table = TableFormat.readNamed(file);
        return split(file, file.getFileName().toString(), table.data(), table.header());
    }

    /**
     * Generated columns from one file and conditions from another, row i of each belonging together
     * (--data x.npy --condition c.npy): joined as [x | c] and split 90/10 as one table.
     */
    public static TabularDataset openPaired(Path generated, Path conditions) throws IOException {
        DataMatrix x = TableFormat.read(generated);
        DataMatrix c = TableFormat.read(conditions);
        if (x.rows() != c.rows()) {
            throw DataFormatException.in(
                    conditions,
                    "has " + c.rows() + " rows but " + generated + " has " + x.rows()
                            + "; row i of each must belong together");
        }
        TabularDataset paired = split(
                generated,
                generated.getFileName() + "+" + conditions.getFileName(),
                DataMatrix.joinColumns(x, c),
                List.of());
        paired.pairedConditionStart = x.cols();
        return paired;
    }

    /** For a table opened by {@link #openPaired}: the first column that came from the condition file; else −1. */
    public int pairedConditionStart() {
        return pairedConditionStart;
    }

    private static TabularDataset split(Path file, String name, DataMatrix all, List<String> header) {
        if (all.rows() < 2) {
            throw DataFormatException.in(file, "needs at least 2 rows to split into training and test data");
        }
        int testRows = Math.max(1, (int) (all.rows() * TEST_FRACTION));
        int[] order = RowSampling.permutation(all.rows(), SPLIT_KEY);
        int[] trainRows = java.util.Arrays.copyOfRange(order, 0, all.rows() - testRows);
        int[] testRowsIndex = java.util.Arrays.copyOfRange(order, all.rows() - testRows, all.rows());
        return new TabularDataset(name, all.select(trainRows), all.select(testRowsIndex), header);
    }

    /** Opens a training file and a separate test file. */
    public static TabularDataset open(Path trainFile, Path testFile) throws IOException {
        TableFormat.Named train = TableFormat.readNamed(trainFile);
        return new TabularDataset(
                trainFile.getFileName().toString(), train.data(), TableFormat.read(testFile), train.header());
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
    public List<String> columnNames() {
        return header;
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
        return train.rows();
    }

    @Override
    public String toString() {
        return "TabularDataset[" + name + ": " + train.rows() + " train, " + test.rows() + " test, D = " + train.cols()
                + "]";
    }
}
