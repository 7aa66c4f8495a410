package lfm.cli;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

/**
 * A corpus of damaged and hostile input files, built byte by byte: block files (safetensors) of a
 * run, NPY and CSV tables, PNG images. Each case names the file it becomes and a fragment of the one
 * error line the engine must give for it.
 */
final class HostileFiles {

    /** Which command reads the file: a block file of a run ({@code sample}) or a data file ({@code train}). */
    enum Reader {
        BLOCK_FILE,
        DATA_FILE
    }

    /** A file name, its bytes, the command that reads it and a fragment of the expected error line. */
    record Case(String name, Reader reader, byte[] bytes, String problem) {
        @Override
        public String toString() {
            return name;
        }
    }

    private HostileFiles() {}

    static List<Case> all() {
        List<Case> cases = new ArrayList<>();
        cases.addAll(safetensors());
        cases.addAll(npy());
        cases.addAll(csv());
        cases.addAll(png());
        return cases;
    }

    // ---- safetensors: replaces block-01.safetensors of a trained run (D = 2, raw t, 8 hidden units) ----

    private static final String GOOD = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";

    static List<Case> safetensors() {
        List<Case> cases = new ArrayList<>();
        cases.add(block("empty", new byte[0], "not a safetensors file (0 bytes"));
        cases.add(block("five-bytes", new byte[5], "not a safetensors file (5 bytes"));
        cases.add(block(
                "header-longer-than-file",
                withLength(1000, GOOD, 8),
                "the header length 1000 is larger than the file"));
        cases.add(block(
                "header-length-negative",
                withLength(-1, GOOD, 8),
                "the header length 18446744073709551615 is larger than the file"));
        byte[] latin1 = "{\"w\u00e9\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}"
                .getBytes(StandardCharsets.ISO_8859_1);
        cases.add(block(
                "header-not-utf8",
                safetensors(latin1, 8),
                "the header is not valid UTF-8 (at byte offset 3 of the header)"));
        cases.add(block("header-not-json", st("{not json}", 0), "malformed header JSON"));
        cases.add(block("header-an-array", st("[1, 2]", 0), "the header is not a JSON object"));
        cases.add(block("header-trailing-garbage", st(GOOD + " x", 8), "malformed header JSON"));
        cases.add(block(
                "duplicate-names",
                st(
                        "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                                + "\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}",
                        8),
                "Duplicate field 'w'"));
        cases.add(block("unknown-dtype", st(GOOD.replace("F32", "Q7"), 8), "tensor 'w' has unknown dtype \"Q7\""));
        cases.add(block("float16", st(GOOD.replace("F32", "F16"), 8), "tensor 'w' is F16; only F32 is supported"));
        cases.add(block("negative-dimension", st(entry("[-2]", "[0,8]"), 8), "negative dimension -2"));
        cases.add(block(
                "overflowing-dimensions",
                st(entry("[2147483647,2147483647,2147483647]", "[0,8]"), 8),
                "overflows 64 bits"));
        cases.add(block("fractional-dimension", st(entry("[1.5]", "[0,8]"), 8), "is not an integer below 2³¹"));
        cases.add(block("huge-dimension", st(entry("[99999999999]", "[0,8]"), 8), "is not an integer below 2³¹"));
        cases.add(block("offsets-past-the-end", st(entry("[4]", "[0,16]"), 8), "lies past the end of the file"));
        cases.add(block(
                "overlapping-ranges",
                st(
                        "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}",
                        12),
                "overlaps tensor 'a'"));
        cases.add(block(
                "gap-between-ranges",
                st(
                        "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}",
                        12),
                "a gap of 4 bytes before tensor 'b'"));
        cases.add(block(
                "bytes-after-the-last-tensor", st(GOOD, 12), "4 bytes after the last tensor belong to no tensor"));
        cases.add(block(
                "offsets-do-not-match-shape",
                st(entry("[3]", "[0,8]"), 8),
                "hold 8 bytes, but shape [3] of F32 needs 12"));
        cases.add(block("offsets-backwards", st(entry("[0]", "[8,0]"), 8), "end before they begin"));
        cases.add(block("offsets-not-a-pair", st(entry("[2]", "[0]"), 8), "is not a pair [begin, end]"));
        cases.add(block(
                "unknown-entry-field",
                st("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]," + "\"extra\":1}}", 8),
                "unknown field 'extra'"));
        cases.add(block(
                "metadata-not-strings",
                st("{\"__metadata__\":{\"block\":1}," + GOOD.substring(1), 8),
                "__metadata__ must map names to strings; 'block' is number"));
        cases.add(block("missing-parameters", st(GOOD, 8), "does not match the model: it has no 'net.0.weight'"));
        cases.add(block(
                "wrong-parameter-shape",
                st("{\"net.0.weight\":{\"dtype\":\"F32\",\"shape\":[2]," + "\"data_offsets\":[0,8]}}", 8),
                "'net.0.weight' is [2], the model needs [8, 3]"));
        return cases;
    }

    private static Case block(String name, byte[] bytes, String problem) {
        return new Case(name + ".safetensors", Reader.BLOCK_FILE, bytes, problem);
    }

    private static String entry(String shape, String offsets) {
        return "{\"w\":{\"dtype\":\"F32\",\"shape\":" + shape + ",\"data_offsets\":" + offsets + "}}";
    }

    /** A safetensors file: the header's true length, the header, {@code dataBytes} bytes of 1.0f. */
    private static byte[] st(String header, int dataBytes) {
        return safetensors(header.getBytes(StandardCharsets.UTF_8), dataBytes);
    }

    private static byte[] safetensors(byte[] header, int dataBytes) {
        return withLength(header.length, header, dataBytes);
    }

    private static byte[] withLength(long length, String header, int dataBytes) {
        return withLength(length, header.getBytes(StandardCharsets.UTF_8), dataBytes);
    }

    private static byte[] withLength(long length, byte[] header, int dataBytes) {
        ByteBuffer bytes = ByteBuffer.allocate(8 + header.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putLong(length).put(header);
        while (bytes.remaining() >= 4) {
            bytes.putFloat(1f);
        }
        return bytes.array();
    }

    // ---- NPY: opened by lfm train --data ----

    static List<Case> npy() {
        List<Case> cases = new ArrayList<>();
        cases.add(npy("empty-descr", npy(1, "", "(2,)", 8), "dtype '' is not supported"));
        cases.add(npy("complex-dtype", npy(1, "<c8", "(2,)", 16), "dtype '<c8' is not supported"));
        cases.add(npy(
                "overflowing-shape",
                npy(1, "<f4", "(4611686018427387904, 4)", 0),
                "shape (4611686018427387904, 4) is not supported"));
        cases.add(npy("negative-shape", npy(1, "<f4", "(-2, 3)", 0), "the shape (-2, 3) has a negative dimension"));
        cases.add(npy("three-dimensions", npy(1, "<f4", "(1, 2, 2)", 16), "has 3 dimensions"));
        cases.add(npy("longer-than-shape", npy(1, "<f4", "(2, 2)", 20), "bytes but the file has"));
        cases.add(npy("shorter-than-shape", npy(1, "<f4", "(4, 2)", 20), "(truncated?)"));
        cases.add(npy(
                "no-magic",
                "just some text, no array".getBytes(StandardCharsets.US_ASCII),
                "not a .npy file (no \\x93NUMPY magic)"));
        byte[] version9 = npy(1, "<f4", "(2,)", 8);
        version9[6] = 9;
        cases.add(npy("unknown-version", version9, ".npy format version 9 is not supported"));
        byte[] hugeHeader = Arrays.copyOf(npy(2, "<f4", "(2,)", 8), 64);
        ByteBuffer.wrap(hugeHeader).order(ByteOrder.LITTLE_ENDIAN).putInt(8, Integer.MAX_VALUE);
        cases.add(npy("huge-header-length", hugeHeader, "header of 2147483647 bytes is implausible"));
        cases.add(npy("header-cut-short", Arrays.copyOf(npy(1, "<f4", "(2,)", 8), 20), "ends inside the header"));
        byte[] nan = npy(1, "<f4", "(3,)", 12);
        ByteBuffer.wrap(nan).order(ByteOrder.LITTLE_ENDIAN).putFloat(nan.length - 8, Float.NaN);
        cases.add(npy("nan-value", nan, "row 2, column 1: NaN in the data"));
        return cases;
    }

    private static Case npy(String name, byte[] bytes, String problem) {
        return new Case(name + ".npy", Reader.DATA_FILE, bytes, problem);
    }

    /** An .npy file: version, descr, shape text, then {@code dataBytes} bytes of 1.0f values. */
    private static byte[] npy(int version, String descr, String shape, int dataBytes) {
        String dictionary = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int lengthBytes = version == 1 ? 2 : 4;
        int unpadded = 8 + lengthBytes + dictionary.length() + 1;
        String text = dictionary + " ".repeat((unpadded + 63) / 64 * 64 - unpadded) + "\n";
        ByteBuffer out =
                ByteBuffer.allocate(8 + lengthBytes + text.length() + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
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
        while (out.remaining() >= 4) {
            out.putFloat(1f);
        }
        return out.array();
    }

    // ---- CSV: opened by lfm train --data ----

    static List<Case> csv() {
        List<Case> cases = new ArrayList<>();
        byte[] longLine = new byte[(1 << 24) + 16];
        Arrays.fill(longLine, (byte) '5');
        cases.add(csv("one-endless-line", longLine, "row 1: the line is longer than 16 MiB"));
        cases.add(csv(
                "ragged-rows",
                text("a,b\n1,2\n3,4,5\n"),
                "row 3, column 3: expected 2 cells as in the rows above, found 3"));
        cases.add(csv("non-numeric-cell", text("a,b\n1,2\n3,abc\n"), "row 3, column 2: 'abc' is not a number"));
        cases.add(csv("infinite-value", text("a,b\n1,2\n3,inf\n"), "row 3, column 2: 'inf' is NaN or infinite"));
        cases.add(csv("empty-cell", text("a,b\n1,\n"), "row 2, column 2: empty cell"));
        cases.add(csv("empty-file", new byte[0], "the file is empty"));
        cases.add(csv("header-only", text("a,b\n"), "no data rows after the header"));
        cases.add(csv("npy-bytes-named-csv", npy(1, "<f4", "(2,)", 8), "this is a .npy file"));
        return cases;
    }

    private static Case csv(String name, byte[] bytes, String problem) {
        return new Case(name + ".csv", Reader.DATA_FILE, bytes, problem);
    }

    private static byte[] text(String content) {
        return content.getBytes(StandardCharsets.UTF_8);
    }

    // ---- PNG: opened by lfm train --data ----

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    static List<Case> png() {
        List<Case> cases = new ArrayList<>();
        cases.add(png(
                "huge-dimensions",
                png(100_000, 100_000, new byte[] {1, 2, 3}),
                "the image is 100000 × 100000 pixels; at most 33554432 pixels"));
        cases.add(png("over-the-pixel-cap", png(8192, 8192, new byte[] {1, 2, 3}), "the image is 8192 × 8192 pixels"));
        cases.add(png("no-image-data", png(4, 4, null), "cannot decode the image (png)"));
        cases.add(png(
                "corrupt-image-data",
                png(4, 4, new byte[] {0x78, (byte) 0x9C, 1, 2, 3, 4, 5}),
                "cannot decode the image (png)"));
        cases.add(png("not-an-image", text("this is not an image"), "not a readable image (PNG expected)"));
        cases.add(png("zero-bytes", new byte[0], "not a readable image (PNG expected)"));
        cases.add(png("all-white", whitePng(), "the image is blank"));
        return cases;
    }

    private static Case png(String name, byte[] bytes, String problem) {
        return new Case(name + ".png", Reader.DATA_FILE, bytes, problem);
    }

    /** Signature and IHDR (8-bit greyscale) of a width × height image, then an IDAT of {@code idat} and IEND. */
    private static byte[] png(int width, int height, byte[] idat) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(PNG_SIGNATURE);
        ByteBuffer header = ByteBuffer.allocate(13)
                .putInt(width)
                .putInt(height)
                .put((byte) 8)
                .put((byte) 0)
                .put((byte) 0)
                .put((byte) 0)
                .put((byte) 0);
        chunk(out, "IHDR", header.array());
        if (idat != null) {
            chunk(out, "IDAT", idat);
            chunk(out, "IEND", new byte[0]);
        }
        return out.toByteArray();
    }

    /** A valid 2 × 2 white greyscale PNG: a density with no mass. */
    private static byte[] whitePng() {
        java.util.zip.Deflater deflater = new java.util.zip.Deflater();
        deflater.setInput(
                new byte[] {0, (byte) 255, (byte) 255, 0, (byte) 255, (byte) 255}); // filter byte + 2 pixels, twice
        deflater.finish();
        byte[] buffer = new byte[64];
        int length = deflater.deflate(buffer);
        return png(2, 2, Arrays.copyOf(buffer, length));
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
