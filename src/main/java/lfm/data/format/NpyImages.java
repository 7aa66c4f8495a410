package lfm.data.format;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import lfm.data.DataFormatException;

/**
 * Images in a .npy file: unsigned bytes ({@code |u1}) of shape (N, H, W) or (N, H, W, C), C order, as
 * {@code np.save(path, images.astype(np.uint8))} writes them.
 *
 * @param count    N
 * @param height   H
 * @param width    W
 * @param channels C (1 for a 3-D array)
 * @param pixels   N·H·W·C bytes in NHWC order
 */
public record NpyImages(int count, int height, int width, int channels, byte[] pixels) {

    /** Whether {@code file} is a .npy file of unsigned bytes with 3 or 4 dimensions (its header only is read). */
    public static boolean holdsImages(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            NpyHeader.Raw raw = NpyHeader.readRaw(file, channel, 4);
            return isBytes(raw.descr()) && raw.shape().length >= 3;
        }
    }

    /** Reads the images; any other dtype or shape, or a length that does not match, is one line. */
    public static NpyImages read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            NpyHeader.Raw raw = NpyHeader.readRaw(file, channel, 4);
            long[] shape = raw.shape();
            if (!isBytes(raw.descr()) || shape.length < 3 || raw.fortran()) {
                throw DataFormatException.in(
                        file,
                        "images must be a C-order uint8 array of shape (N, H, W) or "
                                + "(N, H, W, C), got dtype '" + raw.descr() + "' with " + shape.length + " dimensions"
                                + (raw.fortran() ? " in Fortran order" : "")
                                + "; save them with np.save(path, a.astype(np.uint8))");
            }
            long channels = shape.length == 4 ? shape[3] : 1;
            long values = shape[0] * shape[1] * shape[2] * channels;
            if (shape[0] < 1 || shape[1] < 1 || shape[2] < 1 || channels < 1 || values > Integer.MAX_VALUE - 8) {
                throw DataFormatException.in(file, "image array shape is empty or too large");
            }
            long expected = raw.dataOffset() + values;
            if (channel.size() != expected) {
                throw DataFormatException.in(
                        file,
                        "the shape needs " + expected + " bytes but the file has " + channel.size()
                                + (channel.size() < expected ? " (truncated?)" : ""));
            }
            ByteBuffer buffer = NpyHeader.readFully(file, channel, raw.dataOffset(), (int) values);
            byte[] pixels = new byte[(int) values];
            buffer.get(pixels);
            return new NpyImages((int) shape[0], (int) shape[1], (int) shape[2], (int) channels, pixels);
        }
    }

    /** Writes (N, H, W) for C = 1, else (N, H, W, C), dtype uint8, format version 1, atomically. */
    public void write(Path file) throws IOException {
        String shape = channels == 1
                ? "(" + count + ", " + height + ", " + width + ")"
                : "(" + count + ", " + height + ", " + width + ", " + channels + ")";
        String dictionary = "{'descr': '|u1', 'fortran_order': False, 'shape': " + shape + ", }";
        int unpadded = 10 + dictionary.length() + 1;
        String text = dictionary + " ".repeat((unpadded + 63) / 64 * 64 - unpadded) + "\n";
        ByteBuffer header = ByteBuffer.allocate(10 + text.length()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        header.put((byte) 0x93)
                .put("NUMPY".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .put((byte) 1)
                .put((byte) 0)
                .putShort((short) text.length())
                .put(text.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        lfm.io.AtomicFiles.write(file, stream -> {
            stream.write(header.array());
            stream.write(pixels);
        });
    }

    private static boolean isBytes(String descr) {
        return descr.equals("|u1") || descr.equals("<u1") || descr.equals(">u1") || descr.equals("=u1");
    }
}
