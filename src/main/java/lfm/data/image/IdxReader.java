package lfm.data.image;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import lfm.data.DataFormatException;
import lfm.nn.ImageShape;

/**
 * The IDX files of MNIST and Fashion-MNIST, raw or gzip-compressed (told apart by the gzip magic 1f 8b,
 * not by the name). Layout: two zero bytes, a type byte (0x08 = unsigned byte, the only type these data
 * sets use), the number of dimensions d, d big-endian 32-bit sizes, then the values. Labels are
 * 0x0801 (d = 1), images 0x0803 (d = 3: N, H, W). The header is checked against the length of the
 * (decompressed) file; anything wrong is a {@link DataFormatException} naming the file.
 */
public final class IdxReader {
    /** Files above this size (decompressed) are refused: 2³¹ − 1 is the limit of one Java array. */
    private static final long MAX_BYTES = Integer.MAX_VALUE - 8;

    private IdxReader() {}

    /** An image file (magic 0x0803): N images of H × W × 1, values 0–255, no labels. */
    public static ImageSet readImages(Path file) throws IOException {
        byte[] bytes = readAll(file);
        int[] dims = header(file, bytes, 3, "images");
        int offset = 4 + 4 * 3;
        byte[] pixels = java.util.Arrays.copyOfRange(bytes, offset, bytes.length);
        return new ImageSet(new ImageShape(dims[1], dims[2], 1), 255, pixels, null);
    }

    /** A label file (magic 0x0801): N labels 0–255. */
    public static int[] readLabels(Path file) throws IOException {
        byte[] bytes = readAll(file);
        int[] dims = header(file, bytes, 1, "labels");
        int[] labels = new int[dims[0]];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = bytes[4 + 4 + i] & 0xFF;
        }
        return labels;
    }

    /** Images with their labels; the two files must hold the same number of items. */
    public static ImageSet read(Path images, Path labels) throws IOException {
        ImageSet set = readImages(images);
        int[] classes = readLabels(labels);
        if (classes.length != set.count()) {
            throw DataFormatException.in(
                    labels,
                    "holds " + classes.length + " labels but " + images.getFileName() + " holds " + set.count()
                            + " images");
        }
        return new ImageSet(set.shape(), set.maxValue(), set.pixels(), classes);
    }

    /** Checks magic, type, dimension count and length; returns the sizes. */
    private static int[] header(Path file, byte[] bytes, int dimensions, String what) {
        if (bytes.length < 4) {
            throw DataFormatException.in(
                    file, "not an IDX file: " + bytes.length + " bytes, shorter than the 4-byte magic");
        }
        if (bytes[0] != 0 || bytes[1] != 0) {
            throw DataFormatException.in(
                    file,
                    String.format(
                            "not an IDX file: the magic starts %02x %02x, expected 00 00",
                            bytes[0] & 0xFF, bytes[1] & 0xFF));
        }
        if (bytes[2] != 0x08) {
            throw DataFormatException.in(
                    file,
                    String.format(
                            "IDX value type 0x%02x is not supported (0x08, unsigned " + "bytes)", bytes[2] & 0xFF));
        }
        if (bytes[3] != dimensions) {
            throw DataFormatException.in(
                    file,
                    "IDX file of " + (bytes[3] & 0xFF) + " dimensions where " + what + " need " + dimensions
                            + String.format(" (magic 0x08%02x expected)", dimensions));
        }
        if (bytes.length < 4 + 4 * dimensions) {
            throw DataFormatException.in(file, "truncated IDX header: " + bytes.length + " bytes");
        }
        int[] dims = new int[dimensions];
        long expected = 4 + 4L * dimensions;
        long values = 1;
        for (int k = 0; k < dimensions; k++) {
            long size = readInt(bytes, 4 + 4 * k) & 0xFFFFFFFFL;
            if (size == 0 || size > MAX_BYTES) {
                throw DataFormatException.in(file, "IDX dimension " + (k + 1) + " is " + size + ", not a usable size");
            }
            dims[k] = (int) size;
            values = Math.min(values * size, MAX_BYTES + 1);
        }
        expected += values;
        if (expected != bytes.length) {
            throw DataFormatException.in(
                    file,
                    "the header says " + sizes(dims) + " = " + values + " values, "
                            + expected + " bytes in all, but the file has " + bytes.length
                            + (bytes.length < expected ? " (truncated?)" : " (trailing bytes)"));
        }
        return dims;
    }

    private static String sizes(int[] dims) {
        StringBuilder text = new StringBuilder();
        for (int dim : dims) {
            text.append(text.isEmpty() ? "" : "×").append(dim);
        }
        return text.toString();
    }

    private static int readInt(byte[] bytes, int at) {
        return ((bytes[at] & 0xFF) << 24)
                | ((bytes[at + 1] & 0xFF) << 16)
                | ((bytes[at + 2] & 0xFF) << 8)
                | (bytes[at + 3] & 0xFF);
    }

    /** The whole file, gunzipped when it starts with the gzip magic; a broken stream is one line. */
    static byte[] readAll(Path file) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            raw.mark(2);
            int first = raw.read();
            int second = raw.read();
            raw.reset();
            boolean gzip = first == 0x1f && second == 0x8b;
            try (InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw) {
                byte[] bytes = in.readNBytes((int) MAX_BYTES + 1);
                if (bytes.length > MAX_BYTES) {
                    throw DataFormatException.in(file, "larger than " + MAX_BYTES + " bytes: not supported");
                }
                return bytes;
            } catch (EOFException | ZipException broken) {
                throw DataFormatException.in(
                        file, "broken gzip stream (" + broken.getMessage() + "): truncated or " + "corrupt download?");
            }
        }
    }
}
