package lfm.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Status, sorting and output of the `lfm runs` table on hand-written run folders. */
class RunTableTest {
    @TempDir
    Path temp;

    @Test
    void statusComesFromBlockFilesAndTheTrainingRecord() throws Exception {
        RunFolders.write(temp.resolve("done"), "lfm", 3, 3, 1, "complete", 0.002);
        RunFolders.write(temp.resolve("killed"), "lfm", 3, 1, 2, "running", Double.NaN);
        RunFolders.write(temp.resolve("broken"), "lfm", 3, 2, 3, "failed", Double.NaN);
        RunFolders.write(temp.resolve("older"), "fm", 1, 1, 4, null, 0.001); // no train.json: from its files
        Files.createDirectories(temp.resolve("sweep/runs"));
        RunFolders.write(temp.resolve("sweep/runs/seed=5"), "fm", 1, 1, 5, "complete", 0.004);
        Files.createDirectories(temp.resolve("not-a-run"));
        Files.createDirectories(temp.resolve("unreadable"));
        Files.writeString(temp.resolve("unreadable/config.json"), "{");

        List<RunOverview> runs = RunTable.find(temp);
        assertEquals(
                List.of("broken", "done", "killed", "older", "seed=5", "unreadable"),
                runs.stream().map(RunOverview::name).toList());
        assertEquals(
                List.of("failed", "complete", "partial", "complete", "complete", "failed"),
                runs.stream().map(r -> r.status().label()).toList());
        assertEquals("the loss became NaN", runs.get(0).error());
        assertTrue(runs.get(5).error().contains("config.json"), runs.get(5).error());
    }

    @Test
    void sortsByAColumnWithMissingValuesLast() throws Exception {
        RunFolders.write(temp.resolve("a"), "lfm", 3, 3, 1, "complete", 0.003);
        RunFolders.write(temp.resolve("b"), "lfm", 3, 3, 2, "complete", Double.NaN);
        RunFolders.write(temp.resolve("c"), "lfm", 3, 3, 3, "complete", 0.001);
        List<RunOverview> runs = RunTable.find(temp);
        assertEquals(List.of("c", "a", "b"), names(RunTable.sort(runs, RunTable.column("energy"), false)));
        assertEquals(List.of("a", "c", "b"), names(RunTable.sort(runs, RunTable.column("energy"), true)));
        assertEquals(List.of("c", "b", "a"), names(RunTable.sort(runs, RunTable.column("seed"), true)));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> RunTable.column("speed"));
        assertTrue(unknown.getMessage().contains("energy"), unknown.getMessage());
    }

    @Test
    void textAndJsonCarryEveryColumn() throws Exception {
        RunFolders.write(temp.resolve("a"), "lfm", 3, 2, 7, "running", Double.NaN);
        List<RunOverview> runs = RunTable.find(temp);
        String[] lines = RunTable.text(runs).split("\n");
        assertEquals(2, lines.length);
        assertTrue(
                lines[0].startsWith("run  status") && lines[1].contains("partial") && lines[1].contains("2/3"),
                String.join("\n", lines));
        JsonNode row = RunTable.json(runs).get(0);
        assertEquals("partial", row.get("status").asText());
        assertEquals(3, row.get("blocks").asInt());
        assertEquals(20.0, row.get("wall").asDouble());
        assertTrue(row.get("energy").isNull());
        assertEquals(0.5 + 0.07, row.get("loss").asDouble(), 1e-12);
    }

    @Test
    void tornLastLossLineIsSkippedAndAMalformedOneNamed() throws Exception {
        Path run = RunFolders.write(temp.resolve("a"), "lfm", 3, 2, 1, null, Double.NaN);
        Files.writeString(run.resolve("loss.csv"), "1,100,0.5,0.001,", java.nio.file.StandardOpenOption.APPEND);
        assertEquals(2, RunOverview.read(run).loss().size());
        assertEquals(0.5, RunOverview.read(run).loss().get(0).gradientNorm());
        Files.writeString(run.resolve("loss.csv"), "block,step,loss,learning_rate,seconds\n1,2,1,1,1\n");
        assertTrue(Double.isNaN(RunOverview.read(run).loss().get(0).gradientNorm()), "older files: no gradient norm");
        Files.writeString(run.resolve("loss.csv"), "block,step,loss,learning_rate,seconds\n1,x,1,1,1\n1,2,1,1,1\n");
        RunOverview read = RunOverview.read(run);
        assertTrue(
                read.problems().get(0).contains("loss.csv")
                        && read.problems().get(0).contains("line 2"),
                read.problems().toString());
    }

    private static List<String> names(List<RunOverview> runs) {
        return runs.stream().map(RunOverview::name).toList();
    }
}
