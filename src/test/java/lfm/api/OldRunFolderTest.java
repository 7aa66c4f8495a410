package lfm.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import lfm.config.MlpSpec;
import lfm.config.RunConfig;
import lfm.config.TrainSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run folder written before config.json was grouped still loads and samples as before: the flat
 * config.json below is what that code wrote for `lfm train --backend cpu --data 8gaussians --blocks 2
 * --steps 20 --hidden 16 --depth 2 --batch 64 --pool 500 --log-every 10 --checkpoint-every 10 --no-plots
 * --seed 7` (the weight files do not depend on the layout, so the same training today provides them).
 */
class OldRunFolderTest {
    private static final String FLAT_CONFIG = """
            {
              "method" : "lfm",
              "data" : "8gaussians",
              "dimension" : 2,
              "width" : 16,
              "depth" : 2,
              "activation" : "softplus:20",
              "timeFrequencies" : 0,
              "gammas" : [ 0.1, 0.15000000000000002 ],
              "interpolant" : "trig",
              "timeSampling" : "uniform",
              "stepsPerBlock" : 20,
              "batch" : 64,
              "learningRate" : 0.002,
              "decayFactor" : 0.8,
              "decayEvery" : 1000,
              "warmupSteps" : 0,
              "optimizer" : "adam",
              "weightDecay" : 0.0,
              "gradientClip" : 0.0,
              "emaDecay" : 0.0,
              "poolSize" : 500,
              "warmStart" : true,
              "pushSolver" : "rk4:8",
              "sampleSolver" : "dopri5:1e-5,1e-5",
              "chunkRows" : 20000,
              "checkpointEvery" : 10,
              "logEvery" : 10,
              "seed" : 7,
              "standardMean" : null,
              "standardStd" : null
            }""";

    @TempDir
    Path temp;

    @Test
    void aFlatConfigJsonRunLoadsAndSamplesLikeTheSameRunToday() throws IOException {
        TrainSpec spec = TrainSpec.defaults()
                .withModel(MlpSpec.defaults().withWidth(16).withDepth(2))
                .withFlow(flow -> flow.withGeometricGammas(2, 0.1, 1.5))
                .withOptimization(
                        optimization -> optimization.withStepsPerBlock(20).withBatch(64))
                .withData(data -> data.withPoolSize(500))
                .withRun(run -> run.withOut(temp.resolve("today"))
                        .withIntervals(10, 10)
                        .withSeed(7)
                        .withBackend("cpu")
                        .withThreads(1)
                        .withPlots(false));
        Path old = temp.resolve("old");
        Files.createDirectories(old);
        try (Model today = Lfm.train(spec, ProgressListener.SILENT)) {
            for (int block = 1; block <= 3; block++) {
                String name = String.format("block-%02d.safetensors", block);
                Files.copy(today.folder().resolve(name), old.resolve(name));
            }
            Files.writeString(old.resolve("config.json"), FLAT_CONFIG);
            try (Model loaded = Model.load(old, today.backend())) {
                RunConfig migrated = loaded.config();
                assertEquals(
                        today.config()
                                .spec()
                                .withRun(run -> run.withOut((String) null)
                                        .withBackend("auto")
                                        .withThreads(0)
                                        .withPlots(true)),
                        migrated.spec(),
                        "everything but how the run was started");
                assertEquals(
                        List.of(0.1, 0.15000000000000002),
                        migrated.spec().flow().gammas());
                assertArrayEquals(
                        today.sample(200, "rk4:4", 5).points().values(),
                        loaded.sample(200, "rk4:4", 5).points().values());
            }
        }
    }
}
