package lfm.data;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which columns of a table are the condition c and which are generated (x), for conditional models.
 * A selector (--condition-columns) is a comma-separated list of items, each
 * <ul>
 *   <li>a 0-based column index ("2"; negative counts from the end: "-1" is the last column),</li>
 *   <li>a half-open range in Python's slice form ("2:5", "2:" to the end, ":3" from the start), or</li>
 *   <li>a column name of the CSV header ("label").</li>
 * </ul>
 * Both parts keep the table's column order; a run needs at least one column of each.
 *
 * @param generated the generated columns x, in table order
 * @param conditions the condition columns c, in table order
 */
public record ConditionColumns(int[] generated, int[] conditions) {

    public ConditionColumns {
        if (generated.length == 0) {
            throw new IllegalArgumentException("--condition-columns selects every column: nothing is left to generate");
        }
        if (conditions.length == 0) {
            throw new IllegalArgumentException("--condition-columns selects no column");
        }
        generated = generated.clone();
        conditions = conditions.clone();
    }

    /** The last {@code count} of {@code columns} columns are the condition (paired files joined as [x | c]). */
    public static ConditionColumns last(int count, int columns) {
        return resolve((columns - count) + ":", columns, List.of());
    }

    /**
     * Resolves a selector against a table of {@code columns} columns with the given header (empty when
     * the file has none); a bad item is an {@link IllegalArgumentException} naming it.
     */
    public static ConditionColumns resolve(String selector, int columns, List<String> header) {
        Set<Integer> chosen = new LinkedHashSet<>();
        for (String raw : selector.split(",", -1)) {
            String item = raw.strip();
            if (item.isEmpty()) {
                throw new IllegalArgumentException("--condition-columns '" + selector + "' has an empty item");
            }
            if (item.contains(":")) {
                String[] ends = item.split(":", -1);
                if (ends.length != 2) {
                    throw new IllegalArgumentException("--condition-columns: '" + item + "' is not a range a:b");
                }
                int from = ends[0].isBlank() ? 0 : index(ends[0], columns, selector);
                int to = ends[1].isBlank() ? columns : Math.min(columns, boundary(ends[1], columns, selector));
                for (int c = from; c < to; c++) {
                    chosen.add(c);
                }
            } else if (item.matches("-?\\d+")) {
                chosen.add(index(item, columns, selector));
            } else {
                int named = indexOfName(header, item);
                if (named < 0) {
                    throw new IllegalArgumentException("--condition-columns: no column named '" + item + "'"
                            + (header.isEmpty()
                                    ? " (the table has no header line)"
                                    : " (columns: " + shortList(header) + ")"));
                }
                chosen.add(named);
            }
        }
        List<Integer> generated = new ArrayList<>();
        List<Integer> conditions = new ArrayList<>();
        for (int c = 0; c < columns; c++) {
            (chosen.contains(c) ? conditions : generated).add(c);
        }
        return new ConditionColumns(
                generated.stream().mapToInt(Integer::intValue).toArray(),
                conditions.stream().mapToInt(Integer::intValue).toArray());
    }

    private static int index(String text, int columns, String selector) {
        int value = parse(text, selector);
        int resolved = value < 0 ? columns + value : value;
        if (resolved < 0 || resolved >= columns) {
            throw new IllegalArgumentException("--condition-columns '" + selector + "': column " + value
                    + " is outside the table's " + columns + " columns (0-based)");
        }
        return resolved;
    }

    private static int boundary(String text, int columns, String selector) {
        int value = parse(text, selector);
        return value < 0 ? Math.max(0, columns + value) : value;
    }

    private static int parse(String text, String selector) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException notANumber) {
            throw new IllegalArgumentException(
                    "--condition-columns '" + selector + "': '" + text.strip() + "' is not a column index");
        }
    }

    /** The names, or for a long header (image pixels) its first five, "…" and its last two. */
    private static String shortList(List<String> header) {
        if (header.size() <= 12) {
            return String.join(", ", header);
        }
        return String.join(", ", header.subList(0, 5)) + ", …, "
                + String.join(", ", header.subList(header.size() - 2, header.size()));
    }

    private static int indexOfName(List<String> header, String name) {
        for (int c = 0; c < header.size(); c++) {
            if (header.get(c).strip().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        return -1;
    }

    /** Columns of the joined table. */
    public int columns() {
        return generated.length + conditions.length;
    }

    /** x: the generated columns of a joined table. */
    public DataMatrix generatedPart(DataMatrix joint) {
        check(joint);
        return joint.selectColumns(generated);
    }

    /** c: the condition columns of a joined table. */
    public DataMatrix conditionPart(DataMatrix joint) {
        check(joint);
        return joint.selectColumns(conditions);
    }

    private void check(DataMatrix joint) {
        if (joint.cols() != columns()) {
            throw new IllegalArgumentException(
                    "a table of " + joint.cols() + " columns; the condition columns were " + "chosen for " + columns());
        }
    }

    @Override
    public int[] generated() {
        return generated.clone();
    }

    @Override
    public int[] conditions() {
        return conditions.clone();
    }
}
