package lfm.data.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import lfm.data.DataFormatException;
import lfm.data.DataMatrix;
import lfm.data.DoubleMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyReaderTest {
    @TempDir
    Path folder;

    /** A .npy file of the given format version, dtype and shape text, with the values in that byte order. */
    private Path npy(String name, int version, String descr, String shape, boolean fortran, double... values)
            throws IOException {
        String dictionary = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False")
                + ", 'shape': " + shape + ", }";
        int lengthBytes = version == 1 ? 2 : 4;
        int unpadded = 8 + lengthBytes + dictionary.length() + 1;
        String text = dictionary + " ".repeat((unpadded + 63) / 64 * 64 - unpadded) + "\n";
        int itemBytes = descr.endsWith("4") ? 4 : 8;
        ByteBuffer out = ByteBuffer.allocate(8 + lengthBytes + text.length() + values.length * itemBytes)
                .order(ByteOrder.LITTLE_ENDIAN);
        out.put((byte) 0x93)
                .put("NUMPY".getBytes(StandardCharsets.US_ASCII))
                .put((byte) version)
                .put((byte) 0);
        if (version == 1) {
            out.putShort((short) text.length());
        } else {
            out.putInt(text.length());
        }
        out.put(text.getBytes(StandardCharsets.US_ASCII));
        out.order(descr.startsWith(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        boolean integer = descr.length() > 1 && descr.charAt(1) == 'i';
        for (double value : values) {
            if (integer && itemBytes == 4) {
                out.putInt((int) value);
            } else if (integer) {
                out.putLong((long) value);
            } else if (itemBytes == 4) {
                out.putFloat((float) value);
            } else {
                out.putDouble(value);
            }
        }
        Path file = folder.resolve(name);
        Files.write(file, out.array());
        return file;
    }

    @Test
    void readsEveryVersionByteOrderAndWidth() throws IOException {
        double[] values = {1.5, -2, 3.25, 4, 1e-3, 6};
        for (int version = 1; version <= 3; version++) {
            for (String descr : new String[] {"<f4", "<f8", ">f4", ">f8"}) {
                Path file = npy(
                        "v" + version + descr.charAt(0) + descr.charAt(2) + ".npy",
                        version,
                        descr,
                        "(3, 2)",
                        false,
                        values);
                DoubleMatrix read = NpyReader.readDoubles(file);
                assertEquals(3, read.rows());
                assertEquals(2, read.cols());
                assertEquals((float) 1e-3, (float) read.get(2, 0), "v" + version + " " + descr);
                assertEquals(-2, NpyReader.readFloats(file).get(0, 1));
            }
        }
        assertEquals(
                1e-3,
                NpyReader.readDoubles(npy("exact.npy", 1, "<f8", "(6,)", false, values))
                        .get(4, 0));
    }

    @Test
    void oneDimensionalArraysAreOneColumn() throws IOException {
        DataMatrix read = NpyReader.readFloats(npy("one.npy", 1, "<f4", "(3,)", false, 1, 2, 3));
        assertEquals(3, read.rows());
        assertEquals(1, read.cols());
    }

    @Test
    void roundTripsThroughNpyWriter() throws IOException {
        DataMatrix data = DataMatrix.of(new float[] {1, 2}, new float[] {3, Float.MIN_VALUE});
        Path file = folder.resolve("round.npy");
        NpyWriter.write(file, data);
        assertEquals(data, NpyReader.readFloats(file));
        assertArrayEquals(
                new double[] {1, 2, 3, Float.MIN_VALUE},
                NpyReader.readDoubles(file).values());
    }

    @Test
    void integersReadAsNumbers() throws IOException {
        Path long64 = npy("i8.npy", 1, "<i8", "(3,)", false, 40, 95, 1L << 40);
        assertArrayEquals(
                new double[] {40, 95, 1L << 40}, NpyReader.readDoubles(long64).values());
        Path int32 = npy("i4.npy", 1, ">i4", "(1, 2)", false, -7, 12);
        assertEquals(DataMatrix.of(new float[] {-7, 12}), NpyReader.readFloats(int32));
    }

    @Test
    void unsupportedLayoutsSayHowToFixThem() throws IOException {
        Path fortran = npy("f.npy", 1, "<f8", "(2, 2)", true, 1, 2, 3, 4);
        assertTrue(message(fortran).contains("fortran_order True is not supported"), message(fortran));
        Path complex = npy("z.npy", 1, "<c8", "(2,)", false, 1, 2);
        assertTrue(message(complex).contains("dtype '<c8' is not supported"), message(complex));
        Path cube = npy("c.npy", 1, "<f4", "(1, 1, 2)", false, 1, 2);
        assertTrue(message(cube).contains("3 dimensions"), message(cube));
        Path notNpy = folder.resolve("x.npy");
        Files.writeString(notNpy, "hello, this is text and not an array");
        assertEquals(notNpy + ": not a .npy file (no \\x93NUMPY magic)", message(notNpy));
    }

    @Test
    void truncatedFilesAndNonFiniteValuesAreErrors() throws IOException {
        Path truncated = npy("t.npy", 1, "<f4", "(3, 2)", false, 1, 2, 3);
        assertTrue(message(truncated).contains("truncated"), message(truncated));
        Path nan = npy("n.npy", 1, "<f8", "(2, 3)", false, 1, 2, 3, 4, Double.NaN, 6);
        assertEquals(nan + ", row 2, column 2: NaN in the data; remove or impute it", message(nan));
        Path infinite = npy("inf.npy", 1, "<f4", "(2,)", false, 1, Double.POSITIVE_INFINITY);
        assertEquals(
                infinite + ", row 2, column 1: an infinite value in the data; remove or impute it", message(infinite));
        Path empty = npy("e.npy", 1, "<f4", "(0, 3)", false);
        assertEquals(empty + ": the array has no rows", message(empty));
    }

    @Test
    void hostileHeadersAreOneLine() throws IOException {
        Path emptyDescr = npy("d.npy", 1, "", "(2,)", false);
        assertEquals(
                emptyDescr + ": dtype '' is not supported: expected float32 or float64 ('<f4', '<f8') "
                        + "or int32 or int64 ('<i4', '<i8'); convert with a.astype(np.float32)",
                message(emptyDescr));
        Path overflow = npy("o.npy", 1, "<f4", "(4611686018427387904, 4)", false);
        assertEquals(
                overflow + ": shape (4611686018427387904, 4) is not supported (need 1 ≤ columns and under 2³¹ "
                        + "values)",
                message(overflow));
        Path negative = npy("m.npy", 1, "<f4", "(-2, 3)", false);
        assertEquals(negative + ": the shape (-2, 3) has a negative dimension", message(negative));
        Path longer = npy("l.npy", 1, "<f4", "(2,)", false, 1, 2, 3);
        assertEquals(
                longer + ": the shape (2, 1) needs " + (Files.size(longer) - 4) + " bytes but the file has "
                        + Files.size(longer),
                message(longer));
    }

    private static String message(Path file) {
        return assertThrows(DataFormatException.class, () -> NpyReader.readFloats(file))
                .getMessage();
    }
}
