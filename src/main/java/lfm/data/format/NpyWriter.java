package lfm.data.format;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import lfm.data.DataMatrix;
import lfm.data.DoubleMatrix;
import lfm.io.AtomicFiles;

/**
 * Writes 2-D arrays as .npy format version 1.0 (little-endian, C order), readable by
 * {@code numpy.load}; the file is written atomically. float32 from {@link DataMatrix} ({@code '<f4'}),
 * float64 from {@link DoubleMatrix} ({@code '<f8'}).
 */
public final class NpyWriter {
    private NpyWriter() {}

    public static void write(Path file, DataMatrix data) throws IOException {
        AtomicFiles.write(file, stream -> {
            stream.write(header("<f4", data.rows(), data.cols()));
            ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (float value : data.values()) {
                if (!buffer.hasRemaining()) {
                    drain(buffer, stream);
                }
                buffer.putFloat(value);
            }
            drain(buffer, stream);
        });
    }

    public static void write(Path file, DoubleMatrix data) throws IOException {
        AtomicFiles.write(file, stream -> {
            stream.write(header("<f8", data.rows(), data.cols()));
            ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (double value : data.values()) {
                if (!buffer.hasRemaining()) {
                    drain(buffer, stream);
                }
                buffer.putDouble(value);
            }
            drain(buffer, stream);
        });
    }

    private static void drain(ByteBuffer buffer, OutputStream stream) throws IOException {
        stream.write(buffer.array(), buffer.arrayOffset(), buffer.position());
        buffer.clear();
    }

    /** Magic, version 1.0, length, then the dict padded with spaces so the data starts at a multiple of 64. */
    static byte[] header(String descr, int rows, int cols) {
        return header(descr, "(" + rows + ", " + cols + ")");
    }

    /** The header for a shape written as Python does: "(rows, cols)" or "(n,)". */
    static byte[] header(String descr, String shape) {
        String dictionary = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int unpadded = 10 + dictionary.length() + 1;
        int padded = (unpadded + 63) / 64 * 64;
        String text = dictionary + " ".repeat(padded - unpadded) + "\n";
        ByteBuffer out = ByteBuffer.allocate(padded).order(ByteOrder.LITTLE_ENDIAN);
        out.put((byte) 0x93)
                .put("NUMPY".getBytes(StandardCharsets.US_ASCII))
                .put((byte) 1)
                .put((byte) 0);
        out.putShort((short) text.length());
        out.put(text.getBytes(StandardCharsets.US_ASCII));
        return out.array();
    }
}
