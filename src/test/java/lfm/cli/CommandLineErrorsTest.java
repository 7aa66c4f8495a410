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
        assertUsageError(CommandLineRunner.run("train", "--interpolant", "cubic"), "unknown interpolant");
        assertUsageError(CommandLineRunner.run("train", "--activation", "gelu"), "unknown activation");
        assertUsageError(CommandLineRunner.run("train", "--preset", "cifar"), "unknown preset");
        assertUsageError(CommandLineRunner.run("train", "--backend", "tpu"), "unknown backend");
        assertUsageError(CommandLineRunner.run("sample", "--run", "x", "--out", "x.txt"), "expected a .csv or .npy");
        assertUsageError(CommandLineRunner.run("nonsense"), "Unmatched argument");
    }

    @Test
    void runtimeFailuresAreOneLine(@TempDir Path temp) throws Exception {
        assertRuntimeError(CommandLineRunner.run("sample", "--run", temp.resolve("missing").toString(), "--out",
                temp.resolve("s.csv").toString()), "no run folder");
        Files.createDirectories(temp.resolve("empty"));
        assertRuntimeError(CommandLineRunner.run("sample", "--run", temp.resolve("empty").toString(), "--out",
                temp.resolve("s.csv").toString()), "config.json is missing");
        Files.writeString(temp.resolve("empty/config.json"), "{ not json");
        assertRuntimeError(CommandLineRunner.run("sample", "--run", temp.resolve("empty").toString(), "--out",
                temp.resolve("s.csv").toString()), "cannot read the run configuration");
        CommandLineRunner.Result debug = CommandLineRunner.run("sample", "--debug", "--run",
                temp.resolve("missing").toString(), "--out", temp.resolve("s.csv").toString());
        assertEquals(1, debug.status());
        assertTrue(debug.err().contains("\tat "), "--debug prints the stack trace");
    }
}
