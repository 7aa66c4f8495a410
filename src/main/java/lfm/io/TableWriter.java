package lfm.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import lfm.data.DataMatrix;
import lfm.data.format.CsvWriter;
import lfm.data.format.NpyWriter;

/**
 * Writes points as CSV (header x0,x1,...) or NPY (float32, C order), chosen by the file extension.
 * Writes are atomic.
 */
public final class TableWriter {
    private TableWriter() {
    }

    public static void write(Path file, DataMatrix data) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            List<String> header = new ArrayList<>();
            for (int j = 0; j < data.cols(); j++) {
                header.add("x" + j);
            }
            CsvWriter.write(file, data, header);
        } else if (name.endsWith(".npy")) {
            NpyWriter.write(file, data);
        } else {
            throw new IllegalArgumentException("output " + file + ": expected a .csv or .npy file name");
        }
    }
}
