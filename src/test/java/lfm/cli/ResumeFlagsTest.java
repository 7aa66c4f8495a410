package lfm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import lfm.config.RunConfigFile;
import lfm.run.RunFolder;
import lfm.run.RunLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code lfm train --resume} takes from the command line: {@code --lr} (recorded in config.json) and
 * how the run is carried out; any other flag is named in one warning. A folder another training holds
 * is refused with one line.
 */
class ResumeFlagsTest {
    @TempDir
    Path temp;

    @Test
    void resumeTakesLrRecordsItAndWarnsAboutFlagsItIgnores() throws Exception {
        Path run = temp.resolve("run");
        CommandLineRunner.Result trained = CommandLineRunner.run(
                "train",
                "--backend",
                "cpu",
                "--data",
                "8gaussians",
                "--blocks",
                "1",
                "--steps",
                "20",
                "--hidden",
                "8",
                "--batch",
                "64",
                "--pool",
                "200",
                "--log-every",
                "10",
                "--checkpoint-every",
                "10",
                "--no-plots",
                "--out",
                run.toString());
        assertEquals(0, trained.status(), trained.err());

        CommandLineRunner.Result resumed = CommandLineRunner.run(
                "train",
                "--backend",
                "cpu",
                "--out",
                run.toString(),
                "--resume",
                "--lr",
                "1e-3",
                "--steps",
                "50",
                "--batch",
                "32");
        assertEquals(0, resumed.status(), resumed.err());
        assertTrue(
                resumed.err()
                        .contains("warning: --resume continues with the run's config.json and ignores --steps,"
                                + " --batch (it takes only --out, --resume, --lr, "),
                resumed.err());
        assertTrue(
                resumed.err()
                        .contains("resuming at learning rate 0.001 (was 0.002); config.json records the new " + "rate"),
                resumed.err());
        var config = RunConfigFile.read(run.resolve("config.json"));
        assertEquals(0.001, config.spec().optimization().learningRate());
        assertEquals(20, config.spec().optimization().stepsPerBlock(), "--steps is ignored on resume");
    }

    @Test
    void aFolderInUseIsRefusedWithOneLine() throws Exception {
        Path run = temp.resolve("busy");
        try (RunLock held = RunLock.acquire(new RunFolder(run))) {
            CommandLineRunner.Result refused = CommandLineRunner.run(
                    "train",
                    "--backend",
                    "cpu",
                    "--data",
                    "8gaussians",
                    "--blocks",
                    "1",
                    "--steps",
                    "10",
                    "--hidden",
                    "8",
                    "--batch",
                    "64",
                    "--pool",
                    "200",
                    "--log-every",
                    "10",
                    "--checkpoint-every",
                    "10",
                    "--no-plots",
                    "--out",
                    run.toString());
            assertEquals(1, refused.status(), refused.err());
            List<String> errors = refused.err()
                    .lines()
                    .filter(line -> line.startsWith("lfm: error:"))
                    .toList();
            assertEquals(1, errors.size(), refused.err());
            assertTrue(errors.get(0).contains(run + " is in use by another lfm train"), refused.err());
        }
        assertFalse(Files.exists(run.resolve("config.json")), "nothing written while the folder is in use");
    }
}
