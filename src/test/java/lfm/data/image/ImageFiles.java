package lfm.data.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small image files in the formats the readers take (tests make their own data). */
public final class ImageFiles {
    private ImageFiles() {}

    /** An IDX file: 00 00 08 d, the sizes big-endian, the bytes; gzip-compressed when {@code gzip}. */
    public static Path idx(Path file, int[] sizes, byte[] values, boolean gzip) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(4 + 4 * sizes.length).order(ByteOrder.BIG_ENDIAN);
        header.put((byte) 0).put((byte) 0).put((byte) 8).put((byte) sizes.length);
        for (int size : sizes) {
            header.putInt(size);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(header.array());
        bytes.write(values);
        return write(file, bytes.toByteArray(), gzip);
    }

    public static Path write(Path file, byte[] bytes, boolean gzip) throws IOException {
        if (gzip) {
            ByteArrayOutputStream packed = new ByteArrayOutputStream();
            try (GZIPOutputStream out = new GZIPOutputStream(packed)) {
                out.write(bytes);
            }
            bytes = packed.toByteArray();
        }
        Files.write(file, bytes);
        return file;
    }

    /** The four files of an MNIST-style folder: train and t10k images (n × h × w, value (i + j) mod 256) and labels. */
    public static Path mnistFolder(Path folder, int trainCount, int testCount, int height, int width, boolean gzip)
            throws IOException {
        Files.createDirectories(folder);
        String suffix = gzip ? ".gz" : "";
        for (String split : new String[] {"train", "t10k"}) {
            int count = split.equals("train") ? trainCount : testCount;
            byte[] pixels = new byte[count * height * width];
            byte[] labels = new byte[count];
            for (int i = 0; i < count; i++) {
                labels[i] = (byte) (i % 10);
                for (int j = 0; j < height * width; j++) {
                    pixels[i * height * width + j] = (byte) ((i + j) % 256);
                }
            }
            idx(folder.resolve(split + "-images-idx3-ubyte" + suffix), new int[] {count, height, width}, pixels, gzip);
            idx(folder.resolve(split + "-labels-idx1-ubyte" + suffix), new int[] {count}, labels, gzip);
        }
        return folder;
    }

    /** A .npy file of uint8 with the given shape text, e.g. "(5, 4, 3)". */
    public static Path npyBytes(Path file, String descr, String shape, byte[] values) throws IOException {
        String dictionary = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int unpadded = 10 + dictionary.length() + 1;
        String text = dictionary + " ".repeat((unpadded + 63) / 64 * 64 - unpadded) + "\n";
        ByteBuffer out = ByteBuffer.allocate(10 + text.length() + values.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put((byte) 0x93)
                .put("NUMPY".getBytes(StandardCharsets.US_ASCII))
                .put((byte) 1)
                .put((byte) 0);
        out.putShort((short) text.length());
        out.put(text.getBytes(StandardCharsets.US_ASCII)).put(values);
        Files.write(file, out.array());
        return file;
    }
}
