package lfm.data.maf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import lfm.data.DataFormatException;
import lfm.data.DoubleMatrix;
import lfm.data.format.CsvReader;
import lfm.data.format.CsvTable;

/**
 * GAS (MAF's datasets/gas.py) from a CSV export of {@code ethylene_CO.pickle} (docs/data.md), with a
 * header naming the columns:
 * <ol>
 * <li>drop the columns named Meth, Eth and Time;</li>
 * <li>repeat: count, for each column i, the columns j (itself included) with Pearson correlation
 *     C_ij > 0.98; if some count exceeds 1, drop the first such column (every column of that name, as
 *     pandas' drop by name does) and recount;</li>
 * <li>standardise every column with its own mean and sample standard deviation (divisor N − 1, as
 *     pandas' {@code std}), over all rows, before splitting;</li>
 * <li>tail splits (10% test, then 10% of the rest validation), cast to float32.</li>
 * </ol>
 * A column with zero variance has an undefined correlation and counts 0, as in pandas.
 */
final class MafGas {
    static final double CORRELATION_LIMIT = 0.98;
    private static final List<String> DROPPED = List.of("Meth", "Eth", "Time");

    private MafGas() {}

    static MafDataset load(Path file) throws IOException {
        CsvTable table = CsvReader.read(file);
        if (!table.hasHeader()) {
            throw DataFormatException.in(
                    file,
                    "GAS needs the header line of the pandas export (columns Time, Meth, " + "Eth and the sensors)");
        }
        List<String> names = new ArrayList<>(table.header());
        List<Integer> kept = new ArrayList<>();
        for (int j = 0; j < names.size(); j++) {
            kept.add(j);
        }
        for (String dropped : DROPPED) {
            if (!names.contains(dropped)) {
                throw DataFormatException.in(
                        file, "GAS needs a column named '" + dropped + "'; the header has " + names);
            }
            kept.removeIf(j -> names.get(j).equals(dropped));
        }
        double[][] correlation = correlations(table.data());
        dropCorrelated(kept, names, correlation);
        DoubleMatrix data =
                table.data().columns(kept.stream().mapToInt(Integer::intValue).toArray());
        double[] mean = NumpyStatistics.mean(data, data.rows());
        double[] std = NumpyStatistics.std(data, data.rows(), mean, 1);
        NumpyStatistics.standardizeInPlace(data, mean, std);
        return MafBenchmarks.split("gas", data, MafBenchmarks.tailSplitSizes(file, data.rows()));
    }

    /** MAF's get_correlation_numbers loop, on the columns still kept (indices into the file). */
    static void dropCorrelated(List<Integer> kept, List<String> names, double[][] correlation) {
        while (true) {
            int first = -1;
            for (int a = 0; a < kept.size() && first < 0; a++) {
                int count = 0;
                for (int b = 0; b < kept.size(); b++) {
                    if (correlation[kept.get(a)][kept.get(b)] > CORRELATION_LIMIT) {
                        count++;
                    }
                }
                if (count > 1) {
                    first = kept.get(a);
                }
            }
            if (first < 0) {
                return;
            }
            String name = names.get(first);
            kept.removeIf(j -> names.get(j).equals(name));
        }
    }

    /**
     * Pearson correlations of all column pairs, two-pass in double: C_ij = Σ(x_i − μ_i)(x_j − μ_j) /
     * √(Σ(x_i − μ_i)² · Σ(x_j − μ_j)²); NaN where a column is constant. A pair's correlation does not
     * depend on the other columns, so one matrix serves every round of the dropping loop.
     */
    static double[][] correlations(DoubleMatrix data) {
        int cols = data.cols();
        double[] mean = NumpyStatistics.mean(data, data.rows());
        double[][] products = new double[cols][cols];
        double[] centred = new double[cols];
        double[] values = data.values();
        for (int i = 0; i < data.rows(); i++) {
            for (int j = 0; j < cols; j++) {
                centred[j] = values[i * cols + j] - mean[j];
            }
            for (int a = 0; a < cols; a++) {
                double[] row = products[a];
                double ca = centred[a];
                for (int b = a; b < cols; b++) {
                    row[b] += ca * centred[b];
                }
            }
        }
        double[][] correlation = new double[cols][cols];
        for (int a = 0; a < cols; a++) {
            for (int b = a; b < cols; b++) {
                double divisor = Math.sqrt(products[a][a] * products[b][b]);
                double value = divisor != 0 ? products[a][b] / divisor : Double.NaN;
                correlation[a][b] = value;
                correlation[b][a] = value;
            }
        }
        return correlation;
    }
}
