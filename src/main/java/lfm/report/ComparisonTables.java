package lfm.report;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The report's tables across runs: one row per run (status, size, wall time, final loss, eval metrics
 * with their floors, NLL), and, when runs differ only by seed, the spread across seeds per group.
 */
final class ComparisonTables {
    /** A number shown per run and summarised per group. */
    private record Measure(String heading, ToDoubleFunction<RunOverview> value) {}

    private static final List<Measure> MEASURES = List.of(
            new Measure("wall", RunOverview::wallSeconds),
            new Measure("final loss", RunOverview::finalLoss),
            new Measure("energy distance", run -> run.evalNumber("/metrics/energy_distance")),
            new Measure("MMD²", run -> run.evalNumber("/metrics/mmd_squared")),
            new Measure("sliced W₁", run -> run.evalNumber("/metrics/sliced_wasserstein1")),
            new Measure("NLL (nats)", run -> run.evalNumber("/nll/mean")));

    private ComparisonTables() {}

    static String runs(List<RunOverview> runs) {
        StringBuilder html = new StringBuilder("<table id=\"comparison-table\"><thead><tr><th>run</th><th>status</th>"
                + "<th>method</th><th>data</th><th>blocks × steps</th><th>seed</th>");
        MEASURES.forEach(
                m -> html.append("<th>").append(Html.escape(m.heading())).append("</th>"));
        html.append("</tr></thead><tbody>\n");
        for (int r = 0; r < runs.size(); r++) {
            RunOverview run = runs.get(r);
            html.append("<tr><td><span class=\"swatch\" style=\"background:")
                    .append(ReportData.color(r))
                    .append("\"></span><a href=\"#run-")
                    .append(r)
                    .append("\">")
                    .append(Html.escape(run.name()))
                    .append("</a></td><td>")
                    .append(Html.badge(run.status()))
                    .append("</td>")
                    .append(Html.cell(run.method()))
                    .append(Html.cell(run.data()))
                    .append(Html.numberCell(run.blocks() + " × " + run.stepsPerBlock(), null))
                    .append(Html.numberCell(Long.toString(run.seed()), null))
                    .append(Html.numberCell(Html.seconds(run.wallSeconds()), null))
                    .append(Html.numberCell(Html.number(run.finalLoss()), "block " + run.lastLoggedBlock()));
            for (String metric : new String[] {"energy_distance", "mmd_squared", "sliced_wasserstein1"}) {
                double floor = run.evalNumber("/metrics_floor/" + metric);
                html.append(Html.numberCell(
                        Html.number(run.evalNumber("/metrics/" + metric)),
                        Double.isNaN(floor) ? "" : "floor " + Html.number(floor)));
            }
            double standardError = run.evalNumber("/nll/standard_error");
            html.append(Html.numberCell(
                            Html.number(run.evalNumber("/nll/mean")),
                            Double.isNaN(standardError) ? "" : "± " + Html.number(standardError)))
                    .append("</tr>\n");
        }
        html.append("</tbody></table>\n<p class=\"note\">Final loss: the mean loss of the last logging interval of"
                + " the last block reached (for LFM the free block, whose loss is not comparable with an FM run's)."
                + " Metrics: generated vs held-out points from <code>lfm eval</code> (lower is better); the floor"
                + " is a second held-out sample against the first, what a perfect model scores at that sample"
                + " size. – : not measured (no eval.json).</p>\n");
        return html.toString();
    }

    /** The configuration fields whose values differ between the runs: one row per run, one column per field. */
    static String differences(List<RunOverview> runs) {
        List<java.util.Map<String, String>> flat =
                runs.stream().map(run -> SeedSpread.flatten(run.config())).toList();
        List<String> keys = flat.stream()
                .flatMap(m -> m.keySet().stream())
                .distinct()
                .sorted()
                .filter(key -> !key.equals("out") && !key.endsWith(".out"))
                .filter(key -> flat.stream().map(m -> m.get(key)).distinct().count() > 1)
                .toList();
        if (keys.isEmpty()) {
            return "<p class=\"note\">The runs share every configuration field.</p>\n";
        }
        StringBuilder html = new StringBuilder("<table id=\"differences-table\"><thead><tr><th>run</th>");
        keys.forEach(key -> html.append("<th>").append(Html.escape(key)).append("</th>"));
        html.append("</tr></thead><tbody>\n");
        for (int r = 0; r < runs.size(); r++) {
            html.append("<tr><td><span class=\"swatch\" style=\"background:")
                    .append(ReportData.color(r))
                    .append("\"></span>")
                    .append(Html.escape(runs.get(r).name()))
                    .append("</td>");
            java.util.Map<String, String> fields = flat.get(r);
            keys.forEach(key -> html.append(Html.cell(fields.getOrDefault(key, "–"))));
            html.append("</tr>\n");
        }
        return html.append("</tbody></table>\n").toString();
    }

    static String spread(List<SeedSpread.Group> groups) {
        StringBuilder html =
                new StringBuilder("<table id=\"spread-table\"><thead><tr><th>runs differing only by seed</th>"
                        + "<th>runs</th><th>seeds</th>");
        MEASURES.forEach(
                m -> html.append("<th>").append(Html.escape(m.heading())).append("</th>"));
        html.append("</tr></thead><tbody>\n");
        for (SeedSpread.Group group : groups) {
            html.append("<tr>")
                    .append(Html.cell(group.label()))
                    .append(Html.numberCell(Integer.toString(group.runs().size()), null))
                    .append(Html.cell(String.join(
                            ", ",
                            group.runs().stream()
                                    .map(r -> Long.toString(r.seed()))
                                    .toList())));
            for (Measure measure : MEASURES) {
                SeedSpread.Summary summary = SeedSpread.Summary.of(group.runs().stream()
                        .map(run -> measure.value().applyAsDouble(run))
                        .toList());
                String text = measure.heading().equals("wall") && summary.count() > 0
                        ? Html.seconds(summary.mean())
                                + (summary.count() > 1 ? " ± " + Html.seconds(summary.standardDeviation()) : "")
                        : summary.text();
                html.append(Html.numberCell(
                        Html.escape(text),
                        summary.count() < group.runs().size() && summary.count() > 0
                                ? "of " + summary.count() + " runs"
                                : null));
            }
            html.append("</tr>\n");
        }
        html.append("</tbody></table>\n<p class=\"note\">Mean ± sample standard deviation over the runs of each group"
                + " (the seed changes the initial weights, every training draw and the evaluation's data draw).</p>\n");
        return html.toString();
    }
}
