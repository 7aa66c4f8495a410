package lfm.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import lfm.backend.Backend;
import lfm.backend.reference.ReferenceBackend;
import lfm.config.RunConfig;
import lfm.data.DataMatrix;
import lfm.flow.Schedule;
import lfm.run.RunFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run interrupted mid-block (the listener throws right after a checkpoint, as a crash would) and
 * resumed ends with bit-identical block weights to an uninterrupted run, reports the same final losses
 * (those of blocks an earlier session trained read back from loss.csv) and counts the continued block's
 * seconds of both sessions.
 */
class ResumeTest {

    /** Thrown by the listener to stop training as a crash would. */
    static final class Interrupted extends RuntimeException {}

    @Test
    void resumedRunEqualsUninterruptedRun(@TempDir Path temp) throws IOException {
        Backend backend = new ReferenceBackend();
        RunConfig config = TinyRuns.config("lfm", List.of(0.2, 0.3), 40, 10);
        DataMatrix data = TinyRuns.eightGaussians(512, 3);

        RunFolder straight = new RunFolder(temp.resolve("straight"));
        TrainingSummary straightSummary =
                new Trainer(backend, config, straight, TrainingListener.SILENT).train(data, false);

        RunFolder interrupted = new RunFolder(temp.resolve("interrupted"));
        TrainingListener crashInBlockTwo = new TrainingListener() {
            @Override
            public void progress(Schedule.Block block, int blocks, long step, long steps, double loss, double lr) {
                if (block.index() == 2 && step == 30) {
                    throw new Interrupted();
                }
            }
        };
        assertThrows(
                Interrupted.class, () -> new Trainer(backend, config, interrupted, crashInBlockTwo).train(data, false));
        assertEquals(1, interrupted.readState().completedBlocks());
        assertEquals(20, interrupted.readState().blockStep());
        double beforeStop = interrupted.readState().blockSeconds();
        assertTrue(beforeStop > 0, "the checkpoint keeps block 2's seconds so far");
        TrainingSummary resumed = new Trainer(backend, config, interrupted, TrainingListener.SILENT).train(data, true);
        // block 1 was trained by the first session: its loss comes from loss.csv (6 significant digits)
        for (int block = 0; block < 3; block++) {
            double expected = straightSummary.finalLoss()[block];
            assertEquals(expected, resumed.finalLoss()[block], 1e-5 * Math.abs(expected), "final loss " + block);
        }
        assertTrue(resumed.trainSeconds()[1] >= beforeStop, "block 2's seconds include the first session's");

        for (int block = 1; block <= 3; block++) {
            assertArrayEquals(
                    Files.readAllBytes(straight.blockWeights(block)),
                    Files.readAllBytes(interrupted.blockWeights(block)),
                    "block " + block + " weights differ");
        }
        assertEquals(
                Files.readString(straight.lossCsv())
                        .lines()
                        .map(l -> l.substring(0, l.lastIndexOf(',')))
                        .toList(),
                Files.readString(interrupted.lossCsv())
                        .lines()
                        .map(l -> l.substring(0, l.lastIndexOf(',')))
                        .toList(),
                "loss.csv (without the time column)");
    }
}
