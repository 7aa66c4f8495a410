package lfm.data.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import lfm.data.DataFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {
    @TempDir
    Path folder;

    private Path write(String name, String content) throws IOException {
        Path file = folder.resolve(name);
        Files.write(file, content.getBytes(StandardCharsets.UTF_8));
        return file;
    }

    @Test
    void readsAHeaderAndRows() throws IOException {
        CsvTable table = CsvReader.read(write("a.csv", "x, \"y\"\n1,2\n3.5,-4e-1\n"));
        assertEquals(List.of("x", "y"), table.header());
        assertArrayEquals(new double[] {1, 2, 3.5, -0.4}, table.data().values());
    }

    @Test
    void withoutHeaderTheFirstLineIsData() throws IOException {
        CsvTable table = CsvReader.read(write("b.csv", "1,2\r\n3,4\r\n"));
        assertTrue(table.header().isEmpty());
        assertEquals(2, table.data().rows());
    }

    @Test
    void pandasDefaultColumnNamesAreAHeader() throws IOException {
        CsvTable table = CsvReader.read(write("c.csv", "0,1,2\n5,6,7\n"));
        assertEquals(List.of("0", "1", "2"), table.header());
        assertArrayEquals(new double[] {5, 6, 7}, table.data().values());
    }

    @Test
    void acceptsSemicolonsTabsSingleColumnsBlankLinesAndAByteOrderMark() throws IOException {
        assertArrayEquals(
                new double[] {1, 2, 3, 4},
                CsvReader.read(write("d.csv", "1;2\n\n3;4")).data().values());
        assertArrayEquals(
                new double[] {1, 2, 3, 4},
                CsvReader.read(write("e.csv", "1\t2\n3\t4\n")).data().values());
        CsvTable single = CsvReader.read(write("f.csv", "value\n1\n  \n2\n"));
        assertEquals(1, single.data().cols());
        assertArrayEquals(new double[] {1, 2}, single.data().values());
        assertEquals(
                List.of("a"), CsvReader.read(write("g.csv", "\uFEFFa\n1\n")).header());
    }

    @Test
    void nonNumericCellNamesFileRowAndColumn() throws IOException {
        Path file = write("h.csv", "a,b,c\n1,2,3\n4,oops,6\n");
        DataFormatException error = assertThrows(DataFormatException.class, () -> CsvReader.read(file));
        assertEquals(file + ", row 3, column 2: 'oops' is not a number", error.getMessage());
    }

    @Test
    void raggedRowsAreReportedWhereTheyDiffer() throws IOException {
        Path shorter = write("i.csv", "1,2,3\n4,5\n");
        assertEquals(
                shorter + ", row 2, column 3: expected 3 cells as in the rows above, found 2",
                assertThrows(DataFormatException.class, () -> CsvReader.read(shorter))
                        .getMessage());
        Path longer = write("j.csv", "a,b\n1,2\n\n3,4,5\n");
        assertEquals(
                longer + ", row 4, column 3: expected 2 cells as in the rows above, found 3",
                assertThrows(DataFormatException.class, () -> CsvReader.read(longer))
                        .getMessage());
    }

    @Test
    void emptyCellsNanAndInfinityAreErrors() throws IOException {
        Path empty = write("k.csv", "1,,3\n");
        assertEquals(
                empty + ", row 1, column 2: empty cell",
                assertThrows(DataFormatException.class, () -> CsvReader.read(empty))
                        .getMessage());
        Path nan = write("l.csv", "x,y\n1,2\n3,NaN\n");
        assertEquals(
                nan + ", row 3, column 2: 'NaN' is NaN or infinite; remove or impute it",
                assertThrows(DataFormatException.class, () -> CsvReader.read(nan))
                        .getMessage());
        Path infinite = write("m.csv", "1,-inf\n");
        assertTrue(assertThrows(DataFormatException.class, () -> CsvReader.read(infinite))
                .getMessage()
                .contains("row 1, column 2: '-inf' is NaN or infinite"));
        Path overflow = write("n.csv", "1e400\n");
        assertTrue(assertThrows(DataFormatException.class, () -> CsvReader.read(overflow))
                .getMessage()
                .contains("row 1, column 1: '1e400' is NaN or infinite"));
    }

    @Test
    void aLineOverTheCapIsAnErrorNotAnEndlessBuffer() throws IOException {
        Path file = folder.resolve("long.csv");
        byte[] content = new byte[CsvReader.MAX_LINE_BYTES + 10];
        java.util.Arrays.fill(content, (byte) '7');
        content[0] = 'a';
        content[1] = '\n';
        Files.write(file, content);
        assertEquals(
                file + ", row 2: the line is longer than 16 MiB (no line break): not a CSV table?",
                assertThrows(DataFormatException.class, () -> CsvReader.read(file))
                        .getMessage());
    }

    @Test
    void emptyFilesAndHeaderOnlyFilesAreErrors() throws IOException {
        Path empty = write("o.csv", "");
        assertEquals(
                empty + ": the file is empty",
                assertThrows(DataFormatException.class, () -> CsvReader.read(empty))
                        .getMessage());
        Path blank = write("p.csv", "\n  \n");
        assertEquals(
                blank + ": the file is empty",
                assertThrows(DataFormatException.class, () -> CsvReader.read(blank))
                        .getMessage());
        Path headerOnly = write("q.csv", "a,b\n");
        assertEquals(
                headerOnly + ": no data rows after the header",
                assertThrows(DataFormatException.class, () -> CsvReader.read(headerOnly))
                        .getMessage());
    }

    @Test
    void valuesReadBackBitForBitAsJavaAndPythonWriteThem() throws IOException {
        Random random = new Random(11);
        double[] expected = new double[3000];
        StringBuilder csv = new StringBuilder();
        for (int k = 0; k < expected.length; k++) {
            double value = switch (k % 3) {
                case 0 -> random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20);
                case 1 -> (random.nextInt(2_000_001) - 1_000_000) / 1000.0;
                default ->
                    Double.longBitsToDouble(random.nextLong() & 0x7FEFFFFFFFFFFFFFL) * (random.nextBoolean() ? 1 : -1);
            };
            expected[k] = value;
            csv.append(value).append(k % 3 == 2 ? "\n" : ","); // Java's shortest repr, e.g. 1.0E-5
        }
        assertArrayEquals(
                expected, CsvReader.read(write("r.csv", csv.toString())).data().values());
        String python = "1e-05,0.30000000000000004,-2.5e+300,123456789012345678901234567890\n";
        assertArrayEquals(
                new double[] {1e-05, 0.30000000000000004, -2.5e+300, 1.2345678901234568e29},
                CsvReader.read(write("s.csv", python)).data().values());
    }

    @Test
    void streamsAMillionValuesQuickly() throws IOException {
        StringBuilder csv = new StringBuilder("a,b,c,d\n");
        for (int i = 0; i < 250_000; i++) {
            csv.append(i * 0.001)
                    .append(',')
                    .append(-i)
                    .append(",0.123456789012345,")
                    .append(i % 97)
                    .append('\n');
        }
        Path file = write("t.csv", csv.toString());
        long start = System.nanoTime();
        CsvTable table = CsvReader.read(file);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(250_000, table.data().rows());
        assertEquals(-249_999, table.data().get(249_999, 1));
        assertTrue(seconds < 5, "took " + seconds + " s");
    }
}
