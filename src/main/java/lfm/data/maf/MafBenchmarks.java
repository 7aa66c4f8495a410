package lfm.data.maf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import lfm.data.DataFormatException;
import lfm.data.DoubleMatrix;
import lfm.data.format.NpyReader;

/**
 * Loaders for the MAF tabular benchmarks (Papamakarios et al. 2017, github.com/gpapamak/maf,
 * datasets/*.py), reproducing that preprocessing exactly so NLL is comparable to published numbers.
 * Each takes the file as distributed in the MAF archive (zenodo.org/record/1161203), except GAS and
 * BSDS300, which need a one-line export (docs/data.md):
 * <ul>
 * <li>POWER, {@code power/data.npy} (N × 8 float64): shuffle rows with RandomState(42); delete column
 *     3 (global intensity), then column 1 (global reactive power); add uniform noise drawn from the
 *     same RandomState in this order: voltage 0.01·U (N), active power 0.001·U (N), sub-meterings U
 *     (N × 3), time none; tail splits; standardise with train+validation mean and std (divisor N).
 *     D = 6.</li>
 * <li>GAS, {@code gas/ethylene_CO.csv} (see {@link MafGas}). D = 8 on the real file.</li>
 * <li>MINIBOONE, {@code miniboone/data.npy}: the archive's file is already cleaned (outliers and
 *     features with repeated values were removed when it was made; MAF's loader only keeps that code as
 *     a comment), so: tail splits, standardise with train+validation statistics. D = 43.</li>
 * <li>BSDS300, {@code BSDS300/{train,validation,test}.npy} exported from BSDS300.hdf5: used as they
 *     are. D = 63.</li>
 * </ul>
 * Tail splits: N_test = int(0.1·N) last rows are the test split; of the remaining rows,
 * N_validation = int(0.1·rest) last rows are validation, the others training. All arithmetic is in
 * double, then cast to float32 as MAF's {@code astype(np.float32)}.
 */
public final class MafBenchmarks {
    /** Benchmark names accepted by {@link #load}. */
    public static final List<String> NAMES = List.of("power", "gas", "miniboone", "bsds300");

    private static final int POWER_COLUMNS = 8;

    private MafBenchmarks() {}

    /** Loads benchmark {@code name} (case-insensitive) from a file or a folder holding it (see {@link #locate}). */
    public static MafDataset load(String name, Path path) throws IOException {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "power" -> power(locate(path, "power", "data.npy"));
            case "gas" -> MafGas.load(locate(path, "gas", "ethylene_CO.csv"));
            case "miniboone" -> miniboone(locate(path, "miniboone", "data.npy"));
            case "bsds300" -> bsds300(locate(path, "BSDS300", "train.npy").getParent());
            default ->
                throw new IllegalArgumentException(
                        "unknown MAF benchmark '" + name + "': expected one of " + String.join(", ", NAMES));
        };
    }

    /** POWER from {@code power/data.npy}. */
    public static MafDataset power(Path file) throws IOException {
        DoubleMatrix raw = NpyReader.readDoubles(file);
        if (raw.cols() != POWER_COLUMNS) {
            throw DataFormatException.in(
                    file, "POWER's data.npy has " + POWER_COLUMNS + " columns, this file " + raw.cols());
        }
        NumpyRandomState random = new NumpyRandomState(42);
        random.shuffleRows(raw);
        int n = raw.rows();
        DoubleMatrix data = raw.columns(new int[] {0, 2, 4, 5, 6, 7}); // np.delete 3, then 1
        double[] voltageNoise = random.rand(n);
        double[] gapNoise = random.rand(n);
        double[] subMeteringNoise = random.rand(3 * n);
        double[] values = data.values();
        for (int i = 0; i < n; i++) {
            int row = i * 6;
            values[row] += 0.001 * gapNoise[i];
            values[row + 1] += 0.01 * voltageNoise[i];
            for (int k = 0; k < 3; k++) {
                values[row + 2 + k] += subMeteringNoise[3 * i + k];
            }
            values[row + 5] += 0.0; // time: MAF adds a zero column (this also turns −0.0 into 0.0)
        }
        return standardizedTailSplits("power", file, data);
    }

    /** MINIBOONE from {@code miniboone/data.npy}. */
    public static MafDataset miniboone(Path file) throws IOException {
        return standardizedTailSplits("miniboone", file, NpyReader.readDoubles(file));
    }

    /** BSDS300 from a folder holding {@code train.npy}, {@code validation.npy} and {@code test.npy}. */
    public static MafDataset bsds300(Path folder) throws IOException {
        return new MafDataset(
                "bsds300",
                NpyReader.readFloats(existing(folder.resolve("train.npy"))),
                NpyReader.readFloats(existing(folder.resolve("validation.npy"))),
                NpyReader.readFloats(existing(folder.resolve("test.npy"))));
    }

    /** Tail splits, then standardisation with the train+validation statistics (numpy, divisor N). */
    private static MafDataset standardizedTailSplits(String name, Path file, DoubleMatrix data) {
        int[] sizes = tailSplitSizes(file, data.rows());
        int trainAndValidation = sizes[0] + sizes[1];
        double[] mean = NumpyStatistics.mean(data, trainAndValidation);
        double[] std = NumpyStatistics.std(data, trainAndValidation, mean, 0);
        NumpyStatistics.standardizeInPlace(data, mean, std);
        return split(name, data, sizes);
    }

    /** {train, validation, test} row counts of MAF's tail splits. */
    static int[] tailSplitSizes(Path file, int rows) {
        int test = (int) (0.1 * rows);
        int rest = rows - test;
        int validation = (int) (0.1 * rest);
        if (test < 1 || validation < 1) {
            throw DataFormatException.in(
                    file,
                    rows + " rows are too few for MAF's 10% test / 10% validation " + "tail splits (need at least 11)");
        }
        return new int[] {rest - validation, validation, test};
    }

    /** Cuts float64 rows into the three float32 splits, in order. */
    static MafDataset split(String name, DoubleMatrix data, int[] sizes) {
        int trainEnd = sizes[0];
        int validationEnd = trainEnd + sizes[1];
        return new MafDataset(
                name,
                data.toFloat(0, trainEnd),
                data.toFloat(trainEnd, validationEnd),
                data.toFloat(validationEnd, data.rows()));
    }

    /**
     * Finds {@code fileName} from what the user gave: the file itself, a folder holding it, or the MAF
     * data root holding {@code folderName/fileName}.
     */
    static Path locate(Path path, String folderName, String fileName) throws IOException {
        List<Path> tried = new ArrayList<>();
        if (Files.isRegularFile(path)) {
            return path;
        }
        for (Path candidate :
                List.of(path.resolve(fileName), path.resolve(folderName).resolve(fileName))) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
            tried.add(candidate);
        }
        throw new NoSuchFileException(path + " (looked for " + tried.get(0) + " and " + tried.get(1) + ")");
    }

    private static Path existing(Path file) throws NoSuchFileException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString());
        }
        return file;
    }
}
