package lfm.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import lfm.report.RunOverview;
import lfm.report.RunStatus;
import lfm.run.RunFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * lfm sweep killed with SIGKILL while its second run trains, then started again with the same
 * arguments: the first run is not redone, the second resumes from its checkpoint, both are evaluated
 * and the report is written. A different grid in the same folder is refused.
 */
class SweepCommandTest {
    private static final String[] SWEEP = {
        "sweep",
        "--sweep",
        "seed=1,2",
        "--eval-n",
        "300",
        "--eval-solver",
        "rk4:4",
        "--report-points",
        "300",
        "--",
        "--backend",
        "cpu",
        "--threads",
        "1",
        "--data",
        "8gaussians",
        "--blocks",
        "1",
        "--steps",
        "160",
        "--hidden",
        "16",
        "--batch",
        "64",
        "--pool",
        "1000",
        "--log-every",
        "10",
        "--checkpoint-every",
        "20",
        "--no-plots"
    };

    @Test
    void killedSweepContinuesWithoutRedoingFinishedRuns(@TempDir Path temp) throws Exception {
        Path sweep = temp.resolve("sweep");
        RunFolder first = new RunFolder(sweep.resolve("runs/seed=1")),
                second = new RunFolder(sweep.resolve("runs/seed=2"));
        Process process = start(sweep);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (!(second.hasState() && second.readState().blockStep() > 0)) {
            assertTrue(process.isAlive(), "the sweep ended before it could be killed");
            assertTrue(System.nanoTime() < deadline, "the second run did not checkpoint within 180 s");
            Thread.sleep(20);
        }
        process.destroyForcibly();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(RunStatus.COMPLETE, RunOverview.read(first.root()).status());
        assertEquals(RunStatus.PARTIAL, RunOverview.read(second.root()).status());
        assertTrue(Files.exists(first.evalResult(false)), "the first run was evaluated before the second started");
        byte[] firstWeights = Files.readAllBytes(first.blockWeights(2));
        FileTime firstWritten = Files.getLastModifiedTime(first.blockWeights(2));

        CommandLineRunner.Result again = CommandLineRunner.run(arguments(sweep));
        assertEquals(0, again.status(), again.err() + again.out());
        JsonNode summary = RunFolder.JSON.readTree(again.lastLine());
        assertEquals(2, summary.get("complete").asInt());
        assertEquals(
                "already trained, already evaluated", summary.at("/outcomes/0").asText());
        assertEquals("resumed and trained, evaluated", summary.at("/outcomes/1").asText());
        assertArrayEquals(firstWeights, Files.readAllBytes(first.blockWeights(2)));
        assertEquals(firstWritten, Files.getLastModifiedTime(first.blockWeights(2)), "the finished run was not redone");
        assertEquals(
                1,
                RunFolder.JSON
                        .readTree(second.trainRecord().toFile())
                        .get("resumes")
                        .asInt());
        assertTrue(Files.exists(second.evalResult(false)));
        String report = Files.readString(sweep.resolve("report.html"));
        assertTrue(
                report.contains("id=\"spread-table\"") && report.contains("<td>1, 2</td>"), "spread across the seeds");

        List<String> other = new ArrayList<>(List.of(arguments(sweep)));
        other.set(other.indexOf("seed=1,2"), "seed=1,2,3");
        CommandLineRunner.Result refused = CommandLineRunner.run(other.toArray(String[]::new));
        assertEquals(1, refused.status());
        assertTrue(refused.err().contains("holds another sweep"), refused.err());
        assertFalse(Files.exists(sweep.resolve("runs/seed=3")));
    }

    private static String[] arguments(Path sweep) {
        List<String> args = new ArrayList<>(List.of(SWEEP));
        args.addAll(1, List.of("--out", sweep.toString()));
        return args.toArray(String[]::new);
    }

    private static Process start(Path sweep) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(
                java,
                "--add-modules",
                "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                "lfm.cli.Main"));
        command.addAll(List.of(arguments(sweep)));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(File.createTempFile("lfm-sweep-killed", ".log"))
                .start();
    }
}
