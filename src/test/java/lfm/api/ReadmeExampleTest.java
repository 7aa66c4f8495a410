package lfm.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lfm.config.MlpSpec;
import lfm.config.TrainSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The "Use from Java" example of README.md runs, and is the code below (checked line by line). */
class ReadmeExampleTest {

    @Test
    void theReadmeExampleRunsAndPrintsItsLine(@TempDir Path temp) throws Exception {
        Path out = temp.resolve("java-example");
        PrintStream console = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            // spotless:off (README.md shows these lines as they are)
            // README: from here ...
            try (Model model = Lfm.train(TrainSpec.defaults()
                    .withData(data -> data.withSource("8gaussians").withPoolSize(5_000))
                    .withModel(MlpSpec.defaults().withWidth(32))
                    .withFlow(flow -> flow.withGeometricGammas(2, 0.1, 1.5))
                    .withOptimization(optimization -> optimization.withStepsPerBlock(300).withBatch(256))
                    .withRun(run -> run.withOut(out).withBackend("cpu").withPlots(false)), ProgressListener.SILENT)) {
                Samples samples = model.sample(1_000, "rk4:10", 1);
                LogDensities logDensity = model.logDensity(samples.points());
                System.out.printf("%d samples of D = %d by %s, mean log-density %.3f nats%n",
                        samples.points().rows(), model.dimension(), samples.method(), logDensity.mean());
            }
            // ... to here.
            // spotless:on
        } finally {
            System.setOut(console);
        }
        Matcher line = Pattern.compile("1000 samples of D = 2 by rk4:10, mean log-density (-?[0-9.]+) nats\\R")
                .matcher(printed.toString(StandardCharsets.UTF_8));
        assertTrue(line.matches(), printed.toString(StandardCharsets.UTF_8));
        // 8gaussians has entropy ≈ 2.84 nats; a short run's own samples sit a little below −2.84.
        double meanLogDensity = Double.parseDouble(line.group(1));
        assertTrue(meanLogDensity > -4.5 && meanLogDensity < -2.0, "mean log-density " + meanLogDensity);
        assertTrue(Files.exists(out.resolve("block-03.safetensors")));
    }

    @Test
    void theReadmeShowsThisCode() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        Matcher block = Pattern.compile("## Use from Java.*?```java\\n(.*?)```", Pattern.DOTALL)
                .matcher(readme);
        assertTrue(block.find(), "README.md has a java block under 'Use from Java'");
        List<String> example = block.group(1)
                .lines()
                .map(String::strip)
                .dropWhile(text -> !text.startsWith("try (Model model"))
                .toList();
        List<String> test = Files.readString(Path.of("src/test/java/lfm/api/ReadmeExampleTest.java"))
                .lines()
                .map(String::strip)
                .dropWhile(text -> !text.equals("// README: from here ..."))
                .skip(1)
                .takeWhile(text -> !text.equals("// ... to here."))
                .toList();
        assertEquals(11, example.size(), block.group(1));
        assertEquals(example, test, "README example and this test differ");
        assertTrue(
                Collections.indexOfSubList(
                                block.group(1).lines().toList(), List.of("Path out = Path.of(\"runs/java-example\");"))
                        >= 0,
                "the README names its run folder");
    }
}
