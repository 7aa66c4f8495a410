package lfm.data.format;

import java.util.List;
import lfm.data.DoubleMatrix;

/**
 * A numeric CSV file as read: the column names (empty when the file has no header line) and the values.
 *
 * @param header column names in file order, or an empty list
 * @param data   the numeric rows, shape (rows, columns)
 */
public record CsvTable(List<String> header, DoubleMatrix data) {

    public CsvTable {
        header = List.copyOf(header);
        if (!header.isEmpty() && header.size() != data.cols()) {
            throw new IllegalArgumentException(header.size() + " names for " + data.cols() + " columns");
        }
    }

    public boolean hasHeader() {
        return !header.isEmpty();
    }
}
