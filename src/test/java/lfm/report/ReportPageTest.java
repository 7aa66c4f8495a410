package lfm.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report page's HTML: self-contained, escaped, with the comparison and the spread across seeds. */
class ReportPageTest {
    @TempDir
    Path temp;

    @Test
    void pageReferencesNothingOutsideItself() throws Exception {
        String html = page(List.of(RunFolders.write(temp.resolve("a"), "lfm", 3, 3, 1, "complete", 0.002)));
        Matcher references = Pattern.compile("(?i)\\b(src|href|action|srcset)\\s*=\\s*[\"']?([^\"' >]*)")
                .matcher(html);
        while (references.find()) {
            String target = references.group(2);
            assertTrue(target.startsWith("#") || target.startsWith("data:"), "reference to " + target);
        }
        assertFalse(
                Pattern.compile("(?i)@import|url\\(\\s*['\"]?(https?:|//)")
                        .matcher(html)
                        .find(),
                "CSS fetch");
        assertTrue(html.contains("Content-Security-Policy\" content=\"default-src 'none'"));
        assertEquals(1, count(html, "<script type=\"application/json\" id=\"lfm-data\">"));
    }

    @Test
    void textIsEscapedInHtmlAndInTheEmbeddedData() throws Exception {
        RunOverview run = RunOverview.read(RunFolders.write(temp.resolve("<b>x"), "lfm", 2, 2, 1, "complete", 0.1));
        var figure = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        figure.put("kind", "plane").put("note", "</script><b>");
        String html = ReportPage.html(
                "test", List.of(run), java.util.Arrays.asList(figure), java.util.Arrays.asList((String) null));
        assertFalse(html.contains("<b>"), "text as markup");
        assertTrue(html.contains("&lt;b&gt;x"));
        assertTrue(html.contains("\\u003c/script>\\u003cb>"), "no '<' in the embedded JSON");
    }

    @Test
    void severalRunsGetAComparisonAndTheSpreadAcrossSeeds() throws Exception {
        List<Path> runs = new ArrayList<>();
        double[] energies = {0.001, 0.002, 0.006};
        for (int seed = 1; seed <= 3; seed++) {
            runs.add(RunFolders.write(temp.resolve("lfm-" + seed), "lfm", 3, 3, seed, "complete", energies[seed - 1]));
            runs.add(RunFolders.write(temp.resolve("fm-" + seed), "fm", 1, 1, seed, "complete", 0.01 * seed));
        }
        String html = page(runs);
        assertEquals(
                6,
                count(
                        html.substring(
                                html.indexOf("id=\"comparison-table\""),
                                html.indexOf("</table>", html.indexOf("id=\"comparison-table\""))),
                        "<tr><td>"));
        String spread = html.substring(html.indexOf("id=\"spread-table\""));
        spread = spread.substring(0, spread.indexOf("</table>"));
        // lfm: energy 0.001, 0.002, 0.006 → mean 0.003, s.d. √(((−2)² + (−1)² + 3²)/2)·10⁻³ = 2.646e-03.
        assertTrue(spread.contains("0.003 ± 0.002646"), spread);
        assertTrue(spread.contains("<td>gammas=[0.1, 0.2], method=lfm</td>"), spread);
        assertTrue(spread.contains("0.001 ± 0<"), "equal values have no spread: " + spread);
        assertTrue(spread.contains("1, 2, 3"), "the seeds of each group");
    }

    private String page(List<Path> folders) {
        List<RunOverview> runs = folders.stream().map(RunOverview::read).toList();
        List<com.fasterxml.jackson.databind.node.ObjectNode> figures = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        runs.forEach(run -> {
            figures.add(null);
            notes.add("no figure in this test");
        });
        return ReportPage.html("test report", runs, figures, notes);
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }
}
