package lfm.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import lfm.backend.reference.ReferenceBackend;
import lfm.config.MlpSpec;
import lfm.config.TrainSpec;
import lfm.data.DataMatrix;
import lfm.flow.Schedule;
import lfm.random.Distributions;
import lfm.random.RandomKey;
import lfm.run.RunFolder;
import lfm.tensorboard.EventFileReader;
import lfm.tensorboard.proto.EventProtos.Event;
import lfm.tensorboard.proto.EventProtos.Summary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TensorBoard log and train.json that {@link Training#run} writes for a run interrupted mid-block and
 * resumed: every (tag, step) appears once, with the values of an uninterrupted run (timings aside), and
 * the record, "failed" after the interruption, keeps the finished blocks and counts the resume.
 */
class TrainingLogsResumeTest {
    private static final List<String> TIMINGS = List.of("steps_per_second", "train_seconds", "push_seconds");

    /** Thrown by a listener to stop training part-way. */
    private static final class Interrupted extends RuntimeException {
        Interrupted() {
            super("interrupted for the test");
        }
    }

    @Test
    void resumedLogsHoldEveryStepOnceWithTheUninterruptedValues(@TempDir Path temp) throws IOException {
        DataMatrix data = eightGaussians(512, 3);
        Path straight = temp.resolve("straight");
        Training.plan(spec(straight), data)
                .run(ReferenceBackend::new, ProgressListener.SILENT)
                .close();

        Path interrupted = temp.resolve("interrupted");
        ProgressListener crash = new ProgressListener() {
            @Override
            public void progress(Schedule.Block block, int blocks, long step, long steps, double loss, double lr) {
                if (block.index() == 2 && step == 30) {
                    throw new Interrupted();
                }
            }
        };
        assertThrows(
                Interrupted.class, () -> Training.plan(spec(interrupted), data).run(ReferenceBackend::new, crash));
        JsonNode failed =
                RunFolder.JSON.readTree(new RunFolder(interrupted).trainRecord().toFile());
        assertEquals("failed", failed.get("status").asText());
        assertEquals("interrupted for the test", failed.get("error").asText());
        assertEquals(List.of(1), blockNumbers(failed));
        Training.resume(interrupted, data)
                .run(ReferenceBackend::new, ProgressListener.SILENT)
                .close();

        Map<String, Float> expected = values(straight.resolve("tb")), resumed = values(interrupted.resolve("tb"));
        assertEquals(expected.keySet(), resumed.keySet(), "tags and steps");
        expected.forEach((key, value) -> {
            if (TIMINGS.stream().noneMatch(key::contains)) {
                assertEquals(value, resumed.get(key), key);
            }
        });
        assertTrue(
                expected.containsKey("block_02/gradient_norm@30")
                        && expected.containsKey("run/loss@70")
                        && expected.containsKey("blocks/step_energy_distance@3"),
                expected.keySet().toString());

        JsonNode record =
                RunFolder.JSON.readTree(new RunFolder(interrupted).trainRecord().toFile());
        assertEquals("complete", record.get("status").asText());
        assertEquals(1, record.get("resumes").asInt());
        assertEquals(List.of(1, 2, 3), blockNumbers(record));
        assertEquals(
                RunFolder.JSON
                        .readTree(new RunFolder(straight).trainRecord().toFile())
                        .at("/blocks/1/step_energy_distance"),
                record.at("/blocks/1/step_energy_distance"));
    }

    @Test
    void noTensorBoardLogWhenTheSpecTurnsItOff(@TempDir Path temp) throws IOException {
        Path run = temp.resolve("quiet");
        TrainSpec spec = spec(run)
                .withFlow(flow -> flow.withMethod("fm"))
                .withOptimization(optimization -> optimization.withStepsPerBlock(10))
                .withRun(settings -> settings.withTensorboard(false));
        Training.plan(spec, eightGaussians(256, 4))
                .run(ReferenceBackend::new, ProgressListener.SILENT)
                .close();
        assertFalse(Files.exists(run.resolve("tb")));
        assertEquals(
                "complete",
                RunFolder.JSON
                        .readTree(run.resolve("train.json").toFile())
                        .get("status")
                        .asText());
    }

    /** 2 OU blocks + free, a 2×16 Softplus MLP, 40 steps per block, loss read and checkpoint every 10 steps. */
    static TrainSpec spec(Path out) {
        return TrainSpec.defaults()
                .withModel(MlpSpec.defaults().withWidth(16).withDepth(2))
                .withFlow(flow -> flow.withGammas(List.of(0.2, 0.3)))
                .withOptimization(optimization -> optimization
                        .withStepsPerBlock(40)
                        .withBatch(128)
                        .withLearningRate(3e-3)
                        .withDecayFactor(1))
                .withData(data -> data.withPoolSize(512))
                .withRun(run -> run.withOut(out)
                        .withIntervals(10, 10)
                        .withPushSolver("rk4:4")
                        .withSampleSolver("rk4:8")
                        .withChunkRows(256)
                        .withSeed(11)
                        .withPlots(false));
    }

    /** Eight Gaussians (σ = 0.15) on the circle of radius 2, seeded. */
    static DataMatrix eightGaussians(int n, long seed) {
        float[] values = new float[2 * n];
        RandomKey key = new RandomKey(seed, 0);
        for (int i = 0; i < n; i++) {
            int mode = Distributions.uniformIndex(key, 3L * i, 8);
            double angle = 2 * Math.PI * mode / 8;
            values[2 * i] = (float) (2 * Math.cos(angle) + 0.15 * Distributions.normal(key, 3L * i + 1));
            values[2 * i + 1] = (float) (2 * Math.sin(angle) + 0.15 * Distributions.normal(key, 3L * i + 2));
        }
        return new DataMatrix(n, 2, values);
    }

    /** "tag@step" → value of every scalar in the directory's event files; a repeated key fails. */
    static Map<String, Float> values(Path directory) throws IOException {
        Map<String, Float> values = new TreeMap<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                for (Event event : EventFileReader.read(file)) {
                    for (Summary.Value value : event.getSummary().getValueList()) {
                        String key = value.getTag() + "@" + event.getStep();
                        assertTrue(values.put(key, value.getSimpleValue()) == null, "twice: " + key);
                    }
                }
            }
        }
        return values;
    }

    private static List<Integer> blockNumbers(JsonNode record) {
        List<Integer> blocks = new ArrayList<>();
        record.get("blocks").forEach(b -> blocks.add(b.get("block").asInt()));
        return blocks;
    }
}
