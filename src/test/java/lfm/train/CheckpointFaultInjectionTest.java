package lfm.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import lfm.backend.Backend;
import lfm.backend.Backends;
import lfm.config.RunConfig;
import lfm.data.DataMatrix;
import lfm.run.RunFolder;
import lfm.run.TrainingState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault injection at every write point of every checkpoint of a run: a crash (an exception thrown from
 * the write-point hook, plus the torn temporary file a kill would leave) before each file, after its
 * temporary copy, after its rename and after the cleanup, in turn; each crashed run is resumed and must
 * end with block files byte-identical to an uninterrupted run, the same loss.csv, and a state folder
 * holding exactly the files its checkpoint.json names.
 *
 * <p>The run: 2 blocks (one OU block and the free block) of 20 steps, a checkpoint every 10 steps: per
 * block one mid-block commit (partial file, checkpoint.json, cleanup: 7 points) and one end-of-block commit
 * (block file, pool, snapshots, checkpoint.json, cleanup: 13 points), 40 write points in all.
 */
class CheckpointFaultInjectionTest {
    private static final int WRITE_POINTS = 2 * (7 + 13);

    /** What the hook throws: a crash at that instant. */
    static final class SimulatedCrash extends RuntimeException {
        SimulatedCrash(String point) {
            super("crash at " + point);
        }
    }

    @Test
    void fortyWritePointsEachCrashedAtThenResumedGiveTheSameBlocks(@TempDir Path temp) throws IOException {
        Backend backend = Backends.createCpu(1);
        RunConfig config = TinyRuns.config("lfm", List.of(0.2), 20, 10)
                .withSpec(spec -> spec.withOptimization(optimization -> optimization.withBatch(16))
                        .withData(d -> d.withPoolSize(64)));
        DataMatrix data = TinyRuns.eightGaussians(64, 3);

        RunFolder straight = new RunFolder(temp.resolve("straight"));
        List<String> points = new ArrayList<>();
        new Trainer(backend, config, straight, TrainingListener.SILENT, points::add).train(data, false);
        assertEquals(WRITE_POINTS, points.size(), "write points of the run:\n" + String.join("\n", points));

        for (int crashAt = 0; crashAt < points.size(); crashAt++) {
            String point = points.get(crashAt);
            RunFolder folder = new RunFolder(temp.resolve("crash-" + crashAt));
            int[] reached = {0};
            int target = crashAt;
            assertThrows(
                    SimulatedCrash.class,
                    () -> new Trainer(backend, config, folder, TrainingListener.SILENT, at -> {
                                if (reached[0]++ == target) {
                                    throw new SimulatedCrash(at);
                                }
                            })
                            .train(data, false));
            // A kill -9 at that instant also leaves the temporary file of the write in progress.
            Files.createDirectories(folder.state("checkpoint.json").getParent());
            Files.writeString(folder.state(".pool-000099.safetensors.5eed.tmp"), "torn");
            Files.writeString(folder.file(".block-02.safetensors.5eed.tmp"), "torn");

            new Trainer(backend, config, folder, TrainingListener.SILENT).train(data, true);

            for (int block = 1; block <= 2; block++) {
                assertArrayEquals(
                        Files.readAllBytes(straight.blockWeights(block)),
                        Files.readAllBytes(folder.blockWeights(block)),
                        "block " + block + " after a crash at " + point);
            }
            assertEquals(withoutTimes(straight), withoutTimes(folder), "loss.csv after a crash at " + point);
            assertEquals(committedFiles(folder), stateFiles(folder), "state/ after a crash at " + point);
            assertTrue(leftovers(folder).isEmpty(), "temporary files swept after a crash at " + point);
        }
        System.out.println("CheckpointFaultInjectionTest: " + points.size()
                + " write points crashed at and resumed to identical blocks");
    }

    private static List<String> withoutTimes(RunFolder folder) throws IOException {
        return Files.readString(folder.lossCsv())
                .lines()
                .map(line -> line.substring(0, line.lastIndexOf(',')))
                .toList();
    }

    private static List<String> committedFiles(RunFolder folder) throws IOException {
        TrainingState state = folder.readState();
        List<String> files = new ArrayList<>(state.files().values());
        files.add("checkpoint.json");
        files.add("lock");
        return files.stream().sorted().toList();
    }

    private static List<String> stateFiles(RunFolder folder) throws IOException {
        try (Stream<Path> files = Files.list(folder.state("checkpoint.json").getParent())) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    private static List<String> leftovers(RunFolder folder) throws IOException {
        try (Stream<Path> files = Stream.concat(
                Files.list(folder.root()),
                Files.list(folder.state("checkpoint.json").getParent()))) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".tmp"))
                    .toList();
        }
    }
}
