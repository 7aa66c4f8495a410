package lfm.data.format;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import lfm.data.DataFormatException;
import lfm.data.DoubleMatrix;

/**
 * Reads a numeric CSV file into a {@link CsvTable}, streaming: bytes are parsed in place into a
 * growing double[] (no per-row strings or boxed values), so millions of rows read in seconds.
 *
 * <p>Format rules:
 * <ul>
 * <li>Delimiter: taken from the first non-blank line: a comma if it has one, else a semicolon, else a
 *     tab, else the file has a single column. Quoted delimiters are not supported.</li>
 * <li>Header: the first non-blank line is a header when any of its non-empty cells is not a number, or when its
 *     cells are exactly 0, 1, …, D−1 (the names pandas gives unnamed columns). Names may be quoted.</li>
 * <li>Cells: optional surrounding spaces and double quotes; decimal numbers with an optional
 *     exponent. Blank lines are skipped; a UTF-8 byte order mark is ignored.</li>
 * <li>Errors ({@link DataFormatException}, naming file, row = line number and column): a non-numeric
 *     or empty cell, NaN or infinite values, a row with a different number of cells, an empty file or
 *     one with a header and no data, a line longer than {@value #MAX_LINE_BYTES} bytes.</li>
 * </ul>
 */
public final class CsvReader {
    private static final int BUFFER_BYTES = 1 << 16;
    /** Longest line read (a row of a data table; 16 MiB holds over half a million numbers). */
    static final int MAX_LINE_BYTES = 1 << 24;

    private final Path file;
    private final InputStream input;
    private byte[] buffer = new byte[BUFFER_BYTES];
    private int bufferStart;
    private int bufferEnd;
    private boolean endOfInput;
    private long lineNumber;
    private int lineStart;
    private int lineEnd;

    private byte delimiter;
    private int columns = -1;
    private double[] values = new double[1024];
    private int valueCount;

    private CsvReader(Path file, InputStream input) {
        this.file = file;
        this.input = input;
    }

    /** Reads the whole file. */
    public static CsvTable read(Path file) throws IOException {
        try (InputStream input = Files.newInputStream(file)) {
            return new CsvReader(file, input).readAll();
        }
    }

    private CsvTable readAll() throws IOException {
        if (!nextNonBlankLine()) {
            throw DataFormatException.in(file, "the file is empty");
        }
        skipByteOrderMark();
        delimiter = detectDelimiter();
        List<String> header = readHeaderIfPresent();
        if (header.isEmpty()) {
            parseDataLine(); // the first line is data
        }
        while (nextNonBlankLine()) {
            parseDataLine();
        }
        if (valueCount == 0) {
            throw DataFormatException.in(file, "no data rows" + (header.isEmpty() ? "" : " after the header"));
        }
        return new CsvTable(header, new DoubleMatrix(valueCount / columns, columns, Arrays.copyOf(values, valueCount)));
    }

    // ---- header ----

    /** Returns the header's names and consumes the line, or an empty list (line left for data). */
    private List<String> readHeaderIfPresent() {
        List<String> cells = new ArrayList<>();
        boolean[] anyText = {false};
        forEachCell((start, end) -> {
            String cell = new String(buffer, start, end - start, StandardCharsets.UTF_8);
            boolean numeric = start == end // an empty cell is a data error, not a name
                    || !Double.isNaN(DecimalParser.parse(buffer, start, end))
                    || DecimalParser.isNonFiniteWord(cell);
            anyText[0] |= !numeric;
            cells.add(cell);
        });
        boolean pandasNames = true;
        for (int k = 0; k < cells.size(); k++) {
            pandasNames &= cells.get(k).equals(Integer.toString(k));
        }
        if (!anyText[0] && !pandasNames) {
            return List.of();
        }
        columns = cells.size();
        return cells;
    }

    // ---- data rows ----

    private void parseDataLine() {
        int cellsInLine = countCells();
        if (columns < 0) {
            columns = cellsInLine;
        } else if (cellsInLine != columns) {
            int column = Math.min(cellsInLine, columns) + 1;
            throw DataFormatException.at(
                    file,
                    lineNumber,
                    column,
                    "expected " + columns + " cells as in the rows above, found " + cellsInLine);
        }
        ensureCapacity(columns);
        int[] column = {0};
        forEachCell((start, end) -> {
            column[0]++;
            values[valueCount++] = parseCell(start, end, column[0]);
        });
    }

    private double parseCell(int start, int end, int column) {
        if (start == end) {
            throw DataFormatException.at(file, lineNumber, column, "empty cell");
        }
        double value = DecimalParser.parse(buffer, start, end);
        if (Double.isFinite(value)) {
            return value;
        }
        String text = new String(buffer, start, end - start, StandardCharsets.UTF_8);
        if (Double.isInfinite(value) || DecimalParser.isNonFiniteWord(text)) {
            throw DataFormatException.at(
                    file, lineNumber, column, "'" + text + "' is NaN or infinite; remove or impute it");
        }
        throw DataFormatException.at(file, lineNumber, column, "'" + text + "' is not a number");
    }

    private void ensureCapacity(int more) {
        if (valueCount + (long) more > values.length) {
            long grown = Math.max((long) values.length * 2, valueCount + (long) more);
            if (grown > Integer.MAX_VALUE - 8) {
                if (valueCount + (long) more > Integer.MAX_VALUE - 8) {
                    throw DataFormatException.atRow(file, lineNumber, "too large: over 2³¹ values");
                }
                grown = Integer.MAX_VALUE - 8;
            }
            values = Arrays.copyOf(values, (int) grown);
        }
    }

    // ---- cells of the current line ----

    private interface CellVisitor {
        void visit(int start, int end);
    }

    /** Calls the visitor with each cell's trimmed, unquoted byte range. */
    private void forEachCell(CellVisitor visitor) {
        int cellStart = lineStart;
        for (int p = lineStart; p <= lineEnd; p++) {
            if (p == lineEnd || (delimiter != 0 && buffer[p] == delimiter)) {
                int start = cellStart;
                int end = p;
                while (start < end && isBlank(buffer[start])) {
                    start++;
                }
                while (end > start && isBlank(buffer[end - 1])) {
                    end--;
                }
                if (end - start >= 2 && buffer[start] == '"' && buffer[end - 1] == '"') {
                    start++;
                    end--;
                }
                visitor.visit(start, end);
                cellStart = p + 1;
            }
        }
    }

    private int countCells() {
        if (delimiter == 0) {
            return 1;
        }
        int count = 1;
        for (int p = lineStart; p < lineEnd; p++) {
            if (buffer[p] == delimiter) {
                count++;
            }
        }
        return count;
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\t';
    }

    private byte detectDelimiter() {
        for (byte candidate : new byte[] {',', ';', '\t'}) {
            for (int p = lineStart; p < lineEnd; p++) {
                if (buffer[p] == candidate) {
                    return candidate;
                }
            }
        }
        return 0;
    }

    private void skipByteOrderMark() {
        if (lineEnd - lineStart >= 3
                && buffer[lineStart] == (byte) 0xEF
                && buffer[lineStart + 1] == (byte) 0xBB
                && buffer[lineStart + 2] == (byte) 0xBF) {
            lineStart += 3;
        }
    }

    // ---- lines ----

    /** Advances to the next line holding anything but spaces; false at the end of the file. */
    private boolean nextNonBlankLine() throws IOException {
        while (nextLine()) {
            for (int p = lineStart; p < lineEnd; p++) {
                if (!isBlank(buffer[p])) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Sets [lineStart, lineEnd) to the next line without its line ending; false at the end. */
    private boolean nextLine() throws IOException {
        int searchFrom = bufferStart;
        while (true) {
            for (int p = searchFrom; p < bufferEnd; p++) {
                if (buffer[p] == '\n') {
                    setLine(bufferStart, p);
                    bufferStart = p + 1;
                    return true;
                }
            }
            if (endOfInput) {
                if (bufferStart == bufferEnd) {
                    return false;
                }
                setLine(bufferStart, bufferEnd); // last line without a newline
                bufferStart = bufferEnd;
                return true;
            }
            searchFrom = bufferEnd - bufferStart;
            fill();
        }
    }

    private void setLine(int start, int end) {
        lineNumber++;
        lineStart = start;
        lineEnd = end > start && buffer[end - 1] == '\r' ? end - 1 : end;
    }

    /** Moves unread bytes to the front (growing the buffer for very long lines) and reads more. */
    private void fill() throws IOException {
        int unread = bufferEnd - bufferStart;
        if (unread == buffer.length) {
            if (buffer.length >= MAX_LINE_BYTES) {
                throw DataFormatException.atRow(
                        file,
                        lineNumber + 1,
                        "the line is longer than " + (MAX_LINE_BYTES >> 20) + " MiB (no line break): not a CSV table?");
            }
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        System.arraycopy(buffer, bufferStart, buffer, 0, unread);
        bufferStart = 0;
        bufferEnd = unread;
        int read = input.read(buffer, bufferEnd, buffer.length - bufferEnd);
        if (read < 0) {
            endOfInput = true;
        } else {
            bufferEnd += read;
        }
    }
}
