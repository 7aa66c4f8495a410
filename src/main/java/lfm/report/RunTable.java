package lfm.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The table of {@code lfm runs}: one row per run folder under a directory, sortable by any column,
 * as aligned text or as JSON. Numbers that a run does not have yet (no eval.json) show as "-" and sort
 * last.
 */
public final class RunTable {
    /** How deep below the listed directory run folders are looked for (a sweep keeps them two levels down). */
    public static final int SEARCH_DEPTH = 3;
    /** {@link #SEARCH_DEPTH} as text, for help strings. */
    public static final String SEARCH_DEPTH_TEXT = "3";

    /** A column: its name (also the --sort key and JSON field), and how a run's cell reads. */
    public record Column(String name, String heading, Function<RunOverview, Object> value) {}

    public static final List<Column> COLUMNS = List.of(
            new Column("name", "run", RunOverview::name),
            new Column("status", "status", run -> run.status().label()),
            new Column("done", "blocks done", run -> run.blockFiles() + "/" + run.blocks()),
            new Column("method", "method", RunOverview::method),
            new Column("data", "data", RunOverview::data),
            new Column("blocks", "blocks", RunOverview::blocks),
            new Column("steps", "steps/block", RunOverview::stepsPerBlock),
            new Column("seed", "seed", RunOverview::seed),
            new Column("wall", "wall s", RunOverview::wallSeconds),
            new Column("loss", "final loss", RunOverview::finalLoss),
            new Column("energy", "energy dist", run -> run.evalNumber("/metrics/energy_distance")),
            new Column("mmd", "MMD²", run -> run.evalNumber("/metrics/mmd_squared")),
            new Column("sliced", "sliced W₁", run -> run.evalNumber("/metrics/sliced_wasserstein1")),
            new Column("nll", "NLL", run -> run.evalNumber("/nll/mean")));

    private RunTable() {}

    /** Every run folder at or below {@code root} (not inside another run), sorted by path. */
    public static List<RunOverview> find(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new java.nio.file.NoSuchFileException(root + " (not a directory)");
        }
        List<RunOverview> runs = new ArrayList<>();
        collect(root, 0, runs);
        runs.sort(Comparator.comparing(run -> run.folder().toString()));
        return runs;
    }

    private static void collect(Path folder, int depth, List<RunOverview> runs) throws IOException {
        if (RunOverview.isRun(folder)) {
            runs.add(RunOverview.read(folder));
            return;
        }
        if (depth >= SEARCH_DEPTH) {
            return;
        }
        try (Stream<Path> children = Files.list(folder)) {
            for (Path child : children.filter(Files::isDirectory).sorted().toList()) {
                collect(child, depth + 1, runs);
            }
        } catch (UncheckedIOException unreadable) {
            throw unreadable.getCause();
        }
    }

    /** The column named {@code name}; an unknown name lists the valid ones. */
    public static Column column(String name) {
        return COLUMNS.stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown column '" + name + "' (expected one of "
                        + String.join(", ", COLUMNS.stream().map(Column::name).toList()) + ")"));
    }

    /** The runs ordered by a column (missing numbers last whichever the direction). */
    public static List<RunOverview> sort(List<RunOverview> runs, Column by, boolean descending) {
        Comparator<RunOverview> order =
                (a, b) -> compare(by.value().apply(a), by.value().apply(b), descending);
        return runs.stream().sorted(order.thenComparing(RunOverview::name)).toList();
    }

    private static int compare(Object a, Object b, boolean descending) {
        boolean aMissing = a instanceof Double d && d.isNaN(), bMissing = b instanceof Double d && d.isNaN();
        if (aMissing || bMissing) {
            return Boolean.compare(aMissing, bMissing);
        }
        int order = a instanceof Number x && b instanceof Number y
                ? Double.compare(x.doubleValue(), y.doubleValue())
                : a.toString().compareTo(b.toString());
        return descending ? -order : order;
    }

    /** Aligned text: a heading line, then one line per run. */
    public static String text(List<RunOverview> runs) {
        List<String[]> rows = new ArrayList<>();
        rows.add(COLUMNS.stream().map(Column::heading).toArray(String[]::new));
        for (RunOverview run : runs) {
            rows.add(COLUMNS.stream().map(c -> cell(c.value().apply(run))).toArray(String[]::new));
        }
        int[] widths = new int[COLUMNS.size()];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.length; c++) {
                line.append(String.format(Locale.ROOT, "%-" + widths[c] + "s", row[c]))
                        .append(c + 1 < row.length ? "  " : "");
            }
            text.append(line.toString().stripTrailing()).append('\n');
        }
        return text.toString();
    }

    /** One JSON object per run (the column names as fields; missing numbers as null; the folder path). */
    public static ArrayNode json(List<RunOverview> runs) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (RunOverview run : runs) {
            ObjectNode row = array.addObject();
            row.put("folder", run.folder().toString());
            for (Column column : COLUMNS) {
                Object value = column.value().apply(run);
                if (value instanceof Double d) {
                    if (Double.isFinite(d)) {
                        row.put(column.name(), d);
                    } else {
                        row.putNull(column.name());
                    }
                } else if (value instanceof Number n) {
                    row.put(column.name(), n.longValue());
                } else {
                    row.put(column.name(), value.toString());
                }
            }
            if (run.status() == RunStatus.FAILED) {
                row.put("error", run.error());
            }
        }
        return array;
    }

    static String cell(Object value) {
        if (value instanceof Double d) {
            if (!Double.isFinite(d)) {
                return "-";
            }
            double magnitude = Math.abs(d);
            return magnitude != 0 && (magnitude < 1e-3 || magnitude >= 1e5)
                    ? String.format(Locale.ROOT, "%.3e", d)
                    : String.format(Locale.ROOT, "%.4g", d);
        }
        return value.toString();
    }
}
