package lfm.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Runs grouped by everything but their seed, for the spread across seeds: the configuration fields
 * that differ between the runs name each group ("gammas=[0.1, 0.15, 0.225]"), and per group a
 * number is summarised as mean ± sample standard deviation over the runs that have it.
 */
final class SeedSpread {
    /** Fields that never distinguish groups: the seed, and where and with how many threads a run ran. */
    static final java.util.Set<String> IGNORED = java.util.Set.of("seed", "out", "threads");

    /** One group: its label and runs. */
    record Group(String label, List<RunOverview> runs) {}

    /** Mean, sample standard deviation (NaN for one value) and count of the finite values. */
    record Summary(double mean, double standardDeviation, int count) {
        static Summary of(List<Double> values) {
            List<Double> finite = values.stream().filter(Double::isFinite).toList();
            int n = finite.size();
            double mean = finite.stream().mapToDouble(Double::doubleValue).sum() / n;
            double squares =
                    finite.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
            double deviation = Math.sqrt(squares / (n - 1));
            // Equal values leave only rounding noise (≈ 1e-17 of the mean): show no spread then.
            if (deviation <= 1e-12 * Math.abs(mean)) {
                deviation = 0;
            }
            return new Summary(n == 0 ? Double.NaN : mean, n < 2 ? Double.NaN : deviation, n);
        }

        String text() {
            return count == 0 ? "–" : Html.number(mean) + (count > 1 ? " ± " + Html.number(standardDeviation) : "");
        }
    }

    private SeedSpread() {}

    /** The groups in order of first appearance; a label lists only the fields that vary between runs. */
    static List<Group> groups(List<RunOverview> runs) {
        List<Map<String, String>> flat =
                runs.stream().map(run -> flatten(run.config())).toList();
        List<String> varying = new ArrayList<>();
        for (String key : flat.stream()
                .flatMap(m -> m.keySet().stream())
                .distinct()
                .sorted()
                .toList()) {
            if (!IGNORED.contains(key.substring(key.lastIndexOf('.') + 1))
                    && !key.startsWith("standardization")
                    && flat.stream().map(m -> m.get(key)).distinct().count() > 1) {
                varying.add(key);
            }
        }
        Map<String, List<RunOverview>> grouped = new LinkedHashMap<>();
        for (int r = 0; r < runs.size(); r++) {
            Map<String, String> fields = flat.get(r);
            List<String> parts = new ArrayList<>();
            for (String key : varying) {
                parts.add(key + "=" + Objects.requireNonNullElse(fields.get(key), "–"));
            }
            String label = parts.isEmpty() ? "all runs" : String.join(", ", parts);
            grouped.computeIfAbsent(label, k -> new ArrayList<>()).add(runs.get(r));
        }
        List<Group> groups = new ArrayList<>();
        grouped.forEach((label, members) -> groups.add(new Group(label, List.copyOf(members))));
        return groups;
    }

    /** Whether any group holds more than one run (only then is there a spread to show). */
    static boolean hasSpread(List<Group> groups) {
        return groups.stream().anyMatch(g -> g.runs().size() > 1);
    }

    /** Leaf fields of a JSON object as "a.b" → text (arrays as their JSON text). */
    static Map<String, String> flatten(JsonNode node) {
        Map<String, String> fields = new TreeMap<>();
        flatten("", node, fields);
        return fields;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> fields) {
        if (node.isObject()) {
            node.properties()
                    .forEach(entry -> flatten(
                            prefix.isEmpty() ? entry.getKey() : prefix + "." + entry.getKey(),
                            entry.getValue(),
                            fields));
        } else if (!node.isMissingNode()) {
            fields.put(prefix, text(node));
        }
    }

    /** A value as people read it: numbers to 6 significant digits (0.15, not 0.15000000000000002). */
    static String text(JsonNode node) {
        if (node.isNumber()) {
            return new java.math.BigDecimal(node.asDouble())
                    .round(new java.math.MathContext(6))
                    .stripTrailingZeros()
                    .toPlainString();
        }
        if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(item -> items.add(text(item)));
            return "[" + String.join(", ", items) + "]";
        }
        return node.isValueNode() ? node.asText() : node.toString();
    }
}
