package lfm.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import lfm.backend.Backend;
import lfm.backend.reference.ReferenceBackend;
import lfm.config.FittedCondition;
import lfm.config.RunConfig;
import lfm.data.DataMatrix;
import lfm.run.RunFolder;
import lfm.run.RunLock;
import lfm.run.TrainingState;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guards around a run folder: the lock, the data fingerprint, and the finite check that stops a
 * diverging run before it writes anything, leaving the last good checkpoint resumable at a lower rate.
 * Each run: 2 blocks (one OU block and the free block) of 30 steps, a checkpoint and a loss reading
 * every 10.
 */
class ResumeGuardsTest {
    private static final RunConfig CONFIG = TinyRuns.config("lfm", List.of(0.2), 30, 10);
    private static final DataMatrix DATA = TinyRuns.eightGaussians(256, 3);

    @TempDir
    Path temp;

    /** Thrown from a write point to stop training as a crash would. */
    static final class Stop extends RuntimeException {}

    @Test
    void aDivergingResumeStopsBeforeWritingAndTheCheckpointResumesAtALowerRate() throws IOException {
        Backend backend = new ReferenceBackend();
        RunFolder straight = new RunFolder(temp.resolve("straight"));
        new Trainer(backend, CONFIG, straight, TrainingListener.SILENT).train(DATA, false);

        // Stop right after the commit at block 2, step 10.
        RunFolder folder = new RunFolder(temp.resolve("run"));
        assertThrows(
                Stop.class,
                () -> new Trainer(backend, CONFIG, folder, TrainingListener.SILENT, point -> {
                            if (point.startsWith("block 2, step 10") && point.endsWith("old state files removed")) {
                                throw new Stop();
                            }
                        })
                        .train(DATA, false));
        TrainingState checkpoint = folder.readState();
        byte[] checkpointJson = Files.readAllBytes(folder.state("checkpoint.json"));
        byte[] blockOne = Files.readAllBytes(folder.blockWeights(1));

        // Adam moves each weight by about lr a step: at 1e38 the weights overflow within a few steps.
        RunConfig diverging = CONFIG.withSpec(spec -> spec.withOptimization(o -> o.withLearningRate(1e38)));
        FiniteCheck.NonFiniteException failure = assertThrows(
                FiniteCheck.NonFiniteException.class,
                () -> new Trainer(backend, diverging, folder, TrainingListener.SILENT).train(DATA, true));
        String message = failure.getMessage();
        // The loss read at step 20 is the first value to see the divergence (the weights check backs it up).
        assertTrue(message.startsWith("block 2, step 20: the loss is "), message);
        assertTrue(message.contains("the last checkpoint (block 2, step 10) is intact"), message);
        assertTrue(message.contains("--resume --lr"), message);
        assertFalse(message.contains("\n"), message);
        assertArrayEquals(checkpointJson, Files.readAllBytes(folder.state("checkpoint.json")), "checkpoint.json");
        assertArrayEquals(blockOne, Files.readAllBytes(folder.blockWeights(1)), "block 1");
        assertFalse(Files.exists(folder.blockWeights(2)), "block 2 written from non-finite weights");
        assertEquals(checkpoint, folder.readState());

        new Trainer(backend, CONFIG, folder, TrainingListener.SILENT).train(DATA, true);
        for (int block = 1; block <= 2; block++) {
            assertArrayEquals(
                    Files.readAllBytes(straight.blockWeights(block)),
                    Files.readAllBytes(folder.blockWeights(block)),
                    "block " + block + " after the lower-rate resume");
        }
    }

    @Test
    void theFiniteCheckNamesWhereWhatAndHowMany() {
        Backend backend = new ReferenceBackend();
        TensorArena arena = backend.newArena("check");
        Tensor good = arena.allocate(Shape.matrix(2, 2));
        Tensor bad = arena.allocate(Shape.matrix(2, 2));
        backend.fromHost(new float[] {1, 2, 3, 4}, good);
        backend.fromHost(new float[] {1, Float.NaN, Float.POSITIVE_INFINITY, Float.NaN}, bad);
        FiniteCheck.require(List.of(good), List.of("pool"), "block 1, step 30", "the pushed pool", "advice");
        FiniteCheck.NonFiniteException failure = assertThrows(
                FiniteCheck.NonFiniteException.class,
                () -> FiniteCheck.require(
                        List.of(good, bad),
                        List.of("net.0.weight", "net.0.bias"),
                        "block 3, step 40",
                        "the weights",
                        "resume with a lower --lr"));
        assertEquals(
                "block 3, step 40: the weights are not finite (net.0.bias: 2 NaN, 1 ±∞ of 4); resume with a lower"
                        + " --lr",
                failure.getMessage());
    }

    @Test
    void aSecondTrainingOnALockedFolderStopsWithOneLine() throws IOException {
        RunFolder folder = new RunFolder(temp.resolve("locked"));
        try (RunLock held = RunLock.acquire(folder)) {
            IllegalStateException failure = assertThrows(
                    IllegalStateException.class,
                    () -> new Trainer(new ReferenceBackend(), CONFIG, folder, TrainingListener.SILENT)
                            .train(DATA, true));
            assertTrue(failure.getMessage().contains("is in use by another lfm train"), failure.getMessage());
            assertFalse(failure.getMessage().contains("\n"));
        }
        assertFalse(Files.exists(folder.config()), "nothing written while locked");
    }

    @Test
    void aResumeOnOtherDataIsRefusedAndWritesNothing() throws IOException {
        Backend backend = new ReferenceBackend();
        RunFolder folder = new RunFolder(temp.resolve("data"));
        new Trainer(backend, CONFIG, folder, TrainingListener.SILENT).train(DATA, false);
        byte[] blockTwo = Files.readAllBytes(folder.blockWeights(2));
        byte[] loss = Files.readAllBytes(folder.lossCsv());

        DataMatrix other = TinyRuns.eightGaussians(256, 4);
        IllegalStateException failure = assertThrows(
                IllegalStateException.class,
                () -> new Trainer(backend, CONFIG, folder, TrainingListener.SILENT).train(other, true));
        assertTrue(
                failure.getMessage()
                        .contains("the training data differ from those the run started on (then 256 × 2"
                                + " values, sha256 "),
                failure.getMessage());
        assertArrayEquals(blockTwo, Files.readAllBytes(folder.blockWeights(2)));
        assertArrayEquals(loss, Files.readAllBytes(folder.lossCsv()));
        // The same data resume (to nothing left to do) without complaint.
        new Trainer(backend, CONFIG, folder, TrainingListener.SILENT).train(DATA, true);
    }

    @Test
    void aConditionalResumeOnOtherConditionsIsRefusedAndWritesNothing() throws IOException {
        Backend backend = new ReferenceBackend();
        RunConfig conditional = new RunConfig(
                2,
                null,
                CONFIG.spec().withCondition(condition -> condition.withColumns("2")),
                new FittedCondition(1, null));
        DataMatrix conditions = DATA.selectColumns(new int[] {0});
        RunFolder folder = new RunFolder(temp.resolve("conditions"));
        new Trainer(backend, conditional, folder, TrainingListener.SILENT).train(DATA, conditions, false);
        byte[] blockTwo = Files.readAllBytes(folder.blockWeights(2));

        // The same points with other conditions: the fingerprint covers [x | c], D + C = 3 columns.
        DataMatrix other = DATA.selectColumns(new int[] {1});
        IllegalStateException failure = assertThrows(
                IllegalStateException.class,
                () -> new Trainer(backend, conditional, folder, TrainingListener.SILENT).train(DATA, other, true));
        assertTrue(
                failure.getMessage()
                        .contains("the training data differ from those the run started on (then 256 × 3"
                                + " values, sha256 "),
                failure.getMessage());
        assertArrayEquals(blockTwo, Files.readAllBytes(folder.blockWeights(2)));
        new Trainer(backend, conditional, folder, TrainingListener.SILENT).train(DATA, conditions, true);
    }
}
