package lfm.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import lfm.flow.Schedule;
import lfm.flow.ode.SolveStats;
import lfm.io.AtomicFiles;
import lfm.run.RunFolder;

/**
 * Keeps the run's training record, train.json, written atomically at the start, after every block and
 * at the end:
 * <pre>
 *   {"status": "running" | "complete" | "failed", "error": "...", "started_at": ..., "updated_at": ...,
 *    "seconds": total training wall time (when complete), "resumes": n, "backend": "...",
 *    "machine": {"cpu", "cores", "memory_gib", "java", "os", "host"},
 *    "blocks": [{"block", "gamma", "train_seconds", "push_seconds", "push_evaluations", "final_loss",
 *                "step_energy_distance", "noise_energy_distance"}, ...]}
 * </pre>
 * A run killed while training stays "running" (lfm runs calls it partial); a resumed run keeps the
 * records of the blocks finished before and counts the resume.
 */
public final class TrainingRecorder implements TrainingListener {
    private final Path file;
    private final ObjectNode record;
    private ObjectNode current = RunFolder.JSON.createObjectNode();

    private TrainingRecorder(Path file, ObjectNode record) {
        this.file = file;
        this.record = record;
    }

    /**
     * Starts (or, for a resumed run, continues) the record.
     *
     * @param completedBlocks blocks finished before this start (their records are kept)
     */
    public static TrainingRecorder open(RunFolder folder, String backend, boolean resumed, int completedBlocks)
            throws IOException {
        ObjectNode record = RunFolder.JSON.createObjectNode();
        if (resumed && Files.exists(folder.trainRecord())) {
            JsonNode old = RunFolder.JSON.readTree(folder.trainRecord().toFile());
            if (old instanceof ObjectNode previous) {
                record = previous;
                ArrayNode blocks = record.withArray("blocks");
                while (blocks.size() > completedBlocks) {
                    blocks.remove(blocks.size() - 1);
                }
                record.put("resumes", record.path("resumes").asInt(0) + 1);
            }
        }
        if (!record.has("started_at")) {
            record.put("started_at", Instant.now().toString());
        }
        record.put("status", "running");
        record.remove(java.util.List.of("error", "seconds"));
        record.put("backend", backend);
        record.set("machine", MachineDescription.describe());
        record.withArray("blocks");
        TrainingRecorder recorder = new TrainingRecorder(folder.trainRecord(), record);
        recorder.save();
        return recorder;
    }

    @Override
    public void progress(Schedule.Block block, int blocks, long step, long steps, double loss, double learningRate) {
        current.put("final_loss", loss);
    }

    @Override
    public void blockDiagnostics(Schedule.Block block, double stepEnergyDistance, double noiseEnergyDistance) {
        current.put("step_energy_distance", stepEnergyDistance);
        current.put("noise_energy_distance", noiseEnergyDistance);
    }

    @Override
    public void blockFinished(Schedule.Block block, double trainSeconds, double pushSeconds, SolveStats push) {
        ObjectNode entry = RunFolder.JSON.createObjectNode();
        entry.put("block", block.index());
        if (block.isFree()) {
            entry.putNull("gamma");
        } else {
            entry.put("gamma", block.gamma());
        }
        entry.put("train_seconds", trainSeconds);
        entry.put("push_seconds", pushSeconds);
        entry.put("push_evaluations", push.evaluations());
        entry.setAll(current);
        record.withArray("blocks").add(entry);
        current = RunFolder.JSON.createObjectNode();
        save();
    }

    /** Marks the run complete with its total training wall time. */
    public void finished(double seconds) {
        record.put("status", "complete");
        record.put("seconds", seconds);
        save();
    }

    /** Marks the run failed with the error's one-line description. */
    public void failed(String error) {
        record.put("status", "failed");
        record.put("error", error);
        save();
    }

    private void save() {
        record.put("updated_at", Instant.now().toString());
        try {
            AtomicFiles.write(file, out -> RunFolder.JSON.writeValue(out, record));
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }
}
