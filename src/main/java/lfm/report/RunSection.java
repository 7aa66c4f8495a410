package lfm.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * The report's section for one run: samples vs data, eval metrics with their floors, timings, machine
 * and backend, the blocks (γ, final loss, times, diagnostics) and the whole configuration.
 */
final class RunSection {
    private RunSection() {}

    /** @param openConfiguration whether the configuration table starts unfolded */
    static void append(
            StringBuilder html,
            int index,
            RunOverview run,
            boolean hasFigure,
            String figureNote,
            boolean openConfiguration) {
        html.append("<section class=\"run\" id=\"run-")
                .append(index)
                .append("\"><h2><span class=\"swatch\" style=\"background:")
                .append(ReportData.color(index))
                .append("\"></span>")
                .append(Html.escape(run.name()))
                .append(' ')
                .append(Html.badge(run.status()))
                .append("</h2>\n<p class=\"note\">")
                .append(Html.escape(
                        run.method() + " on " + run.data() + " (D = " + run.dimension() + "), " + run.blocks()
                                + " blocks × " + run.stepsPerBlock() + " steps, seed " + run.seed() + " · "
                                + run.folder().toAbsolutePath().normalize()))
                .append("</p>\n");
        if (run.status() == RunStatus.FAILED && !run.error().isEmpty()) {
            html.append("<p class=\"problems\">Stopped by an error: ")
                    .append(Html.escape(run.error()))
                    .append("</p>\n");
        }
        for (String problem : run.problems()) {
            html.append("<p class=\"problems\">Could not read ")
                    .append(Html.escape(problem))
                    .append("</p>\n");
        }
        html.append("<h3>Samples vs data</h3>\n");
        if (hasFigure) {
            html.append("<div class=\"sample-figure\" id=\"figure-")
                    .append(index)
                    .append("\"></div>\n");
        } else {
            html.append("<p class=\"note\">")
                    .append(Html.escape(figureNote == null ? "no figure" : figureNote))
                    .append("</p>\n");
        }
        html.append("<div class=\"columns\"><div>");
        evalTable(html, run);
        html.append("</div><div>");
        timings(html, run);
        machine(html, run.train());
        html.append("</div></div>\n");
        blocks(html, run);
        configuration(html, run, openConfiguration);
        html.append("</section>\n");
    }

    private static void evalTable(StringBuilder html, RunOverview run) {
        html.append("<h3>Eval metrics</h3>\n");
        JsonNode eval = run.eval();
        if (eval.isMissingNode()) {
            html.append("<p class=\"note\">Not evaluated yet: <code>lfm eval --run ")
                    .append(Html.escape(run.folder()))
                    .append("</code> writes eval.json.</p>\n");
            return;
        }
        html.append(
                "<table class=\"eval-table\"><thead><tr><th>metric</th><th>value</th><th>floor</th></tr></thead><tbody>\n");
        String[][] metrics = {
            {"energy distance", "energy_distance"},
            {"MMD² (RBF)", "mmd_squared"},
            {"sliced Wasserstein-1", "sliced_wasserstein1"}
        };
        for (String[] metric : metrics) {
            html.append("<tr>")
                    .append(Html.cell(metric[0]))
                    .append(Html.numberCell(Html.number(run.evalNumber("/metrics/" + metric[1])), null))
                    .append(Html.numberCell(Html.number(run.evalNumber("/metrics_floor/" + metric[1])), null))
                    .append("</tr>\n");
        }
        if (eval.has("nll")) {
            html.append("<tr>")
                    .append(Html.cell("NLL (" + eval.at("/nll/units").asText("nats") + ")"))
                    .append(Html.numberCell(
                            Html.number(run.evalNumber("/nll/mean")) + " ± "
                                    + Html.number(run.evalNumber("/nll/standard_error")),
                            eval.at("/nll/points").asText() + " points"))
                    .append("<td></td></tr>\n");
        }
        if (eval.has("blocks")) {
            html.append("<tr>")
                    .append(Html.cell("pushed points vs N(0, I)"))
                    .append(Html.numberCell(
                            Html.number(run.evalNumber("/blocks/noise_energy_distance")), "energy distance"))
                    .append("<td></td></tr>\n<tr>")
                    .append(Html.cell("round trip data → noise → data"))
                    .append(Html.numberCell(Html.number(run.evalNumber("/blocks/round_trip_rms")), "RMS error"))
                    .append("<td></td></tr>\n");
        }
        html.append("</tbody></table>\n<p class=\"note\">")
                .append(Html.escape(eval.at("/generation/method").asText("?") + ", "
                        + eval.path("held_out_points").asText("?") + " held-out "
                        + eval.path("data").asText("") + " points ("
                        + eval.path("split").asText("test") + " split); floor: "
                        + eval.at("/metrics_floor/reference").asText("not measured") + "; evaluated "
                        + eval.path("evaluated_at").asText("?")))
                .append("</p>\n");
    }

    private static void timings(StringBuilder html, RunOverview run) {
        JsonNode blocks = run.train().path("blocks");
        double train = 0, push = 0;
        for (JsonNode block : blocks) {
            train += block.path("train_seconds").asDouble(0);
            push += block.path("push_seconds").asDouble(0);
        }
        html.append("<h3>Timings</h3>\n<table class=\"timings\"><tbody>\n")
                .append(row("training wall time", Html.seconds(run.wallSeconds())));
        if (blocks.size() > 0) {
            html.append(row("optimiser steps (all blocks)", Html.seconds(train)))
                    .append(row("pool pushes (all blocks)", Html.seconds(push)));
        }
        if (run.train().has("resumes")) {
            html.append(row("resumed", run.train().get("resumes").asText() + " times"));
        }
        if (run.eval().has("seconds")) {
            html.append(row("lfm eval", Html.seconds(run.eval().get("seconds").asDouble())));
        }
        if (run.eval().has("generation")) {
            html.append(row(
                    "sampling",
                    Html.number(run.evalNumber("/generation/points_per_s")) + " points/s, "
                            + run.eval().at("/generation/evaluations_per_point").asText()
                            + " network evaluations per point"));
        }
        html.append("</tbody></table>\n");
    }

    private static void machine(StringBuilder html, JsonNode train) {
        html.append("<h3>Machine and backend</h3>\n");
        if (!train.has("backend")) {
            html.append("<p class=\"note\">Not recorded (no train.json).</p>\n");
            return;
        }
        html.append("<table class=\"machine\"><tbody>\n")
                .append(row("backend", train.path("backend").asText()));
        for (Map.Entry<String, JsonNode> field : train.path("machine").properties()) {
            html.append(row(field.getKey(), field.getValue().asText()));
        }
        html.append("</tbody></table>\n");
    }

    private static void blocks(StringBuilder html, RunOverview run) {
        html.append(
                "<h3>Blocks</h3>\n<table class=\"blocks-table\"><thead><tr><th>block</th><th>γ</th><th>final loss</th>"
                        + "<th>train</th><th>push</th><th>push evaluations</th><th>energy distance p(n−1) → p(n)</th>"
                        + "<th>p(n) to N(0, I)</th><th>eval: p(n−1) → p(n)</th></tr></thead><tbody>\n");
        List<Double> gammas = run.gammas();
        JsonNode trained = run.train().path("blocks");
        JsonNode evalSteps = run.eval().at("/blocks/step_energy_distances");
        for (int n = 1; n <= run.blocks(); n++) {
            int block = n;
            double loss = run.loss().stream()
                    .filter(p -> p.block() == block)
                    .reduce((a, b) -> b)
                    .map(LossPoint::loss)
                    .orElse(Double.NaN);
            JsonNode record = trained.size() >= n
                    ? trained.get(n - 1)
                    : com.fasterxml.jackson.databind.node.MissingNode.getInstance();
            html.append("<tr>")
                    .append(Html.numberCell(Integer.toString(n), null))
                    .append(Html.numberCell(n <= gammas.size() ? Html.number(gammas.get(n - 1)) : "free", null))
                    .append(Html.numberCell(Html.number(loss), null))
                    .append(Html.numberCell(
                            Html.seconds(record.path("train_seconds").asDouble(Double.NaN)), null))
                    .append(Html.numberCell(
                            Html.seconds(record.path("push_seconds").asDouble(Double.NaN)), null))
                    .append(Html.numberCell(
                            record.has("push_evaluations")
                                    ? record.get("push_evaluations").asText()
                                    : "–",
                            null))
                    .append(Html.numberCell(
                            Html.number(record.path("step_energy_distance").asDouble(Double.NaN)), null))
                    .append(Html.numberCell(
                            Html.number(record.path("noise_energy_distance").asDouble(Double.NaN)), null))
                    .append(Html.numberCell(
                            Html.number(
                                    evalSteps.size() >= n ? evalSteps.get(n - 1).asDouble() : Double.NaN),
                            null))
                    .append("</tr>\n");
        }
        html.append("</tbody></table>\n");
    }

    private static void configuration(StringBuilder html, RunOverview run, boolean open) {
        html.append(open ? "<details open>" : "<details>").append("""
                <summary>Configuration (config.json)</summary>
                <table class="config-table"><tbody>
                """);
        SeedSpread.flatten(run.config()).forEach((key, value) -> html.append(row(key, value)));
        html.append("</tbody></table></details>\n");
    }

    private static String row(String name, String value) {
        return "<tr><th>" + Html.escape(name) + "</th><td>" + Html.escape(value) + "</td></tr>\n";
    }
}
