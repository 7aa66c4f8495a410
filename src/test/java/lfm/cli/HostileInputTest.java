package lfm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile-file corpus ({@link HostileFiles}) through the command line: every damaged or hostile
 * block file, table and image must end its command with exit status 1 and one error line that names
 * the file and the problem, with no stack trace, and must leave nothing written: {@code lfm train}
 * creates no run folder, {@code lfm sample} writes no output file and the run folder is unchanged.
 */
class HostileInputTest {
    private static final List<String> SUMMARY = new ArrayList<>();

    @TempDir
    static Path temp;

    private static Path template;

    /** A valid run (D = 2, one hidden layer of 8 units, 1 OU block + the free block) whose block file is replaced. */
    @BeforeAll
    static void trainATemplateRun() {
        template = temp.resolve("template");
        CommandLineRunner.Result trained = CommandLineRunner.run(
                "train",
                "--backend",
                "reference",
                "--data",
                "moons",
                "--blocks",
                "1",
                "--steps",
                "2",
                "--hidden",
                "8",
                "--depth",
                "1",
                "--batch",
                "16",
                "--pool",
                "64",
                "--log-every",
                "1",
                "--checkpoint-every",
                "2",
                "--no-plots",
                "--out",
                template.toString());
        assertEquals(0, trained.status(), trained.err());
    }

    @AfterAll
    static void printTheCorpus() {
        System.out.println(
                "hostile inputs: " + SUMMARY.size() + " cases, each exit 1 with one error line, nothing written");
        SUMMARY.forEach(line -> System.out.println("  " + line));
    }

    @Test
    void theCorpusHasAtLeastThirtyCasesAcrossTheFormats() {
        List<HostileFiles.Case> cases = HostileFiles.all();
        assertTrue(cases.size() >= 30, cases.size() + " cases");
        for (String extension : List.of(".safetensors", ".npy", ".csv", ".png")) {
            assertTrue(cases.stream().anyMatch(c -> c.name().endsWith(extension)), extension);
        }
    }

    /** One test per hostile file (the count shows in the test report: 53 at the time of writing). */
    @TestFactory
    Stream<DynamicTest> everyHostileFileEndsWithOneLineAndWritesNothing() {
        return HostileFiles.all().stream().map(hostile -> DynamicTest.dynamicTest(hostile.name(), () -> run(hostile)));
    }

    private void run(HostileFiles.Case hostile) throws IOException {
        Path folder = Files.createDirectories(temp.resolve("case-" + hostile.name()));
        Path file;
        CommandLineRunner.Result result;
        Path written;
        List<String> before;
        if (hostile.reader() == HostileFiles.Reader.BLOCK_FILE) {
            Path run = copy(template, folder.resolve("run"));
            file = run.resolve("block-01.safetensors");
            Files.write(file, hostile.bytes());
            before = listing(folder);
            written = folder.resolve("samples.csv");
            result = CommandLineRunner.run(
                    "sample",
                    "--backend",
                    "reference",
                    "--run",
                    run.toString(),
                    "--n",
                    "10",
                    "--out",
                    written.toString());
        } else {
            file = Files.write(folder.resolve(hostile.name()), hostile.bytes());
            before = listing(folder);
            written = folder.resolve("run");
            result = CommandLineRunner.run(
                    "train",
                    "--backend",
                    "reference",
                    "--data",
                    file.toString(),
                    "--steps",
                    "1",
                    "--no-plots",
                    "--out",
                    written.toString());
        }
        assertEquals(1, result.status(), "exit status; stderr: " + result.err());
        List<String> errors = result.err()
                .lines()
                .filter(line -> line.startsWith("lfm: error: "))
                .toList();
        assertEquals(1, errors.size(), "one error line: " + result.err());
        String line = errors.get(0);
        assertTrue(line.contains(file.toString()), "names the file: " + line);
        assertTrue(line.contains(hostile.problem()), "names the problem (" + hostile.problem() + "): " + line);
        assertFalse(result.err().contains("\tat "), "no stack trace: " + result.err());
        assertTrue(
                result.err().lines().allMatch(l -> l.startsWith("lfm: error: ") || l.startsWith("backend: ")),
                "nothing else on stderr: " + result.err());
        assertFalse(Files.exists(written), written + " must not be written");
        assertEquals(before, listing(folder), "the folder is unchanged");
        SUMMARY.add(String.format(
                "%-48s %s",
                hostile.name(),
                line.substring("lfm: error: ".length())
                        .replace(file.toString(), file.getFileName().toString())));
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.sorted().toList()) {
                Files.copy(source, to.resolve(from.relativize(source).toString()));
            }
        }
        return to;
    }

    /** Every path under {@code folder} with its size, sorted. */
    private static List<String> listing(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.sorted(Comparator.naturalOrder())
                    .map(path -> folder.relativize(path) + " " + (Files.isRegularFile(path) ? size(path) : "dir"))
                    .toList();
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException unreadable) {
            return -1;
        }
    }
}
