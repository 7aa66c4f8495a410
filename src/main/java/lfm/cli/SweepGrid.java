package lfm.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The grid of {@code lfm sweep}: axes given as {@code KEY=V1,V2,...} (KEY a train flag without its
 * dashes or a field's JSON path: {@link SweepSpecs}), every combination of their values, first axis slowest. A value that itself holds commas (a
 * γ list) needs ':' between the values instead: {@code gammas=.1,.15,.225:.05,.1,.2} is two schedules;
 * a single such value ends with ':' ({@code gammas=.1,.15,.225:}).
 */
record SweepGrid(List<SweepGrid.Axis> axes) {

    /** One swept flag and its values, in the order given. */
    record Axis(String key, List<String> values) {}

    /** One run of the grid: its folder name and its value of each key. */
    record Point(String name, Map<String, String> settings) {}

    SweepGrid {
        axes = List.copyOf(axes);
        if (axes.isEmpty()) {
            throw new IllegalArgumentException("--sweep needs at least one KEY=V1,V2,... axis");
        }
        if (axes.stream().map(Axis::key).distinct().count() < axes.size()) {
            throw new IllegalArgumentException("--sweep: a key appears twice");
        }
    }

    static SweepGrid parse(List<String> specs) {
        return new SweepGrid(specs.stream().map(SweepGrid::axis).toList());
    }

    /** "key=v1,v2" or "key=a,b:c,d" → an axis; the key loses leading dashes. */
    static Axis axis(String spec) {
        int equals = spec.indexOf('=');
        if (equals <= 0 || equals == spec.length() - 1) {
            throw new IllegalArgumentException("--sweep " + spec + ": expected KEY=V1,V2,... (e.g. seed=1,2,3)");
        }
        String key = spec.substring(0, equals).replaceFirst("^-+", "");
        String list = spec.substring(equals + 1);
        List<String> values = Arrays.stream(list.split(list.contains(":") ? ":" : ",", -1))
                .map(String::trim)
                .toList();
        if (list.contains(":") && values.get(values.size() - 1).isEmpty()) {
            values = values.subList(0, values.size() - 1); // "a,b:" is the single value "a,b"
        }
        if (values.isEmpty() || values.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("--sweep " + spec + ": an empty value");
        }
        if (values.stream().distinct().count() < values.size()) {
            throw new IllegalArgumentException("--sweep " + spec + ": a value appears twice");
        }
        return new Axis(key, values);
    }

    /** Every combination, first axis slowest. */
    List<Point> points() {
        List<Point> points = new ArrayList<>();
        int[] index = new int[axes.size()];
        while (true) {
            Map<String, String> settings = new LinkedHashMap<>();
            List<String> parts = new ArrayList<>();
            for (int a = 0; a < axes.size(); a++) {
                Axis axis = axes.get(a);
                String value = axis.values().get(index[a]);
                settings.put(axis.key(), value);
                parts.add(axis.key() + "=" + value);
            }
            points.add(new Point(folderName(String.join("_", parts)), settings));
            int a = axes.size() - 1;
            while (a >= 0 && ++index[a] == axes.get(a).values().size()) {
                index[a--] = 0;
            }
            if (a < 0) {
                return points;
            }
        }
    }

    /** Letters, digits and . , = + - kept; anything else (slashes, spaces, colons) becomes '_'. */
    static String folderName(String text) {
        return text.replaceAll("[^A-Za-z0-9.,=+-]", "_");
    }
}
