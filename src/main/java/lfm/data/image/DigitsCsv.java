package lfm.data.image;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import lfm.data.DataFormatException;
import lfm.nn.ImageShape;

/**
 * scikit-learn's digits ({@code sklearn/datasets/data/digits.csv.gz}, plain or gzip): one image per line,
 * 64 comma-separated pixel values 0–16 (8 × 8, row by row) and the class 0–9 last. Values may be written
 * as decimals ("3.0", "3.000000e+00") but must be whole numbers in range.
 */
public final class DigitsCsv {
    public static final ImageShape SHAPE = new ImageShape(8, 8, 1);
    public static final int MAX_VALUE = 16;

    private DigitsCsv() {}

    public static ImageSet read(Path file) throws IOException {
        byte[] bytes = IdxReader.readAll(file);
        java.io.ByteArrayOutputStream pixels = new java.io.ByteArrayOutputStream();
        java.util.ArrayList<Integer> labels = new java.util.ArrayList<>();
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8))) {
            String line;
            long number = 0;
            while ((line = lines.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.split(",", -1);
                if (cells.length != SHAPE.size() + 1) {
                    throw DataFormatException.atRow(
                            file,
                            number,
                            cells.length + " values; a digits row has 65 (64 " + "pixels 0–16, then the class)");
                }
                for (int k = 0; k <= SHAPE.size(); k++) {
                    int value = wholeNumber(file, number, k, cells[k]);
                    int limit = k < SHAPE.size() ? MAX_VALUE : 9;
                    if (value < 0 || value > limit) {
                        throw DataFormatException.at(file, number, k + 1, value + " is outside 0–" + limit);
                    }
                    if (k < SHAPE.size()) {
                        pixels.write(value);
                    } else {
                        labels.add(value);
                    }
                }
            }
        }
        if (labels.isEmpty()) {
            throw DataFormatException.in(file, "holds no digits rows");
        }
        return new ImageSet(
                SHAPE,
                MAX_VALUE,
                pixels.toByteArray(),
                labels.stream().mapToInt(Integer::intValue).toArray());
    }

    private static int wholeNumber(Path file, long row, int column, String cell) {
        double value;
        try {
            value = Double.parseDouble(cell.strip());
        } catch (NumberFormatException notANumber) {
            throw DataFormatException.at(file, row, column + 1, "'" + cell.strip() + "' is not a number");
        }
        if (value != Math.rint(value) || Math.abs(value) > 1000) {
            throw DataFormatException.at(file, row, column + 1, cell.strip() + " is not a whole number");
        }
        return (int) value;
    }
}
