package lfm.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import lfm.backend.cpu.CpuBackend;
import lfm.config.TrainSpec;
import lfm.data.DataMatrix;
import lfm.dist.Shard;
import lfm.dist.ThreadRanks;
import lfm.run.RunFolder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API over P ranks (threads as ranks, one single-threaded CPU backend each; the MPI launch of the same
 * code is DistributedRunTest's): {@code Training.run} on a spec with {@code run.distributed} writes the
 * blocks of {@code run.shards} P on one process, and a model shared by P = 2 or 3 ranks samples, pushes,
 * pulls and computes (Hutchinson) log-densities bit for bit as one process does, on every rank, with
 * uneven deals and, for P = 3 parts of a split job, a part with no chunk at all.
 */
class SharedWorkTest {
    private static final int POINTS = 250; // chunks of 60: 5 chunks, dealt 2/3 or 1/2/2
    private static final int CHUNK = 60;

    @TempDir
    static Path temp;

    static DataMatrix data;
    static Path shards;

    @BeforeAll
    static void train() throws IOException {
        Random random = new Random(3);
        float[][] rows = new float[500][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new float[] {(float) random.nextGaussian(), (float) (2 * random.nextGaussian() - 1)};
        }
        data = DataMatrix.of(rows);
        shards = temp.resolve("shards-2");
        try (Model model = Training.plan(spec(shards).withRun(run -> run.withShards(2)), data)
                .run(() -> new CpuBackend(1), ProgressListener.SILENT)) {
            assertEquals(1, model.collective().size());
        }
    }

    static TrainSpec spec(Path out) {
        return ModelTest.tinySpec(out)
                .withOptimization(
                        optimization -> optimization.withStepsPerBlock(20).withBatch(64))
                .withRun(run -> run.withIntervals(10, 10));
    }

    @Test
    void ranksTrainTheBlocksOfShards() throws IOException {
        Path ranks = temp.resolve("ranks-2");
        ThreadRanks.run(2, collective -> {
            try (Model model = Training.plan(spec(ranks).withRun(run -> run.withDistributed("mpi")), data)
                    .run(() -> new CpuBackend(1), collective, ProgressListener.SILENT)) {
                return model.collective().size();
            } catch (IOException failure) {
                throw new UncheckedIOException(failure);
            }
        });
        for (int block = 1; block <= 3; block++) {
            assertArrayEquals(
                    Files.readAllBytes(new RunFolder(shards).blockWeights(block)),
                    Files.readAllBytes(new RunFolder(ranks).blockWeights(block)),
                    "block " + block);
        }
        IllegalArgumentException plainSpec = assertThrows(
                IllegalArgumentException.class,
                () -> ThreadRanks.run(2, collective -> {
                    try {
                        return Training.plan(spec(temp.resolve("refused")), data)
                                .run(() -> new CpuBackend(1), collective, ProgressListener.SILENT);
                    } catch (IOException failure) {
                        throw new UncheckedIOException(failure);
                    }
                }));
        assertEquals("a job of 2 ranks needs run.distributed mpi or nccl, the spec says none", plainSpec.getMessage());
    }

    @Test
    void sharedWorkIsTheSingleProcessWorkForTwoAndThreeRanks() throws IOException {
        Results single;
        try (Model model = Model.load(shards, () -> new CpuBackend(1))) {
            single = Results.of(model);
            float[] parts = new float[0];
            for (int part = 0; part < 3; part++) {
                float[] rows = model.sample(POINTS, null, 20, CHUNK, 5, new Shard(part, 3))
                        .points()
                        .values();
                parts = concat(parts, rows);
            }
            assertArrayEquals(single.samples, parts, "three parts of a split job, joined");
            assertEquals(
                    0,
                    model.sample(POINTS, null, 20, CHUNK, 5, new Shard(0, 7))
                            .points()
                            .rows(),
                    "part 0 of 7 is dealt no chunk (5 chunks, 7 parts)");
        }
        for (int ranks : new int[] {2, 3}) {
            List<Results> shared = ThreadRanks.run(ranks, collective -> {
                try (Model model = Model.load(shards, () -> new CpuBackend(1), collective)) {
                    return Results.of(model);
                } catch (IOException failure) {
                    throw new UncheckedIOException(failure);
                }
            });
            for (int rank = 0; rank < ranks; rank++) {
                Results result = shared.get(rank);
                String where = "rank " + rank + " of " + ranks + ": ";
                assertArrayEquals(single.samples, result.samples, where + "samples");
                assertArrayEquals(single.pushed, result.pushed, where + "push");
                assertArrayEquals(single.pulled, result.pulled, where + "pull");
                assertArrayEquals(single.logDensities, result.logDensities, where + "log-densities");
                assertEquals(single.evaluations, result.evaluations, where + "network evaluations per point");
            }
        }
    }

    /** What a model computes from fixed inputs, compared bit for bit. */
    private record Results(float[] samples, long evaluations, float[] pushed, float[] pulled, double[] logDensities) {
        static Results of(Model model) {
            Samples samples = model.sample(POINTS, null, 20, CHUNK, 5);
            DataMatrix points = data.rows(0, POINTS);
            DataMatrix pushed = model.push(points, 2, "rk4:3", CHUNK);
            DataMatrix pulled = model.pull(pushed, 2, "rk4:3", CHUNK);
            DensityOptions options = DensityOptions.defaults()
                    .withGridPoints(4)
                    .withDivergence("hutchinson")
                    .withChunkRows(CHUNK);
            return new Results(
                    samples.points().values(),
                    samples.evaluationsPerPoint(),
                    pushed.values(),
                    pulled.values(),
                    model.logDensity(points, options).values());
        }
    }

    private static float[] concat(float[] a, float[] b) {
        float[] joined = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }
}
