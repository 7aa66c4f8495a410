package lfm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every error case gives one clear line and the documented exit status; no stack trace without --debug. */
class CommandLineErrorsTest {

    private static void assertUsageError(CommandLineRunner.Result result, String fragment) {
        assertEquals(2, result.status(), result.err());
        assertTrue(result.err().contains(fragment), result.err());
        assertTrue(result.err().contains("Usage: lfm"), "usage line expected: " + result.err());
        assertFalse(result.err().contains("\tat "), "no stack trace: " + result.err());
    }

    private static void assertRuntimeError(CommandLineRunner.Result result, String fragment) {
        assertEquals(1, result.status(), result.err());
        assertTrue(result.err().contains("lfm: error: ") && result.err().contains(fragment), result.err());
        assertFalse(result.err().contains("\tat "), "no stack trace: " + result.err());
    }

    @Test
    void unknownFlagsAndBadValuesAreUsageErrors() {
        assertUsageError(CommandLineRunner.run("train", "--bogus"), "Unknown option: '--bogus'");
        assertUsageError(CommandLineRunner.run("train", "--steps", "many"), "'many' is not an int");
        assertUsageError(CommandLineRunner.run("train", "--lr", "-1"), "--lr must be > 0");
        assertUsageError(CommandLineRunner.run("train", "--method", "gan"), "--method must be lfm or fm");
        assertUsageError(CommandLineRunner.run("train", "--gammas", "0.1,-2"), "γ of block 2");
        assertUsageError(CommandLineRunner.run("train", "--gammas", "0.1,0.2,"), "has an empty item");
        assertUsageError(
                CommandLineRunner.run("train", "--time-sampling", "beta:1,2,"), "expected uniform or beta:a,b");
        assertUsageError(CommandLineRunner.run("train", "--interpolant", "cubic"), "unknown interpolant");
        assertUsageError(CommandLineRunner.run("train", "--activation", "gelu"), "unknown activation");
        assertUsageError(CommandLineRunner.run("train", "--preset", "cifar"), "unknown preset");
        assertUsageError(CommandLineRunner.run("train", "--backend", "tpu"), "unknown backend");
        assertUsageError(CommandLineRunner.run("sample", "--run", "x", "--out", "x.txt"), "expected a .csv or .npy");
        assertUsageError(CommandLineRunner.run("nonsense"), "Unmatched argument");
        assertUsageError(CommandLineRunner.run("train", "--pool", "0"), "--pool 0 (all rows) needs a file data set");
        assertUsageError(
                CommandLineRunner.run("train", "--data", "moons", "--image-fit", "stretch"),
                "--image-fit applies to image data (PATH.png), not 'moons'");
        assertUsageError(
                CommandLineRunner.run("train", "--data", "x.png", "--image-fit", "fill"),
                "--image-fit must be keep or stretch, got 'fill'");
        assertUsageError(CommandLineRunner.run("runs", "--sort", "speed"), "unknown column 'speed'");
        assertUsageError(CommandLineRunner.run("report"), "Missing required option: '--run");
        assertUsageError(CommandLineRunner.run("sweep", "--out", "x", "--sweep", "sed=1,2"), "--sweep sed: not a flag");
        assertUsageError(CommandLineRunner.run("sweep", "--out", "x", "--sweep", "seed=1,1"), "a value appears twice");
        assertUsageError(CommandLineRunner.run("sweep", "--out", "x", "--sweep", "blocks=2,3"), "sweep gammas instead");
        assertUsageError(CommandLineRunner.run("sweep", "--out", "x", "--sweep", "lr=1e-3,-1"), "--lr must be > 0");
        assertUsageError(
                CommandLineRunner.run("sweep", "--out", "x", "--sweep", "seed=1", "--", "--stepz", "3"),
                "train flags: Unknown options: '--stepz'");
        assertUsageError(
                CommandLineRunner.run("sweep", "--out", "x", "--sweep", "seed=1", "--", "--out", "y"),
                "may not hold --out");
        assertUsageError(
                CommandLineRunner.run("sweep", "--out", "x", "--sweep", "seed=1", "--", "--distributed", "mpi"),
                "lfm sweep trains its runs in this one process");
        assertFalse(Files.exists(Path.of("x")), "nothing written on a usage error");
    }

    @Test
    void poolZeroTrainsOnEveryRowOfAFile(@TempDir Path temp) throws Exception {
        StringBuilder csv = new StringBuilder("x,y\n");
        for (int i = 0; i < 300; i++) {
            csv.append(Math.cos(i)).append(',').append(Math.sin(0.5 * i)).append('\n');
        }
        Files.writeString(temp.resolve("data.csv"), csv);
        CommandLineRunner.Result trained = CommandLineRunner.run(
                "train",
                "--backend",
                "cpu",
                "--data",
                temp.resolve("data.csv").toString(),
                "--pool",
                "0",
                "--blocks",
                "1",
                "--steps",
                "2",
                "--hidden",
                "8",
                "--batch",
                "16",
                "--log-every",
                "1",
                "--no-plots",
                "--out",
                temp.resolve("run").toString());
        assertEquals(0, trained.status(), trained.err());
        // 300 rows, ⌊300/10⌋ held out for testing: the pool is the other 270.
        assertTrue(
                Files.readString(temp.resolve("run/config.json"))
                        .replace(" ", "")
                        .contains("\"poolSize\":270"),
                Files.readString(temp.resolve("run/config.json")));
    }

    @Test
    void runtimeFailuresAreOneLine(@TempDir Path temp) throws Exception {
        assertRuntimeError(
                CommandLineRunner.run(
                        "sample",
                        "--run",
                        temp.resolve("missing").toString(),
                        "--out",
                        temp.resolve("s.csv").toString()),
                "no run folder");
        Files.createDirectories(temp.resolve("empty"));
        assertRuntimeError(
                CommandLineRunner.run(
                        "sample",
                        "--run",
                        temp.resolve("empty").toString(),
                        "--out",
                        temp.resolve("s.csv").toString()),
                "config.json is missing");
        Files.writeString(temp.resolve("empty/config.json"), "{ not json");
        assertRuntimeError(
                CommandLineRunner.run(
                        "sample",
                        "--run",
                        temp.resolve("empty").toString(),
                        "--out",
                        temp.resolve("s.csv").toString()),
                "cannot read the run configuration");
        assertRuntimeError(
                CommandLineRunner.run("report", "--run", temp.resolve("missing").toString()),
                "not a run folder: no config.json");
        assertRuntimeError(CommandLineRunner.run("runs", temp.resolve("missing").toString()), "not a directory");
        CommandLineRunner.Result debug = CommandLineRunner.run(
                "sample",
                "--debug",
                "--run",
                temp.resolve("missing").toString(),
                "--out",
                temp.resolve("s.csv").toString());
        assertEquals(1, debug.status());
        assertTrue(debug.err().contains("\tat "), "--debug prints the stack trace");
    }
}
