package lfm.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import lfm.run.RunFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `lfm train` killed with SIGKILL (kill -9) in the middle of a block and then resumed with --resume
 * ends with the same block weights, byte for byte, as an uninterrupted run.
 */
class KillResumeTest {
    private static final String[] SETTINGS = {
        "train",
        "--backend",
        "cpu",
        "--threads",
        "1",
        "--data",
        "8gaussians",
        "--blocks",
        "2",
        "--steps",
        "400",
        "--hidden",
        "32",
        "--batch",
        "256",
        "--pool",
        "4000",
        "--checkpoint-every",
        "50",
        "--log-every",
        "10",
        "--no-plots",
        "--seed",
        "4"
    };

    @Test
    void killedRunResumesToTheSameBlocks(@TempDir Path temp) throws Exception {
        Path killed = temp.resolve("killed");
        Process process = startTraining(killed);
        RunFolder folder = new RunFolder(killed);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        // Wait until the run is inside block 2 with a mid-block checkpoint, then kill -9.
        while (!(folder.hasState()
                && folder.readState().completedBlocks() >= 1
                && folder.readState().blockStep() > 0)) {
            assertTrue(process.isAlive(), "training ended before it could be killed: " + output(process));
            assertTrue(System.nanoTime() < deadline, "no checkpoint within 120 s");
            Thread.sleep(20);
        }
        process.destroyForcibly(); // SIGKILL: no shutdown hooks, no cleanup
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, process.exitValue(), "killed by SIGKILL");

        CommandLineRunner.Result resumed = CommandLineRunner.run(with(killed, "--resume"));
        assertEquals(0, resumed.status(), resumed.err());
        CommandLineRunner.Result straight = CommandLineRunner.run(with(temp.resolve("straight")));
        assertEquals(0, straight.status(), straight.err());

        RunFolder reference = new RunFolder(temp.resolve("straight"));
        for (int block = 1; block <= 3; block++) {
            assertArrayEquals(
                    Files.readAllBytes(reference.blockWeights(block)),
                    Files.readAllBytes(folder.blockWeights(block)),
                    "block " + block + " after kill -9 and resume");
        }
    }

    private static String[] with(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of(SETTINGS));
        args.add("--out");
        args.add(out.toString());
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    private static Process startTraining(Path out) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(
                java,
                "--add-modules",
                "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                "lfm.cli.Main"));
        command.addAll(List.of(with(out)));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(File.createTempFile("lfm-killed", ".log"))
                .start();
    }

    private static String output(Process process) {
        return "exit " + (process.isAlive() ? "running" : process.exitValue());
    }
}
