package lfm.data.format;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import lfm.data.DataFormatException;
import lfm.data.DataMatrix;
import lfm.data.DoubleMatrix;

/**
 * Reads .npy arrays of float32, float64, int32 or int64 (either byte order, C order, 1-D or 2-D; see
 * {@link NpyHeader}), streaming the values through a fixed 1 MiB buffer. A truncated file, a
 * length that does not match the shape, NaN or an infinite value raises {@link DataFormatException}
 * naming the file, the row and the column (1-based).
 */
public final class NpyReader {
    private static final int CHUNK_BYTES = 1 << 20;

    private NpyReader() {}

    /** The array as float32 (float64 values are rounded to nearest); an array of no rows is an error. */
    public static DataMatrix readFloats(Path file) throws IOException {
        return readFloats(file, true);
    }

    /**
     * As {@link #readFloats(Path)}; with {@code rowsRequired} false an array of shape (0, D) is read as an
     * empty matrix (a part of a split job that was dealt no rows).
     */
    public static DataMatrix readFloats(Path file, boolean rowsRequired) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            NpyHeader header = checkedHeader(file, channel, rowsRequired);
            float[] values = new float[header.rows() * header.cols()];
            stream(file, channel, header, (index, value) -> values[index] = (float) value);
            return new DataMatrix(header.rows(), header.cols(), values);
        }
    }

    /** The array as float64 (float32 values are widened exactly). */
    public static DoubleMatrix readDoubles(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            NpyHeader header = checkedHeader(file, channel, true);
            double[] values = new double[header.rows() * header.cols()];
            stream(file, channel, header, (index, value) -> values[index] = value);
            return new DoubleMatrix(header.rows(), header.cols(), values);
        }
    }

    /**
     * The array in an open channel as float64; {@code shownAs} names it in error messages (an entry
     * of an .npz archive is read from a temporary copy but reported by its name in the archive).
     */
    public static DoubleMatrix readDoubles(Path shownAs, FileChannel channel) throws IOException {
        NpyHeader header = checkedHeader(shownAs, channel, true);
        double[] values = new double[header.rows() * header.cols()];
        stream(shownAs, channel, header, (index, value) -> values[index] = value);
        return new DoubleMatrix(header.rows(), header.cols(), values);
    }

    private static NpyHeader checkedHeader(Path file, FileChannel channel, boolean rowsRequired) throws IOException {
        NpyHeader header = NpyHeader.read(file, channel);
        long expected = header.dataOffset() + (long) header.rows() * header.cols() * header.itemBytes();
        long actual = channel.size();
        if (actual != expected) {
            throw DataFormatException.in(
                    file,
                    "the shape (" + header.rows() + ", " + header.cols() + ") needs " + expected
                            + " bytes but the file has " + actual + (actual < expected ? " (truncated?)" : ""));
        }
        if (header.rows() == 0 && rowsRequired) {
            throw DataFormatException.in(file, "the array has no rows");
        }
        return header;
    }

    private interface ValueSink {
        void put(int index, double value);
    }

    private static void stream(Path file, FileChannel channel, NpyHeader header, ValueSink sink) throws IOException {
        int total = header.rows() * header.cols();
        int chunkValues = CHUNK_BYTES / header.itemBytes();
        ByteBuffer buffer =
                ByteBuffer.allocate(chunkValues * header.itemBytes()).order(header.order());
        long position = header.dataOffset();
        for (int done = 0; done < total; ) {
            int count = Math.min(chunkValues, total - done);
            buffer.clear().limit(count * header.itemBytes());
            while (buffer.hasRemaining()) {
                int read = channel.read(buffer, position + buffer.position());
                if (read < 0) {
                    throw DataFormatException.in(file, "truncated .npy file");
                }
            }
            position += buffer.flip().remaining();
            for (int k = 0; k < count; k++) {
                double value = header.integer()
                        ? (header.itemBytes() == 4 ? buffer.getInt() : (double) buffer.getLong())
                        : (header.itemBytes() == 4 ? buffer.getFloat() : buffer.getDouble());
                if (!Double.isFinite(value)) {
                    int index = done + k;
                    throw DataFormatException.at(
                            file,
                            index / header.cols() + 1,
                            index % header.cols() + 1,
                            (Double.isNaN(value) ? "NaN" : "an infinite value") + " in the data; remove or impute it");
                }
                sink.put(done + k, value);
            }
            done += count;
        }
    }
}
