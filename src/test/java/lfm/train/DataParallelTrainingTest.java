package lfm.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import lfm.backend.cpu.CpuBackend;
import lfm.config.FittedCondition;
import lfm.config.RunConfig;
import lfm.data.DataMatrix;
import lfm.dist.ThreadRanks;
import lfm.nn.VelocityField;
import lfm.random.RandomStream;
import lfm.run.RunFolder;
import lfm.tensor.TensorArena;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data-parallel training in one process (threads as ranks, one single-threaded CPU backend per rank)
 * against its references: P ranks write block files byte for byte equal to {@code --shards P} on one
 * process (the all-reduce sums in rank order what gradient accumulation sums in shard order); P = 1 in
 * either form is the plain run; P ≠ 1 differs from the plain run only in rounding. The weight-hash
 * check names the rank whose weights differ.
 */
class DataParallelTrainingTest {
    private static final RunConfig CONFIG = TinyRuns.config("lfm", List.of(0.2), 30, 10);
    private static final DataMatrix DATA = TinyRuns.eightGaussians(600, 5);

    @Test
    void ranksEqualMicroShardsAndOneShardIsThePlainRun(@TempDir Path temp) throws IOException {
        Path plain = train(temp.resolve("plain"), DataParallel.single());
        Path oneShard = train(temp.resolve("one-shard"), DataParallel.microShards(1));
        Path shards = train(temp.resolve("shards-3"), DataParallel.microShards(3));
        Path ranks = temp.resolve("ranks-3");
        ThreadRanks.run(3, collective -> train(ranks, DataParallel.ranks(collective, 5)));
        for (int block = 1; block <= 2; block++) {
            byte[] expected = weights(shards, block);
            assertArrayEquals(expected, weights(ranks, block), "block " + block + ": 3 ranks vs --shards 3");
            assertArrayEquals(weights(plain, block), weights(oneShard, block), "block " + block + ": --shards 1");
            assertFalse(
                    java.util.Arrays.equals(weights(plain, block), expected),
                    "block " + block + ": 3 shards round differently from one batch");
        }
        assertEquals(lossColumn(shards), lossColumn(ranks), "loss.csv of 3 ranks vs --shards 3");
        assertEquals(3, new RunFolder(ranks).readState().shardCount());
    }

    @Test
    void conditionalRunsWithDropoutShardAsTheyDo(@TempDir Path temp) throws IOException {
        // Batch 128, dropout 0.4: the null-condition rows [0, 51) end inside shard 1 of 3 ([42, 85)).
        RunConfig conditional = new RunConfig(
                2,
                null,
                CONFIG.spec()
                        .withCondition(condition -> condition.withColumns("2").withDropout(0.4)),
                new FittedCondition(1, null));
        DataMatrix conditions = DATA.selectColumns(new int[] {0}); // any per-row values will do
        Path plain = train(temp.resolve("plain"), conditional, conditions, DataParallel.single());
        Path oneShard = train(temp.resolve("one-shard"), conditional, conditions, DataParallel.microShards(1));
        Path shards = train(temp.resolve("shards-3"), conditional, conditions, DataParallel.microShards(3));
        Path ranks = temp.resolve("ranks-3");
        ThreadRanks.run(3, collective -> train(ranks, conditional, conditions, DataParallel.ranks(collective, 5)));
        for (int block = 1; block <= 2; block++) {
            assertArrayEquals(
                    weights(shards, block), weights(ranks, block), "block " + block + ": 3 ranks vs --shards 3");
            assertArrayEquals(weights(plain, block), weights(oneShard, block), "block " + block + ": --shards 1");
        }
        double plainLoss = firstLoss(plain), shardedLoss = firstLoss(shards);
        assertEquals(plainLoss, shardedLoss, 1e-4 * plainLoss, "the first 10 steps' loss: 3 shards vs one batch");
    }

    @Test
    void aRankWithOtherWeightsIsNamed() {
        IllegalStateException failure = assertThrows(
                IllegalStateException.class,
                () -> ThreadRanks.run(3, collective -> {
                    try (CpuBackend backend = new CpuBackend(1);
                            TensorArena arena = backend.newArena("weights")) {
                        long seed = collective.rank() == 2 ? 8 : 7;
                        VelocityField field = CONFIG.newField(arena, new RandomStream(seed));
                        WeightCheck.requireEqual(collective, field.parameters(), "at the test");
                        return null;
                    }
                }));
        assertTrue(
                failure.getMessage().startsWith("the ranks' weights diverged at the test: rank 0 has "),
                failure.getMessage());
        assertTrue(failure.getMessage().contains("rank 2 ("), failure.getMessage());
        assertFalse(failure.getMessage().contains("rank 1 ("), failure.getMessage());
    }

    @Test
    void aBatchSmallerThanTheShardsIsRefused() {
        try (CpuBackend backend = new CpuBackend(1);
                TensorArena arena = backend.newArena("weights")) {
            VelocityField field = CONFIG.newField(arena, new RandomStream(1));
            IllegalArgumentException error = assertThrows(
                    IllegalArgumentException.class,
                    () -> new TrainingStep(
                            backend,
                            field,
                            CONFIG.spec().flow().schedule().blocks().get(0),
                            CONFIG.spec().flow().path(),
                            CONFIG.spec().flow().times(),
                            2,
                            null,
                            null,
                            0,
                            DataParallel.microShards(3)));
            assertNotEquals(null, error.getMessage());
        }
    }

    private static Path train(Path out, DataParallel parallel) {
        return train(out, CONFIG, null, parallel);
    }

    private static Path train(Path out, RunConfig config, DataMatrix conditions, DataParallel parallel) {
        try (CpuBackend backend = new CpuBackend(1)) {
            new Trainer(backend, config, new RunFolder(out), TrainingListener.SILENT, parallel)
                    .train(DATA, conditions, false);
            return out;
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    private static byte[] weights(Path run, int block) throws IOException {
        return Files.readAllBytes(new RunFolder(run).blockWeights(block));
    }

    /** loss.csv's first logged loss (block 1, step 10; the columns are block,step,loss,...). */
    private static double firstLoss(Path run) throws IOException {
        return Double.parseDouble(Files.readString(new RunFolder(run).lossCsv())
                .lines()
                .skip(1)
                .findFirst()
                .orElseThrow()
                .split(",")[2]);
    }

    private static List<String> lossColumn(Path run) throws IOException {
        return Files.readString(new RunFolder(run).lossCsv())
                .lines()
                .map(l -> l.substring(0, l.lastIndexOf(',')))
                .toList();
    }
}
