package lfm.data.format;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import lfm.data.DataFormatException;
import lfm.data.DataMatrix;

/**
 * The table formats a data set or a sample file may have, and the one place that decides which one a
 * file is. The file name's extension decides (case-insensitive): {@code .csv} or {@code .npy}. A file
 * named {@code .csv} whose first bytes are the NPY magic {@code \x93NUMPY} is refused with a message
 * that says so, rather than read as garbled text.
 */
public enum TableFormat {
    /** Comma-, semicolon- or tab-separated text ({@link CsvReader}, {@link CsvWriter}). */
    CSV(".csv"),
    /** NumPy's binary .npy, float32 or float64 ({@link NpyReader}, {@link NpyWriter}). */
    NPY(".npy");

    private static final byte[] NPY_MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    private final String extension;

    TableFormat(String extension) {
        this.extension = extension;
    }

    /** The format a file name ends in, or empty when it is none of them. */
    public static Optional<TableFormat> ofName(String fileName) {
        String lower = fileName.strip().toLowerCase(Locale.ROOT);
        for (TableFormat format : values()) {
            if (lower.endsWith(format.extension)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    /** The format of {@code file} by its name; any other name is an {@link IllegalArgumentException}. */
    public static TableFormat of(Path file) {
        Path name = file.getFileName();
        return ofName(name == null ? "" : name.toString())
                .orElseThrow(() -> new IllegalArgumentException(file + ": expected a " + extensions() + " file"));
    }

    /** ".csv or .npy", for messages. */
    public static String extensions() {
        List<String> names = new ArrayList<>();
        for (TableFormat format : values()) {
            names.add(format.extension);
        }
        return String.join(" or ", names);
    }

    /** Reads a table file (format by {@link #of}) as float32; float64 .npy values are rounded to nearest. */
    public static DataMatrix read(Path file) throws IOException {
        return readNamed(file).data();
    }

    /** A table with its column names: a CSV file's header line, or none (an empty list). */
    public record Named(List<String> header, DataMatrix data) {}

    /** Reads a table file with its column names (a .npy file and a CSV file without header have none). */
    public static Named readNamed(Path file) throws IOException {
        return switch (of(file)) {
            case NPY -> new Named(List.of(), NpyReader.readFloats(file));
            case CSV -> {
                if (startsWithNpyMagic(file)) {
                    throw DataFormatException.in(
                            file, "this is a .npy file (it starts with \\x93NUMPY), not CSV: " + "rename it to .npy");
                }
                CsvTable table = CsvReader.read(file);
                yield new Named(table.header(), table.data().toFloat());
            }
        };
    }

    /**
     * Writes points atomically in the format of {@code file}'s name: CSV with the header x0,x1,...
     * (floats in their shortest exact text), or NPY float32 in C order.
     */
    public static void write(Path file, DataMatrix data) throws IOException {
        switch (of(file)) {
            case CSV -> {
                List<String> header = new ArrayList<>();
                for (int j = 0; j < data.cols(); j++) {
                    header.add("x" + j);
                }
                CsvWriter.write(file, data, header);
            }
            case NPY -> NpyWriter.write(file, data);
        }
    }

    private static boolean startsWithNpyMagic(Path file) throws IOException {
        try (InputStream input = Files.newInputStream(file)) {
            byte[] head = input.readNBytes(NPY_MAGIC.length);
            return java.util.Arrays.equals(head, NPY_MAGIC);
        }
    }
}
