package lfm.tensorboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import lfm.tensorboard.proto.EventProtos.Event;
import lfm.tensorboard.proto.EventProtos.Summary;

/**
 * Continues a resumed run's TensorBoard log. The trainer replays the steps after its last checkpoint,
 * so the events written after that point (before the stop) would show twice: this copies the events
 * of the old training files up to the resume point into the new file, one value per (tag, step), and
 * deletes the old files. Eval files (other labels) are kept as they are. Figures (figures/…) are
 * dropped: the finished run writes them again.
 */
final class ResumedLog {
    private ResumedLog() {}

    static void carryOver(Path directory, EventFileWriter writer, long stepsPerBlock, int resumeBlock, long resumeStep)
            throws IOException {
        List<Path> old;
        try (Stream<Path> files = Files.list(directory)) {
            old = files.filter(f -> f.getFileName().toString().contains("tfevents")
                            && f.getFileName().toString().endsWith("." + TrainingEvents.LABEL)
                            && !f.equals(writer.file()))
                    .sorted()
                    .toList();
        }
        Map<String, Event> kept = new LinkedHashMap<>();
        for (Path file : old) {
            for (Event event : EventFileReader.read(file)) {
                for (Summary.Value value : event.getSummary().getValueList()) {
                    if (keep(value.getTag(), event.getStep(), stepsPerBlock, resumeBlock, resumeStep)) {
                        kept.put(
                                value.getTag() + "@" + event.getStep(),
                                event.toBuilder()
                                        .setSummary(Summary.newBuilder().addValue(value))
                                        .build());
                    }
                }
            }
        }
        for (Event event : kept.values()) {
            writer.write(event);
        }
        writer.flush();
        for (Path file : old) {
            Files.delete(file);
        }
    }

    /**
     * Whether a value belongs before the resume point (block k = resumeBlock, s = resumeStep steps done
     * in it): block_NN/… at step t if NN < k or (NN = k and t ≤ s); run/… at global step g if
     * g ≤ (k − 1)·S + s; blocks/… at block n if n < k.
     */
    static boolean keep(String tag, long step, long stepsPerBlock, int resumeBlock, long resumeStep) {
        if (tag.startsWith("block_")) {
            int block = Integer.parseInt(tag.substring(6, tag.indexOf('/')));
            return block < resumeBlock || (block == resumeBlock && step <= resumeStep);
        }
        if (tag.startsWith("run/")) {
            return step <= (resumeBlock - 1) * stepsPerBlock + resumeStep;
        }
        if (tag.startsWith("blocks/")) {
            return step < resumeBlock;
        }
        return false;
    }
}
