package lfm.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import lfm.data.Standardization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * config.json: the grouped format round-trips; the flat format 1 written by the code before the
 * grouped spec (the literal below is a config.json that code wrote for `lfm train --data data.csv
 * --method fm --steps 10 --hidden 8 --batch 32 --pool 0 --log-every 5 --no-plots --lr 1e-3 --ema 0.9
 * --time-sampling beta:1,0.5`) migrates on read; and every bad file fails with one line naming the
 * file, the problem, the format found and the format read.
 */
class RunConfigFileTest {
    static final String FORMAT_1 = """
            {
              "method" : "fm",
              "data" : "/tmp/v1/data.csv",
              "dimension" : 3,
              "width" : 8,
              "depth" : 3,
              "activation" : "softplus:20",
              "timeFrequencies" : 0,
              "gammas" : [ ],
              "interpolant" : "trig",
              "timeSampling" : "beta:1,0.5",
              "stepsPerBlock" : 10,
              "batch" : 32,
              "learningRate" : 0.001,
              "decayFactor" : 0.8,
              "decayEvery" : 1000,
              "warmupSteps" : 0,
              "optimizer" : "adam",
              "weightDecay" : 0.0,
              "gradientClip" : 0.0,
              "emaDecay" : 0.9,
              "poolSize" : 180,
              "warmStart" : true,
              "pushSolver" : "rk4:8",
              "sampleSolver" : "dopri5:1e-5,1e-5",
              "chunkRows" : 20000,
              "checkpointEvery" : 500,
              "logEvery" : 5,
              "seed" : 0,
              "standardMean" : [ 1.0773529064013727, 0.007195452874940302, 2.988888888888889 ],
              "standardStd" : [ 2.11891584612052, 0.6978940278481297, 1.9521751085189532 ]
            }""";

    /**
     * A format-2 file written when format 2 was current (docs/config.md): it must keep loading. A field
     * added to a record without its {@code @Since} makes it fail here.
     */
    static final String FORMAT_2 = """
            {
              "format" : 2,
              "dimension" : 2,
              "standardization" : null,
              "spec" : {
                "model" : { "kind" : "mlp", "width" : 16, "depth" : 3, "activation" : "softplus:20", "timeFrequencies" : 0 },
                "flow" : { "method" : "lfm", "gammas" : [ 0.1, 0.15000000000000002 ], "interpolant" : "trig",
                           "timeSampling" : "uniform", "warmStart" : true },
                "optimization" : { "stepsPerBlock" : 20, "batch" : 64, "learningRate" : 0.002, "decayFactor" : 0.8,
                                   "decayEvery" : 1000, "warmupSteps" : 0, "optimizer" : "adam", "weightDecay" : 0.0,
                                   "gradientClip" : 0.0, "emaDecay" : 0.0 },
                "data" : { "source" : "8gaussians", "poolSize" : 500, "standardize" : "auto" },
                "run" : { "out" : "/tmp/cfgex", "checkpointEvery" : 10, "logEvery" : 10, "seed" : 0, "pushSolver" : "rk4:8",
                          "sampleSolver" : "dopri5:1e-5,1e-5", "chunkRows" : 20000, "backend" : "cpu", "threads" : 0,
                          "plots" : false }
              }
            }""";

    /**
     * A format-3 file (docs/config.md), the layout with run.distributed, run.shards and run.checkEvery
     * but before run.tensorboard: it must keep loading.
     */
    static final String FORMAT_3 = FORMAT_2.replace("\"format\" : 2", "\"format\" : 3")
            .replace(
                    "\"plots\" : false }",
                    "\"plots\" : false, \"distributed\" : \"mpi\", \"shards\" : 1, \"checkEvery\" : 7 }");

    /**
     * A format-4 file (docs/config.md), the layout with run.tensorboard but before data.horizontalFlip:
     * it must keep loading.
     */
    static final String FORMAT_4 = FORMAT_3.replace("\"format\" : 3", "\"format\" : 4")
            .replace("\"checkEvery\" : 7 }", "\"checkEvery\" : 7, \"tensorboard\" : false }");

    @TempDir
    Path temp;

    private Path write(String name, String json) throws IOException {
        Path file = temp.resolve(name);
        Files.writeString(file, json);
        return file;
    }

    private static String json(RunConfig config) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RunConfigFile.write(config, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static RunConfig sample() {
        TrainSpec spec = TrainSpec.defaults()
                .withModel(MlpSpec.defaults()
                        .withWidth(32)
                        .withDepth(2)
                        .withActivation("relu")
                        .withTimeFrequencies(4))
                .withFlow(flow -> flow.withGammas(List.of(0.15, 0.2, 0.26)).withTimeSampling("beta:1,0.5"))
                .withOptimization(
                        optimization -> optimization.withStepsPerBlock(100).withEmaDecay(0.99))
                .withData(data -> data.withSource("data.csv").withPoolSize(270).withStandardize(Standardize.ON))
                .withRun(run -> run.withOut("runs/x").withSeed(9).withBackend("cpu"));
        return new RunConfig(3, new Standardization(new double[] {1, 2, 3}, new double[] {0.5, 1, 2}), spec);
    }

    @Test
    void theCurrentFormatRoundTripsAndStartsWithItsVersion() throws IOException {
        RunConfig config = sample();
        String text = json(config);
        assertTrue(text.startsWith("{\n  \"format\" : " + RunConfigFile.FORMAT + ","), text);
        assertEquals(config, RunConfigFile.read(write("config.json", text)));
        assertEquals(Math.max(RunConfigFile.BASE_FORMAT, SinceFields.latest(RunConfig.class)), RunConfigFile.FORMAT);
        assertEquals(config.spec(), TrainSpec.fromJson(config.spec().toJson()));
    }

    @Test
    void aFileOfFormatTwoKeepsLoading() throws IOException {
        RunConfig config = RunConfigFile.read(write("config.json", FORMAT_2));
        assertEquals(List.of(0.1, 0.15000000000000002), config.spec().flow().gammas());
        assertEquals("/tmp/cfgex", config.spec().run().out());
        RunSpec run = config.spec().run();
        assertEquals(
                List.of("none", 1, 100),
                List.of(run.distributed(), run.shards(), run.checkEvery()),
                "format 3's fields take their defaults: one process, one shard");
        assertTrue(run.tensorboard(), "format 4's field takes its default: the TensorBoard log on");
        assertFalse(config.spec().data().horizontalFlip(), "format 5's field takes its default: no flips");
    }

    @Test
    void aFileOfFormatThreeKeepsLoading() throws IOException {
        assertTrue(FORMAT_3.contains("\"checkEvery\" : 7 }") && FORMAT_3.contains("\"format\" : 3"));
        RunSpec run = RunConfigFile.read(write("config.json", FORMAT_3)).spec().run();
        assertEquals(
                List.of("mpi", 1, 7),
                List.of(run.distributed(), run.shards(), run.checkEvery()),
                "format 3's own fields are read as written");
        assertTrue(run.tensorboard(), "format 4's field takes its default: the TensorBoard log on");
    }

    @Test
    void aFileOfFormatFourKeepsLoading() throws IOException {
        assertTrue(FORMAT_4.contains("\"tensorboard\" : false }") && FORMAT_4.contains("\"format\" : 4"));
        TrainSpec spec = RunConfigFile.read(write("config.json", FORMAT_4)).spec();
        assertEquals(
                List.of("mpi", 1, 7),
                List.of(
                        spec.run().distributed(),
                        spec.run().shards(),
                        spec.run().checkEvery()),
                "format 3's fields are read as written");
        assertFalse(spec.run().tensorboard(), "format 4's own field is read as written");
        assertFalse(spec.data().horizontalFlip(), "format 5's field takes its default: no flips");
    }

    void aFileOfFormatFourIsAnUnconditionalRunOfOneTimePerPair() throws IOException {
        // Format 4 had the distributed and TensorBoard fields but none of format 5's (@Since(5)): the
        // condition group, optimization.timesPerPair, optimization.decayEveryFraction and data.horizontalFlip.
        String current = json(sample());
        String formatFour = edit(current, root -> {
            root.put("format", 4);
            root.remove("condition");
            ObjectNode spec = (ObjectNode) root.get("spec");
            spec.remove("condition");
            ObjectNode optimization = (ObjectNode) spec.get("optimization");
            optimization.remove("timesPerPair");
            optimization.remove("decayEveryFraction");
            ((ObjectNode) spec.get("data")).remove("horizontalFlip");
        });
        assertFalse(
                formatFour.contains("timesPerPair")
                        || formatFour.contains("decayEveryFraction")
                        || formatFour.contains("\"condition\"")
                        || formatFour.contains("horizontalFlip"),
                formatFour);
        RunConfig config = RunConfigFile.read(write("config.json", formatFour));
        assertEquals(sample(), config);
        assertFalse(config.conditional());
        assertFalse(config.spec().condition().given());
        assertEquals(1, config.spec().optimization().timesPerPair(), "one t per pair, what format 4 runs did");
        assertEquals(0.0, config.spec().optimization().decayEveryFraction(), "the fixed decayEvery of format 4");
        assertFalse(config.spec().data().horizontalFlip(), "no flips, what format 4 runs did");
    }

    @Test
    void formatFiveWritesTheConditionGroupAndBothScheduleFields() throws IOException {
        // One format for all four additions: a file of this version (format 5 or later) names every one of them.
        assertTrue(RunConfigFile.FORMAT >= 5, "format " + RunConfigFile.FORMAT);
        RunConfig config = new RunConfig(
                sample().dimension(),
                sample().standardization(),
                sample().spec()
                        .withOptimization(
                                optimization -> optimization.withTimesPerPair(4).withDecayEveryFraction(0.25))
                        .withData(data -> data.withHorizontalFlip(true)));
        String text = json(config);
        assertTrue(
                text.contains("\"timesPerPair\" : 4")
                        && text.contains("\"decayEveryFraction\" : 0.25")
                        && text.contains("\"condition\"")
                        && text.contains("\"horizontalFlip\" : true"),
                text);
        assertEquals(config, RunConfigFile.read(write("five.json", text)));
    }

    @Test
    void theFlatLayoutOfFormatOneMigratesOnRead() throws IOException {
        Path file = write("config.json", FORMAT_1);
        RunConfig config = RunConfigFile.read(file);
        assertEquals(FORMAT_1, Files.readString(file), "the old file is left as it was");
        assertEquals(3, config.dimension());
        assertEquals(
                new Standardization(
                        new double[] {1.0773529064013727, 0.007195452874940302, 2.988888888888889},
                        new double[] {2.11891584612052, 0.6978940278481297, 1.9521751085189532}),
                config.standardization());
        // Every value the file sets, and the defaults (what those runs did) for what format 1 did not have.
        TrainSpec expected = TrainSpec.defaults()
                .withModel(MlpSpec.defaults().withWidth(8))
                .withFlow(flow -> flow.withMethod("fm").withTimeSampling("beta:1,0.5"))
                .withOptimization(optimization -> optimization
                        .withStepsPerBlock(10)
                        .withBatch(32)
                        .withLearningRate(1e-3)
                        .withEmaDecay(0.9))
                .withData(data -> data.withSource("/tmp/v1/data.csv").withPoolSize(180))
                .withRun(run -> run.withIntervals(500, 5));
        assertEquals(expected, config.spec());
        // Without a standardisation the migrated config says so.
        String unstandardised = FORMAT_1.replaceFirst("\"standardMean\" : \\[[^]]*]", "\"standardMean\" : null")
                .replaceFirst("\"standardStd\" : \\[[^]]*]", "\"standardStd\" : null");
        assertFalse(RunConfigFile.read(write("plain.json", unstandardised)).standardized());
    }

    @Test
    void badFilesFailWithOneLineNamingFileProblemAndFormats() throws IOException {
        String current = json(sample());
        String format = "\"format\" : " + RunConfigFile.FORMAT;
        String found = "file has format " + RunConfigFile.FORMAT;
        String reads = "this lfm-engine reads format " + RunConfigFile.FORMAT + ")";
        assertFails(
                "newer.json",
                current.replace(format, "\"format\" : 99"),
                "written by a newer lfm-engine",
                "file has format 99",
                reads);
        assertFails(
                "missing.json",
                edit(current, root -> ((ObjectNode) root.at("/spec/run")).remove("seed")),
                "missing field 'spec.run.seed'",
                found,
                reads);
        assertFails(
                "unknown.json",
                edit(current, root -> ((ObjectNode) root.at("/spec/optimization")).put("bogus", 1)),
                "unknown field 'spec.optimization.bogus'",
                found,
                reads);
        assertFails(
                "value.json",
                edit(current, root -> ((ObjectNode) root.at("/spec/optimization")).put("learningRate", -1)),
                "--lr must be > 0",
                found,
                reads);
        assertFails(
                "kind.json",
                edit(current, root -> ((ObjectNode) root.at("/spec/model")).put("kind", "transformer")),
                "unknown kind 'transformer'",
                found,
                reads);
        assertFails("malformed.json", "{ not json", "cannot read the run configuration", "no readable format", reads);
        assertFails(
                "old-missing.json",
                FORMAT_1.replace("\"seed\" : 0,", ""),
                "missing field 'seed'",
                "file has format 1",
                reads);
        assertFails(
                "old-unknown.json",
                FORMAT_1.replace("\"seed\" : 0,", "\"seed\" : 0, \"extra\" : 1,"),
                "unknown field 'extra'",
                "file has format 1",
                reads);
        assertFails("format.json", current.replace(format, "\"format\" : \"two\""), "\"format\" must be", reads);
    }

    private void assertFails(String name, String json, String... fragments) throws IOException {
        Path file = write(name, json);
        IOException error = assertThrows(IOException.class, () -> RunConfigFile.read(file), name);
        String message = error.getMessage();
        assertTrue(message.startsWith(file + ": cannot read the run configuration: "), message);
        assertFalse(message.contains("\n"), "one line: " + message);
        for (String fragment : fragments) {
            assertTrue(message.contains(fragment), "'" + fragment + "' in: " + message);
        }
    }

    private static String edit(String json, Consumer<ObjectNode> change) throws IOException {
        ObjectNode root = (ObjectNode) RunConfigFile.JSON.readTree(json);
        change.accept(root);
        return RunConfigFile.JSON.writeValueAsString(root);
    }
}
