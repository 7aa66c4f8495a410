package lfm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import lfm.io.AtomicFiles;
import lfm.run.RunFolder;

/**
 * sweep.json, what a sweep folder holds: the common train flags and the grid's axes. A sweep started
 * again in the same folder must ask for the same runs (it then continues); another grid is an error
 * rather than a mix of two sweeps in one report.
 */
final class SweepPlan {
    private SweepPlan() {}

    static void writeOrCheck(Path folder, List<String> trainFlags, SweepGrid grid) throws IOException {
        ObjectNode plan = RunFolder.JSON.createObjectNode();
        plan.put("format", 1);
        ArrayNode flags = plan.putArray("train_flags");
        trainFlags.forEach(flags::add);
        ArrayNode axes = plan.putArray("sweep");
        for (SweepGrid.Axis axis : grid.axes()) {
            ObjectNode node = axes.addObject();
            node.put("key", axis.key());
            ArrayNode values = node.putArray("values");
            axis.values().forEach(values::add);
        }
        Path file = folder.resolve("sweep.json");
        if (Files.exists(file)) {
            JsonNode existing = RunFolder.JSON.readTree(file.toFile());
            if (!existing.equals(plan)) {
                throw new IllegalArgumentException(folder + " holds another sweep (" + file + " has train flags "
                        + existing.path("train_flags") + " and axes " + existing.path("sweep")
                        + "); continue it with those arguments or pick another --out");
            }
            return;
        }
        AtomicFiles.write(file, out -> RunFolder.JSON.writeValue(out, plan));
    }
}
