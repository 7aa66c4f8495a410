package lfm.data.format;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lfm.data.DataFormatException;

/**
 * The header of a .npy file (format versions 1, 2 and 3): magic "\x93NUMPY", major and minor version,
 * the header length (2 bytes little-endian in v1, 4 bytes in v2 and v3), then a Python dict literal such
 * as {@code {'descr': '<f8', 'fortran_order': False, 'shape': (2049280, 8), }}. Only float32, float64,
 * int32 and int64 in C order with 1-D or 2-D shapes are accepted; a 1-D array of n values reads as n
 * rows of 1. Integers are read as numbers (episode boundaries of demonstration files are int64).
 *
 * @param order      byte order of the values
 * @param integer    the values are two's-complement integers (int32, int64), not IEEE floats
 * @param itemBytes  4 (float32, int32) or 8 (float64, int64)
 * @param rows       first shape entry
 * @param cols       second shape entry, or 1 for 1-D arrays
 * @param dataOffset byte offset of the first value
 */
record NpyHeader(ByteOrder order, boolean integer, int itemBytes, int rows, int cols, long dataOffset) {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /**
     * What any .npy header says, before the dtype and shape are checked against what a reader accepts.
     *
     * @param descr      the dtype, e.g. "<f4" or "|u1"
     * @param fortran    whether the values are in Fortran order
     * @param shape      the sizes, 0 to 4 of them
     * @param dataOffset byte offset of the first value
     */
    record Raw(String descr, boolean fortran, long[] shape, long dataOffset) {}

    /** Reads and validates the header, leaving the channel's position unspecified. */
    static NpyHeader read(Path file, FileChannel channel) throws IOException {
        return parse(file, readRaw(file, channel, 2));
    }

    /** Reads magic, version and dictionary; the shape may have 1 to {@code maxDimensions} sizes. */
    static Raw readRaw(Path file, FileChannel channel, int maxDimensions) throws IOException {
        ByteBuffer prefix = readFully(file, channel, 0, 12);
        for (int k = 0; k < MAGIC.length; k++) {
            if (prefix.get(k) != MAGIC[k]) {
                throw DataFormatException.in(file, "not a .npy file (no \\x93NUMPY magic)");
            }
        }
        int major = prefix.get(6);
        prefix.order(ByteOrder.LITTLE_ENDIAN);
        long headerLength;
        int lengthBytes;
        if (major == 1) {
            headerLength = prefix.getShort(8) & 0xFFFF;
            lengthBytes = 2;
        } else if (major == 2 || major == 3) {
            headerLength = prefix.getInt(8) & 0xFFFFFFFFL;
            lengthBytes = 4;
        } else {
            throw DataFormatException.in(file, ".npy format version " + major + " is not supported (1, 2 or 3)");
        }
        long start = 8L + lengthBytes;
        if (headerLength > 1 << 20) {
            throw DataFormatException.in(file, ".npy header of " + headerLength + " bytes is implausible");
        }
        ByteBuffer text = readFully(file, channel, start, (int) headerLength);
        String dictionary = StandardCharsets.UTF_8.decode(text).toString();
        String descr = find(file, DESCR, dictionary, "descr");
        boolean fortran = find(file, FORTRAN, dictionary, "fortran_order").equals("True");
        long[] shape = parseShape(file, find(file, SHAPE, dictionary, "shape"), maxDimensions);
        return new Raw(descr, fortran, shape, start + headerLength);
    }

    private static NpyHeader parse(Path file, Raw raw) {
        String descr = raw.descr();
        long dataOffset = raw.dataOffset();
        if (raw.fortran()) {
            throw DataFormatException.in(
                    file,
                    "fortran_order True is not supported: save it with " + "np.save(path, np.ascontiguousarray(a))");
        }
        ByteOrder order = descr.isEmpty()
                ? null
                : switch (descr.charAt(0)) {
                    case '<' -> ByteOrder.LITTLE_ENDIAN;
                    case '>' -> ByteOrder.BIG_ENDIAN;
                    case '=' -> ByteOrder.nativeOrder();
                    default -> null;
                };
        String kind = descr.isEmpty() ? "" : descr.substring(1);
        if (order == null || !(kind.equals("f4") || kind.equals("f8") || kind.equals("i4") || kind.equals("i8"))) {
            throw DataFormatException.in(
                    file,
                    "dtype '" + descr + "' is not supported: expected float32 or "
                            + "float64 ('<f4', '<f8') or int32 or int64 ('<i4', '<i8'); convert with a.astype(np.float32)");
        }
        long[] shape = raw.shape();
        long cols = shape.length == 2 ? shape[1] : 1;
        long values;
        try {
            values = Math.multiplyExact(shape[0], cols);
        } catch (ArithmeticException overflow) {
            values = Long.MAX_VALUE;
        }
        if (values > Integer.MAX_VALUE - 8 || cols < 1) {
            throw DataFormatException.in(
                    file,
                    "shape " + shapeText(shape) + " is not supported (need 1 ≤ columns " + "and under 2³¹ values)");
        }
        return new NpyHeader(
                order, kind.charAt(0) == 'i', kind.endsWith("4") ? 4 : 8, (int) shape[0], (int) cols, dataOffset);
    }

    private static long[] parseShape(Path file, String inside, int maxDimensions) {
        String[] parts = inside.split(",", -1);
        int count = 0;
        long[] shape = new long[parts.length];
        for (String part : parts) {
            if (!part.isBlank()) {
                try {
                    shape[count] = Long.parseLong(part.strip().replace("L", ""));
                } catch (NumberFormatException notANumber) {
                    throw DataFormatException.in(file, "cannot read the shape (" + inside.strip() + ")");
                }
                if (shape[count++] < 0) {
                    throw DataFormatException.in(file, "the shape (" + inside.strip() + ") has a negative dimension");
                }
            }
        }
        if (count < 1 || count > maxDimensions) {
            throw DataFormatException.in(
                    file,
                    "the array has " + count + " dimensions (shape (" + inside.strip() + ")); expected "
                            + (maxDimensions == 2 ? "1 or 2" : "1 to " + maxDimensions));
        }
        return java.util.Arrays.copyOf(shape, count);
    }

    private static String shapeText(long[] shape) {
        return shape.length == 1 ? "(" + shape[0] + ",)" : "(" + shape[0] + ", " + shape[1] + ")";
    }

    private static String find(Path file, Pattern pattern, String dictionary, String key) {
        Matcher matcher = pattern.matcher(dictionary);
        if (!matcher.find()) {
            throw DataFormatException.in(file, ".npy header has no readable '" + key + "' entry");
        }
        return matcher.group(1);
    }

    static ByteBuffer readFully(Path file, FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw DataFormatException.in(file, "truncated .npy file (ends inside the header)");
            }
        }
        return buffer.flip();
    }
}
