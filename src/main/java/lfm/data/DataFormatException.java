package lfm.data;

import java.nio.file.Path;

/**
 * A data file that cannot be used as it is: malformed or ragged rows, non-numeric cells, NaN or
 * infinite values, an empty file, an unsupported .npy layout. The message is one line a user can act
 * on, naming the file and, where it applies, the row and column, both 1-based. For CSV the row is the
 * line number in the file as an editor shows it (the header, if any, is line 1); for .npy it is the
 * array row.
 */
public final class DataFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DataFormatException(String message) {
        super(message);
    }

    /** "FILE: PROBLEM". */
    public static DataFormatException in(Path file, String problem) {
        return new DataFormatException(file + ": " + problem);
    }

    /** "FILE, row R, column C: PROBLEM" (row and column 1-based). */
    public static DataFormatException at(Path file, long row, int column, String problem) {
        return new DataFormatException(file + ", row " + row + ", column " + column + ": " + problem);
    }

    /** "FILE, row R: PROBLEM" (row 1-based). */
    public static DataFormatException atRow(Path file, long row, String problem) {
        return new DataFormatException(file + ", row " + row + ": " + problem);
    }
}
