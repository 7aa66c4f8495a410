import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The last line of {@code make test}: counts from Surefire's XML reports, read at a glance, e.g.
 * {@code tests: 1836 run, 1820 passed, 0 failed, 16 skipped (no GPU: 16) in 312 s}. Failed tests are
 * listed above it (at most 20). Run by the Makefile with the JDK's source launcher:
 * {@code java bin/TestSummary.java target/surefire-reports SECONDS}.
 */
public final class TestSummary {
    private static final Pattern SUITE = Pattern.compile("<testsuite\\b[^>]*>");
    private static final Pattern CASE = Pattern.compile("<testcase\\b([^>]*?)(/>|>(.*?)</testcase>)", Pattern.DOTALL);
    private static final Pattern SKIPPED = Pattern.compile("<skipped\\b[^>]*?(?:message=\"([^\"]*)\")?[^>]*?(?:/>|>(.*?)</skipped>)",
            Pattern.DOTALL);
    private static final Pattern ASSUMPTION = Pattern.compile("Assumption failed: (.*?)(?:, |: |\\n|$)", Pattern.MULTILINE);

    public static void main(String[] args) throws IOException {
        Path reports = Path.of(args[0]);
        String seconds = args.length > 1 ? args[1] + " s" : "";
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(reports)) {
            try (Stream<Path> list = Files.list(reports)) {
                list.filter(path -> path.getFileName().toString().matches("TEST-.*\\.xml")).sorted().forEach(files::add);
            }
        }
        if (files.isEmpty()) {
            System.out.println("tests: no reports under " + reports + " (the build stopped before the tests ran) after " + seconds);
            return;
        }
        int run = 0;
        int failed = 0;
        List<String> failures = new ArrayList<>();
        Map<String, Integer> skipReasons = new TreeMap<>();
        for (Path file : files) {
            Matcher cases = CASE.matcher(Files.readString(file));
            while (cases.find()) {
                run++;
                String body = cases.group(3) == null ? "" : cases.group(3);
                if (body.contains("<failure") || body.contains("<error")) {
                    failed++;
                    failures.add(attribute(cases.group(1), "classname") + "." + attribute(cases.group(1), "name"));
                } else {
                    Matcher skipped = SKIPPED.matcher(body);
                    if (skipped.find()) {
                        skipReasons.merge(skipReason(skipped), 1, Integer::sum);
                    }
                }
            }
        }
        failures.stream().limit(20).forEach(name -> System.out.println("FAILED " + name));
        int skippedCount = skipReasons.values().stream().mapToInt(Integer::intValue).sum();
        List<String> reasons = new ArrayList<>();
        skipReasons.forEach((reason, count) -> reasons.add(reason + ": " + count));
        System.out.println("tests: " + run + " run, " + (run - failed - skippedCount) + " passed, " + failed + " failed, "
                + skippedCount + " skipped" + (reasons.isEmpty() ? "" : " (" + String.join(", ", reasons) + ")")
                + " in " + seconds);
    }

    /**
     * "no GPU" from "Assumption failed: no GPU, CUDA test skipped: ...": up to the first ", " or ": ", less an
     * unclosed parenthesis; else the message, shortened.
     */
    private static String skipReason(Matcher skipped) {
        String text = skipped.group(1) != null ? skipped.group(1) : skipped.group(2) == null ? "" : skipped.group(2);
        Matcher assumption = ASSUMPTION.matcher(text);
        if (assumption.find()) {
            String reason = assumption.group(1).trim();
            int open = reason.lastIndexOf('(');
            return open > 0 && reason.indexOf(')', open) < 0 ? reason.substring(0, open).trim() : reason;
        }
        String line = text.replace("<![CDATA[", "").strip().lines().findFirst().orElse("");
        return line.isEmpty() ? "disabled" : line.length() > 40 ? line.substring(0, 40) + "..." : line;
    }

    private static String attribute(String attributes, String name) {
        Matcher value = Pattern.compile("\\b" + name + "=\"([^\"]*)\"").matcher(attributes);
        return value.find() ? value.group(1) : "?";
    }
}
