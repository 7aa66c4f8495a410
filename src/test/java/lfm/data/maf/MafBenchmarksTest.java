package lfm.data.maf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import lfm.data.DataFormatException;
import lfm.data.DataMatrix;
import lfm.data.Datasets;
import lfm.data.DoubleMatrix;
import lfm.data.Units;
import lfm.data.format.NpyWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each MAF loader on a small synthetic file in the archive's format, against the arrays MAF's own
 * Python code produces from the same input (numbers from src/test/resources/lfm/data/maf/maf_reference.py:
 * split shapes, a hash of every float32 bit pattern, and the first row of each split).
 */
class MafBenchmarksTest {
    @TempDir
    Path folder;

    @Test
    void powerMatchesMafPreprocessingBitForBit() throws IOException {
        Path file = folder.resolve("power").resolve("data.npy");
        NpyWriter.write(file, powerInput(1000));
        MafDataset power = MafBenchmarks.load("power", folder); // the MAF data root is accepted
        assertEquals(6, power.dimension(), "columns 3 and 1 dropped");
        check(power.train(0, 0), 810, -3704662482946996387L, 1.2493683099746704f, -1.4279407262802124f);
        check(power.validation().orElseThrow(), 90, -5182778003041801055L, 0.978277325630188f, -1.7025291919708252f);
        check(power.test(0, 0), 100, 1303356153512722915L, 0.2320520132780075f, 0.9840438961982727f);
        assertFalse(power.standardize());
        assertEquals(Units.MAF_STANDARDIZED, power.units());
    }

    @Test
    void minibooneMatchesMafPreprocessingBitForBit() throws IOException {
        Path file = folder.resolve("data.npy");
        NpyWriter.write(file, minibooneInput(500, 5));
        MafDataset miniboone = MafBenchmarks.load("miniboone", file);
        check(miniboone.train(0, 0), 405, 6469959474597457133L, -1.7223241329193115f, -0.3946733772754669f);
        check(
                miniboone.validation().orElseThrow(),
                45,
                1457846852958790187L,
                -1.5960713624954224f,
                -0.26802921295166016f);
        check(miniboone.test(0, 0), 50, 5274068315674437292L, 1.1064225435256958f, -1.0244712829589844f);
    }

    @Test
    void gasDropsNamedAndCorrelatedColumnsLikePandas() throws IOException {
        Path file = folder.resolve("gas").resolve("ethylene_CO.csv");
        Files.createDirectories(file.getParent());
        Files.writeString(file, gasCsv(400));
        MafDataset gas = MafBenchmarks.load("gas", folder.resolve("gas"));
        // MAF keeps B, C, D: Time, Meth, Eth by name; A (correlated with B), then both columns named E.
        assertEquals(3, gas.dimension());
        check(gas.train(0, 0), 324, -9115399876070281718L, -1.7291866540908813f, -1.6953036785125732f);
        check(gas.validation().orElseThrow(), 36, -5621531833340865059L, 0.8844195008277893f, -1.663421869277954f);
        check(gas.test(0, 0), 40, 4913877711594938383L, 1.1671578884124756f, -1.6598795652389526f);
    }

    @Test
    void bsds300ReadsTheThreeExportedSplitsAsTheyAre() throws IOException {
        DataMatrix train = DataMatrix.of(new float[] {1, 2, 3}, new float[] {4, 5, 6});
        DataMatrix validation = DataMatrix.of(new float[] {7, 8, 9});
        DataMatrix test = DataMatrix.of(new float[] {-1, -2, -3}, new float[] {0.5f, 0.25f, 0.125f});
        Path bsds = folder.resolve("BSDS300");
        NpyWriter.write(bsds.resolve("train.npy"), train);
        NpyWriter.write(bsds.resolve("validation.npy"), validation);
        NpyWriter.write(bsds.resolve("test.npy"), test);
        MafDataset loaded = (MafDataset) Datasets.open("bsds300:" + folder);
        assertEquals(train, loaded.train(0, 0));
        assertEquals(validation, loaded.validation().orElseThrow());
        assertEquals(test, loaded.test(0, 0));
    }

    @Test
    void tailSplitSizesFollowMafIntegerTruncation() {
        assertArrayEquals(new int[] {810, 90, 100}, MafBenchmarks.tailSplitSizes(Path.of("x"), 1000));
        // POWER's real size: 2,049,280 rows → 1,659,917 / 184,435 / 204,928 as published.
        assertArrayEquals(new int[] {1659917, 184435, 204928}, MafBenchmarks.tailSplitSizes(Path.of("x"), 2049280));
        DataFormatException tooFew =
                assertThrows(DataFormatException.class, () -> MafBenchmarks.tailSplitSizes(Path.of("tiny.npy"), 10));
        assertArrayEquals(new int[] {9, 1, 1}, MafBenchmarks.tailSplitSizes(Path.of("x"), 11));
        assertTrue(tooFew.getMessage().contains("tiny.npy"), tooFew.getMessage());
    }

    @Test
    void powerWithTheWrongColumnCountSaysSo() throws IOException {
        Path file = folder.resolve("data.npy");
        NpyWriter.write(file, minibooneInput(100, 5));
        DataFormatException error = assertThrows(DataFormatException.class, () -> MafBenchmarks.power(file));
        assertEquals(file + ": POWER's data.npy has 8 columns, this file 5", error.getMessage());
    }

    @Test
    void gasWithoutHeaderOrColumnsSaysWhatIsMissing() throws IOException {
        Path noHeader = folder.resolve("a.csv");
        Files.writeString(noHeader, "1,2,3\n4,5,6\n");
        assertTrue(assertThrows(DataFormatException.class, () -> MafGas.load(noHeader))
                .getMessage()
                .contains("header"));
        Path noMeth = folder.resolve("b.csv");
        Files.writeString(noMeth, "Time,Eth,S1\n1,2,3\n4,5,6\n");
        assertTrue(assertThrows(DataFormatException.class, () -> MafGas.load(noMeth))
                .getMessage()
                .contains("'Meth'"));
    }

    @Test
    void missingFilesNameWhereTheLoaderLooked() {
        NoSuchFileException missing =
                assertThrows(NoSuchFileException.class, () -> MafBenchmarks.load("miniboone", folder));
        assertTrue(missing.getMessage().contains("miniboone"), missing.getMessage());
    }

    // ---- synthetic inputs: the same integer formulas as maf_reference.py ----

    static DoubleMatrix powerInput(int rows) {
        double[] values = new double[rows * 8];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < 8; j++) {
                values[i * 8 + j] = ((i * 37 + j * 11) % 101) / 8.0 + j * 10 + (i % 7) * 0.25;
            }
        }
        return new DoubleMatrix(rows, 8, values);
    }

    static DoubleMatrix minibooneInput(int rows, int cols) {
        double[] values = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                values[i * cols + j] = ((i * 7919L + j * 104729L) % 1013) / 16.0 - j * 3;
            }
        }
        return new DoubleMatrix(rows, cols, values);
    }

    static String gasCsv(int rows) {
        StringBuilder csv = new StringBuilder("Time,Meth,Eth,A,B,C,D,E,E\n");
        for (long k = 0; k < rows; k++) {
            double a = ((k * 7919) % 1000) / 64.0;
            double c = ((k * 104729) % 977) / 64.0;
            double e = ((k * 3571) % 911) / 32.0;
            double[] row = {
                k / 4.0,
                ((k * 13) % 50) / 2.0,
                ((k * 17) % 40) / 2.0,
                a,
                2 * a + ((k * 31) % 5) / 64.0,
                c,
                c + ((k * 13) % 400) / 64.0,
                e,
                e + ((k * 7) % 3) / 128.0
            };
            for (int j = 0; j < row.length; j++) {
                csv.append(j == 0 ? "" : ",").append(row[j]);
            }
            csv.append('\n');
        }
        return csv.toString();
    }

    /** Same hash as maf_reference.py: h = h·1000003 + bits, over float32 bit patterns, wrapping. */
    static long bitsHash(DataMatrix data) {
        long hash = 0;
        for (float value : data.values()) {
            hash = hash * 1000003 + (Float.floatToRawIntBits(value) & 0xFFFFFFFFL);
        }
        return hash;
    }

    private static void check(DataMatrix split, int rows, long hash, float first, float second) {
        assertEquals(rows, split.rows(), "rows");
        assertEquals(first, split.get(0, 0), "element (0, 0)");
        assertEquals(second, split.get(0, 1), "element (0, 1)");
        assertEquals(hash, bitsHash(split), "hash of every float32 bit pattern");
    }
}
