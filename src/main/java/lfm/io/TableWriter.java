package lfm.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import lfm.data.DataMatrix;

/**
 * Writes points as CSV (header x0,x1,..., one row per point, shortest float text that reads back
 * exactly) or NPY (format 1.0, '&lt;f4', C order, shape (rows, cols)), chosen by the file extension.
 * Writes are atomic.
 */
public final class TableWriter {
    private TableWriter() {
    }

    public static void write(Path file, DataMatrix data) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            writeCsv(file, data);
        } else if (name.endsWith(".npy")) {
            writeNpy(file, data);
        } else {
            throw new IllegalArgumentException("output " + file + ": expected a .csv or .npy file name");
        }
    }

    public static void writeCsv(Path file, DataMatrix data) throws IOException {
        AtomicFiles.write(file, out -> {
            StringBuilder line = new StringBuilder();
            for (int j = 0; j < data.cols(); j++) {
                line.append(j == 0 ? "" : ",").append('x').append(j);
            }
            line.append('\n');
            out.write(line.toString().getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < data.rows(); i++) {
                line.setLength(0);
                for (int j = 0; j < data.cols(); j++) {
                    line.append(j == 0 ? "" : ",").append(data.values()[i * data.cols() + j]);
                }
                line.append('\n');
                out.write(line.toString().getBytes(StandardCharsets.US_ASCII));
            }
        });
    }

    public static void writeNpy(Path file, DataMatrix data) throws IOException {
        String dictionary = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + data.rows() + ", " + data.cols() + "), }";
        int unpadded = 10 + dictionary.length() + 1;   // magic(6) + version(2) + length(2) + dict + '\n'
        int padding = (64 - unpadded % 64) % 64;
        String header = dictionary + " ".repeat(padding) + "\n";
        AtomicFiles.write(file, out -> {
            ByteBuffer preamble = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
            preamble.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
            preamble.putShort((short) header.length());
            out.write(preamble.array());
            out.write(header.getBytes(StandardCharsets.US_ASCII));
            ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (float value : data.values()) {
                if (!chunk.hasRemaining()) {
                    out.write(chunk.array(), 0, chunk.position());
                    chunk.clear();
                }
                chunk.putFloat(value);
            }
            out.write(chunk.array(), 0, chunk.position());
        });
    }
}
