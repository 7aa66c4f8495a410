package lfm.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import lfm.backend.Backend;
import lfm.backend.reference.ReferenceBackend;
import lfm.data.DataMatrix;
import lfm.config.RunConfig;
import lfm.flow.Schedule;
import lfm.run.RunFolder;
import lfm.run.TrainingState;
import lfm.tensorboard.EventFileReader;
import lfm.tensorboard.TrainingEvents;
import lfm.tensorboard.proto.EventProtos.Event;
import lfm.tensorboard.proto.EventProtos.Summary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TensorBoard log and train.json of a run interrupted mid-block and resumed: every (tag, step)
 * appears once, with the values of an uninterrupted run (timings aside), and the record keeps the
 * finished blocks and counts the resume.
 */
class TrainingLogsResumeTest {
    private static final List<String> TIMINGS = List.of("steps_per_second", "train_seconds", "push_seconds");

    @Test
    void resumedLogsHoldEveryStepOnceWithTheUninterruptedValues(@TempDir Path temp) throws IOException {
        Backend backend = new ReferenceBackend();
        RunConfig config = TinyRuns.config("lfm", List.of(0.2, 0.3), 40, 10);
        DataMatrix data = TinyRuns.eightGaussians(512, 3);

        RunFolder straight = new RunFolder(temp.resolve("straight"));
        train(backend, config, straight, data, false, null);

        RunFolder interrupted = new RunFolder(temp.resolve("interrupted"));
        TrainingListener crash = new TrainingListener() {
            @Override
            public void progress(Schedule.Block block, int blocks, long step, long steps, double loss, double lr) {
                if (block.index() == 2 && step == 30) {
                    throw new ResumeTest.Interrupted();
                }
            }
        };
        assertThrows(ResumeTest.Interrupted.class, () -> train(backend, config, interrupted, data, false, crash));
        assertEquals("running", RunFolder.JSON.readTree(interrupted.trainRecord().toFile()).get("status").asText());
        train(backend, config, interrupted, data, true, null);

        Map<String, Float> expected = values(straight.tensorBoard()), resumed = values(interrupted.tensorBoard());
        assertEquals(expected.keySet(), resumed.keySet(), "tags and steps");
        expected.forEach((key, value) -> {
            if (TIMINGS.stream().noneMatch(key::contains)) {
                assertEquals(value, resumed.get(key), key);
            }
        });
        assertTrue(expected.containsKey("block_02/gradient_norm@30") && expected.containsKey("run/loss@70")
                && expected.containsKey("blocks/step_energy_distance@3"), expected.keySet().toString());

        JsonNode record = RunFolder.JSON.readTree(interrupted.trainRecord().toFile());
        assertEquals("complete", record.get("status").asText());
        assertEquals(1, record.get("resumes").asInt());
        assertEquals(List.of(1, 2, 3), blockNumbers(record));
        assertEquals(RunFolder.JSON.readTree(straight.trainRecord().toFile()).at("/blocks/1/step_energy_distance"),
                record.at("/blocks/1/step_energy_distance"));
    }

    /** Trains with the recorder and the TensorBoard log as the real command does. */
    private static void train(Backend backend, RunConfig config, RunFolder folder, DataMatrix data, boolean resume,
                              TrainingListener extra) throws IOException {
        TrainingState state = resume ? folder.readState() : TrainingState.FRESH;
        TrainingRecorder recorder = TrainingRecorder.open(folder, backend.description(), resume, state.completedBlocks());
        try (TrainingEvents events = TrainingEvents.open(folder.tensorBoard(), config.spec().optimization().stepsPerBlock(), resume,
                state.completedBlocks() + 1, state.blockStep())) {
            TrainingListener listener = CompositeListener.of(recorder, events, extra);
            TrainingSummary summary = new Trainer(backend, config, folder, listener).train(data, resume);
            recorder.finished(summary.totalSeconds());
        }
    }

    /** "tag@step" → value of every scalar in the directory's event files; a repeated key fails. */
    private static Map<String, Float> values(Path directory) throws IOException {
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
