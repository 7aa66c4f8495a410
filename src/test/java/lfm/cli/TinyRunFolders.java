package lfm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Two small evaluated runs on 8gaussians, LFM (2 OU blocks + free) and FM, trained once per test JVM
 * through the CLI for the report tests.
 */
final class TinyRunFolders {
    private static Path root;

    private TinyRunFolders() {}

    /** The folder holding runs "lfm" and "fm", each with config.json, loss.csv, train.json, eval.json, tb/. */
    static synchronized Path lfmAndFm() {
        if (root == null) {
            try {
                Path folder = Files.createTempDirectory("lfm-tiny-runs");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(folder)));
                train(folder.resolve("lfm"), "lfm", "60");
                train(folder.resolve("fm"), "fm", "180");
                root = folder;
            } catch (IOException failed) {
                throw new UncheckedIOException(failed);
            }
        }
        return root;
    }

    private static void train(Path run, String method, String steps) {
        CommandLineRunner.Result trained = CommandLineRunner.run(
                "train",
                "--backend",
                "cpu",
                "--data",
                "8gaussians",
                "--method",
                method,
                "--blocks",
                "2",
                "--steps",
                steps,
                "--hidden",
                "32",
                "--batch",
                "128",
                "--pool",
                "2000",
                "--log-every",
                "20",
                "--checkpoint-every",
                "100000",
                "--seed",
                "2",
                "--no-plots",
                "--out",
                run.toString());
        assertEquals(0, trained.status(), trained.err());
        CommandLineRunner.Result evaluated = CommandLineRunner.run(
                "eval",
                "--backend",
                "cpu",
                "--run",
                run.toString(),
                "--n",
                "600",
                "--block-points",
                "300",
                "--solver",
                "rk4:6");
        assertEquals(0, evaluated.status(), evaluated.err());
    }

    private static void delete(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(file -> file.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder left behind is harmless
        }
    }
}
