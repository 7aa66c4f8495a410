package lfm.data.format;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import lfm.data.DataMatrix;
import lfm.io.AtomicFiles;

/**
 * Writes a matrix as CSV (comma-separated, one row per line, optional header), atomically. Floats are
 * written with {@link Float#toString}, the shortest text that reads back to the same float.
 */
public final class CsvWriter {
    private CsvWriter() {}

    /**
     * Writes {@code data} to {@code file}, atomically.
     *
     * @param header column names, or an empty list for no header line
     */
    public static void write(Path file, DataMatrix data, List<String> header) throws IOException {
        if (!header.isEmpty() && header.size() != data.cols()) {
            throw new IllegalArgumentException(header.size() + " names for " + data.cols() + " columns");
        }
        AtomicFiles.write(file, stream -> {
            StringBuilder line = new StringBuilder(256);
            if (!header.isEmpty()) {
                stream.write((String.join(",", header) + "\n").getBytes(StandardCharsets.UTF_8));
            }
            for (int i = 0; i < data.rows(); i++) {
                line.setLength(0);
                for (int j = 0; j < data.cols(); j++) {
                    if (j > 0) {
                        line.append(',');
                    }
                    line.append(data.get(i, j));
                }
                line.append('\n');
                stream.write(line.toString().getBytes(StandardCharsets.US_ASCII));
            }
        });
    }
}
