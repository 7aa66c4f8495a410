package lfm.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import lfm.backend.cpu.CpuBackend;
import lfm.data.DataMatrix;
import lfm.dist.ThreadRanks;
import lfm.run.RunFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a data-parallel run keeps besides its blocks (threads as ranks, one single-threaded CPU backend
 * each): rank 0 alone writes train.json, the TensorBoard log and eval.json (a second writer would repeat
 * every tag and step), and the loss and gradient norm it logs are those of the whole batch: the values
 * {@code run.shards} 2 logs on one process, bit for bit.
 */
class RankRecordsTest {
    private static final List<String> TIMINGS = List.of("steps_per_second", "train_seconds", "push_seconds");

    @Test
    void rankZeroAloneKeepsTheRecordsWithTheLossOfTheWholeBatch(@TempDir Path temp) throws IOException {
        DataMatrix data = TrainingLogsResumeTest.eightGaussians(512, 3);
        Path shards = temp.resolve("shards-2");
        Training.plan(TrainingLogsResumeTest.spec(shards).withRun(run -> run.withShards(2)), data)
                .run(() -> new CpuBackend(1), ProgressListener.SILENT)
                .close();
        Path ranks = temp.resolve("ranks-2");
        EvalSpec evaluation = EvalSpec.defaults()
                .withData("8gaussians")
                .withCount(200)
                .withBlockPoints(50)
                .withSolver("rk4:4");
        List<JsonNode> evaluations = ThreadRanks.run(2, collective -> {
            try (Model model = Training.plan(
                            TrainingLogsResumeTest.spec(ranks).withRun(run -> run.withDistributed("mpi")), data)
                    .run(() -> new CpuBackend(1), collective, ProgressListener.SILENT)) {
                return RunFolder.JSON.readTree(Evaluator.of(model, evaluation)
                        .evaluate(ProgressListener.SILENT)
                        .toJson());
            } catch (IOException failure) {
                throw new UncheckedIOException(failure);
            }
        });

        Map<String, Float> expected = TrainingLogsResumeTest.values(shards.resolve("tb"));
        Map<String, Float> logged = TrainingLogsResumeTest.values(ranks.resolve("tb")); // fails on a repeat
        assertTrue(
                logged.containsKey("run/loss@120")
                        && logged.containsKey("block_03/gradient_norm@40")
                        && logged.containsKey("eval/energy_distance@120"),
                logged.keySet().toString());
        expected.forEach((key, value) -> {
            if (TIMINGS.stream().noneMatch(key::contains)) {
                assertEquals(value, logged.get(key), key);
            }
        });
        JsonNode record =
                RunFolder.JSON.readTree(new RunFolder(ranks).trainRecord().toFile());
        assertEquals("complete", record.get("status").asText());
        assertEquals(3, record.get("blocks").size());
        JsonNode saved = RunFolder.JSON.readTree(ranks.resolve("eval.json").toFile());
        for (JsonNode rank : evaluations) {
            assertEquals(saved.get("metrics"), rank.get("metrics"), "every rank returns the metrics eval.json keeps");
        }
    }
}
