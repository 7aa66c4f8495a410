package lfm.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import lfm.io.AtomicFiles;

/**
 * The HTML report of one or several runs: one self-contained file (its CSS, script and data inline;
 * a Content-Security-Policy that forbids every fetch), readable without any other file. Tables are
 * HTML; the loss curves, per-block diagnostics and sample figures are drawn by the inline script from
 * the embedded JSON ({@link ReportData}). Sections: comparison and spread across seeds (several runs),
 * training loss (log-scale option), per-block diagnostics, then per run: samples vs data, eval metrics
 * with floors, blocks and timings, machine and backend, configuration.
 */
public final class ReportPage {
    static final String POLICY =
            "default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'";

    private ReportPage() {}

    /**
     * Writes the page atomically.
     *
     * @param figures per run its sample figure's JSON, or null where there is none
     * @param notes   per run a line saying why a figure is missing (or null)
     */
    public static void write(
            Path file, String title, List<RunOverview> runs, List<ObjectNode> figures, List<String> notes)
            throws IOException {
        byte[] page = html(title, runs, figures, notes).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, out -> out.write(page));
    }

    static String html(String title, List<RunOverview> runs, List<ObjectNode> figures, List<String> notes) {
        StringBuilder html = new StringBuilder(1 << 16);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"")
                .append(POLICY)
                .append("\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<link rel=\"icon\" href=\"data:,\">\n<title>")
                .append(Html.escape(title))
                .append("</title>\n<style>\n")
                .append(resource("report.css"))
                .append("</style></head>\n<body>\n");
        header(html, title, runs);
        html.append("<main>\n");
        if (runs.size() > 1) {
            html.append("<section id=\"comparison\"><h2>Comparison</h2>\n")
                    .append(ComparisonTables.runs(runs))
                    .append("<h3>Settings that differ</h3>\n")
                    .append(ComparisonTables.differences(runs));
            List<SeedSpread.Group> groups = SeedSpread.groups(runs);
            if (SeedSpread.hasSpread(groups)) {
                html.append("<h3 id=\"spread\">Spread across seeds</h3>\n").append(ComparisonTables.spread(groups));
            }
            html.append("</section>\n");
        }
        charts(html);
        for (int r = 0; r < runs.size(); r++) {
            RunSection.append(html, r, runs.get(r), figures.get(r) != null, notes.get(r), runs.size() == 1);
        }
        html.append("</main>\n<script type=\"application/json\" id=\"lfm-data\">")
                .append(ReportData.build(runs, figures).toString().replace("<", "\\u003c"))
                .append("</script>\n<script>\n")
                .append(resource("report.js"))
                .append("</script>\n</body></html>\n");
        return html.toString();
    }

    private static void header(StringBuilder html, String title, List<RunOverview> runs) {
        html.append("<header><h1>")
                .append(Html.escape(title))
                .append("</h1><p>")
                .append(runs.size() == 1 ? "1 run" : runs.size() + " runs")
                .append(" · written ")
                .append(Html.escape(ZonedDateTime.now(ZoneId.systemDefault())
                        .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z"))))
                .append(" by lfm report</p>\n<nav>");
        if (runs.size() > 1) {
            html.append("<a href=\"#comparison\">comparison</a>");
        }
        html.append("<a href=\"#loss\">loss</a><a href=\"#diagnostics\">per-block diagnostics</a>");
        for (int r = 0; r < runs.size(); r++) {
            html.append("<a href=\"#run-")
                    .append(r)
                    .append("\">")
                    .append(Html.escape(runs.get(r).name()))
                    .append("</a>");
        }
        html.append("</nav></header>\n");
    }

    private static void charts(StringBuilder html) {
        html.append("""
                <section id="loss"><h2>Training loss</h2>
                <div class="controls">
                <label><input type="checkbox" id="loss-log" checked> log scale</label>
                <label>x axis <select id="loss-x"><option value="global">optimiser step of the run (blocks one after another)</option>
                <option value="block">step within each block (blocks overlaid)</option></select></label>
                <label>show <select id="loss-quantity"><option value="loss">loss</option><option value="learningRate">learning rate</option>
                <option value="gradientNorm">gradient norm</option></select></label>
                </div>
                <div id="loss-chart"></div>
                <p class="note">From loss.csv: the mean flow-matching loss over each logging interval (the gradient norm
                is that of the interval's last step, before clipping). Click a legend entry to hide or show it; hover for values.</p>
                </section>
                <section id="diagnostics"><h2>Per-block diagnostics</h2>
                <div class="controls">
                <label><input type="checkbox" id="diagnostics-log" checked> log scale</label>
                <label>show <select id="diagnostics-quantity"><option value="step">energy distance p(n−1) → p(n)</option>
                <option value="noise">energy distance of p(n) to N(0, I)</option></select></label>
                </div>
                <div id="diagnostics-chart"></div>
                <p class="note">Solid: the training pool after each block (train.json, a subsample of the pool);
                dashed: held-out points pushed through the blocks by <code>lfm eval</code> (eval.json). An OU block
                should move the distribution a little, by about its γ; the free block carries it the rest of the way to
                N(0, I). Energy distances are unbiased U-statistics: values at or below zero (not drawn on a log scale)
                mean "indistinguishable at this sample size".</p>
                </section>
                """);
    }

    static String resource(String name) {
        try (InputStream in = ReportPage.class.getResourceAsStream("/lfm/report/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks lfm/report/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }
}
