package lfm.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import lfm.config.DataSpec;
import lfm.config.MlpSpec;
import lfm.config.RunConfig;
import lfm.config.TrainSpec;
import lfm.data.DataMatrix;
import lfm.distill.Distillation;
import lfm.flow.Schedule;
import lfm.flow.ode.SolveStats;
import lfm.run.RunFolder;
import lfm.tensorboard.EventFileReader;
import lfm.tensorboard.proto.EventProtos.Event;
import lfm.testing.Approx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java API end to end on a tiny run trained from a {@code float[][]}: it reports through the listener
 * and never prints; everything goes in and out in data coordinates (the run standardises in-memory data);
 * push and pull invert each other; densities carry the standardisation's log|det|; a loaded model
 * samples exactly as the trained one; distillation and evaluation work through the same model.
 */
class ModelTest {
    @TempDir
    static Path temp;

    static float[][] data;
    static Model model;
    static final List<String> EVENTS = new ArrayList<>();
    static String printed;

    /** Records what the engine reports. */
    static final ProgressListener RECORDER = new ProgressListener() {
        @Override
        public void trainingStarted(RunConfig config, Path folder, boolean resumed) {
            EVENTS.add("started " + config.spec().data().source());
        }

        @Override
        public void blockFinished(Schedule.Block block, double trainSeconds, double pushSeconds, SolveStats push) {
            EVENTS.add("block " + block.index());
        }

        @Override
        public void studentFinished(int student, Distillation.StudentReport report) {
            EVENTS.add("student " + student);
        }
    };

    static TrainSpec tinySpec(Path out) {
        return TrainSpec.defaults()
                .withModel(MlpSpec.defaults().withWidth(16).withDepth(2))
                .withFlow(flow -> flow.withGeometricGammas(2, 0.2, 1.5))
                .withOptimization(
                        optimization -> optimization.withStepsPerBlock(60).withBatch(128))
                .withData(spec -> spec.withPoolSize(0))
                .withRun(run -> run.withOut(out.toString())
                        .withIntervals(30, 10)
                        .withPushSolver("rk4:4")
                        .withSampleSolver("rk4:8")
                        .withBackend("cpu")
                        .withThreads(1)
                        .withPlots(false));
    }

    @BeforeAll
    static void train() throws IOException {
        Random random = new Random(1);
        data = new float[600][];
        for (int i = 0; i < data.length; i++) {
            data[i] = new float[] {(float) (5 + 2 * random.nextGaussian()), (float) (-3 + 0.5 * random.nextGaussian())};
        }
        printed = silently(() -> model = Lfm.train(tinySpec(temp.resolve("run")), data, RECORDER));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void trainsFromArraysReportingThroughTheListenerOnly() throws IOException {
        assertEquals("", printed, "the API prints nothing");
        assertEquals(List.of("started memory", "block 1", "block 2", "block 3"), EVENTS.subList(0, 4));
        RunConfig config = Model.readConfig(temp.resolve("run"));
        assertEquals(config, model.config());
        assertEquals(DataSpec.IN_MEMORY, config.spec().data().source());
        assertEquals(600, config.spec().data().poolSize(), "pool 0: every row, stored as a count");
        assertTrue(config.standardized(), "in-memory data are standardised like a table");
        assertEquals(5, config.standardization().mean()[0], 0.3);
        assertEquals(0.5, config.standardization().std()[1], 0.05);
        assertEquals(3, model.blockCount());
        assertTrue(model.trainingSummary().isPresent());
        JsonNode record = RunFolder.JSON.readTree(temp.resolve("run/train.json").toFile());
        assertEquals("complete", record.get("status").asText(), "training keeps train.json");
        assertEquals(3, record.get("blocks").size());
        try (var files = Files.list(temp.resolve("run/tb"))) {
            assertEquals(1, files.filter(f -> f.toString().endsWith(".train")).count(), "and a TensorBoard log");
        }
    }

    @Test
    void pushAndPullWorkInDataCoordinatesAndInvertEachOther() {
        DataMatrix points = DataMatrix.of(data).rows(0, 50);
        assertArrayEquals(
                model.standardization().orElseThrow().apply(points).values(),
                model.push(points, 0).values());
        String tight = "dopri5:1e-6,1e-6";
        DataMatrix latent = model.push(points, model.blockCount(), tight, 20);
        DataMatrix back = model.pull(latent, model.blockCount(), tight, 20);
        Approx.assertClose("pull(push(x))", points.values(), back.values(), 1e-3, 1e-3);
        assertThrows(IllegalArgumentException.class, () -> model.push(points, 4));
        assertThrows(IllegalArgumentException.class, () -> model.push(DataMatrix.zeros(3, 5), 1));
    }

    @Test
    void samplesAreSeededAndLoadedModelsSampleTheSame() throws Exception {
        Samples first = model.sample(300, null, 3);
        assertEquals(300, first.toArray().length);
        assertEquals("rk4:8", first.method());
        assertEquals(3 * 4 * 8, first.evaluationsPerPoint(), "rk4:8 on three blocks");
        assertArrayEquals(
                first.points().values(), model.sample(300, null, 3).points().values());
        assertFalse(java.util.Arrays.equals(
                first.points().values(), model.sample(300, null, 4).points().values()));
        String[] loadedOutput = new String[1];
        String quiet = silently(() -> {
            try (Model loaded = Model.load(temp.resolve("run"))) {
                assertArrayEquals(
                        first.points().values(),
                        loaded.sample(300, null, 3).points().values());
                assertTrue(loaded.trainingSummary().isEmpty());
                loadedOutput[0] = "ok";
            }
        });
        assertEquals("ok", loadedOutput[0]);
        assertEquals("", quiet);
    }

    @Test
    void densitiesCarryTheStandardisationsLogDeterminant() {
        DataMatrix points = DataMatrix.of(data).rows(0, 40);
        LogDensities densities =
                model.logDensity(points, DensityOptions.defaults().withSolver("rk4:20"));
        double[] std = model.standardization().orElseThrow().std();
        double logDet = -Math.log(std[0]) - Math.log(std[1]);
        for (int i = 0; i < points.rows(); i++) {
            assertEquals(densities.modelValues()[i] + logDet, densities.values()[i], 1e-12);
        }
        assertEquals("exact", densities.divergence());
        assertTrue(Double.isFinite(densities.mean()));
    }

    @Test
    void distillsFromThePoolAndSamplesWithTheStudents() throws IOException {
        DistillSpec spec = DistillSpec.defaults()
                .withPairs(200, "pool")
                .withTraining(20, 64, 1e-3)
                .withTeacherSolver("rk4:4");
        try (Model loaded = Model.load(temp.resolve("run"), model.backend())) {
            IllegalArgumentException noPool =
                    assertThrows(IllegalArgumentException.class, () -> loaded.distill(spec, ProgressListener.SILENT));
            assertTrue(noPool.getMessage().contains("in-memory data"), noPool.getMessage());
            assertEquals(
                    3,
                    loaded.distill(spec, DataMatrix.of(data), ProgressListener.SILENT)
                            .students()
                            .size());
        }
        // The model that was just trained remembers its in-memory training data.
        DistillReport report = model.distill(spec, RECORDER);
        assertEquals(3, report.students().size());
        assertTrue(EVENTS.containsAll(List.of("student 1", "student 2", "student 3")), EVENTS.toString());
        assertTrue(Files.exists(temp.resolve("run/distill.json")));
        Samples distilled = model.sampleDistilled(100, 50, 1);
        assertEquals(3, distilled.evaluationsPerPoint());
        assertEquals("distilled (3 evaluations)", distilled.method());
    }

    @Test
    void evaluatesAgainstNamedHeldOutData() throws IOException {
        IllegalArgumentException unnamed =
                assertThrows(IllegalArgumentException.class, () -> Evaluator.of(model, EvalSpec.defaults()));
        assertTrue(unnamed.getMessage().contains("in-memory data"), unnamed.getMessage());
        Evaluator evaluator = Evaluator.of(
                model,
                EvalSpec.defaults()
                        .withData("8gaussians")
                        .withCount(200)
                        .withBlockPoints(50)
                        .withSolver("rk4:4"));
        assertEquals(200, evaluator.heldOut().points().rows());
        assertTrue(Double.isFinite(evaluator.sampleQuality().metrics().energyDistance()));
        assertEquals(
                3, evaluator.blockDiagnostics().diagnostics().stepDistances().size());
        assertEquals(
                200, evaluator.likelihood(ProgressListener.SILENT).summary().points());

        Evaluation[] result = new Evaluation[1];
        String output = silently(() -> result[0] = Evaluator.of(
                        model,
                        EvalSpec.defaults()
                                .withData("8gaussians")
                                .withCount(200)
                                .withBlockPoints(50)
                                .withSolver("rk4:4")
                                .withLikelihood(true))
                .evaluate(ProgressListener.SILENT));
        assertEquals("", output, "the API prints nothing");
        JsonNode saved = RunFolder.JSON.readTree(temp.resolve("run/eval.json").toFile());
        assertEquals(RunFolder.JSON.readTree(result[0].toJson()), saved, "eval.json holds the evaluation");
        assertEquals(
                "a second held-out draw of the same size",
                saved.at("/metrics_floor/reference").asText());
        assertEquals(3, saved.at("/blocks/step_energy_distances").size());
        assertEquals(200, saved.at("/nll/points").asInt());
        Map<String, Float> logged = new HashMap<>();
        try (var files = Files.list(temp.resolve("run/tb"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".eval")).toList()) {
                for (Event event : EventFileReader.read(file)) {
                    event.getSummary().getValueList().forEach(v -> logged.put(v.getTag(), v.getSimpleValue()));
                }
            }
        }
        assertEquals((float) saved.at("/metrics/energy_distance").asDouble(), logged.get("eval/energy_distance"));
        assertEquals((float) saved.at("/nll/mean").asDouble(), logged.get("eval/nll"));
        assertTrue(
                logged.containsKey("eval_floor/energy_distance"),
                logged.keySet().toString());
    }

    /** Runs {@code action} with stdout and stderr captured; returns what was printed. */
    static String silently(ThrowingAction action) throws IOException {
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (PrintStream capture = new PrintStream(captured, true)) {
            System.setOut(capture);
            System.setErr(capture);
            action.run();
        } catch (IOException | RuntimeException | Error failed) {
            throw failed;
        } catch (Exception other) {
            throw new IllegalStateException(other);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return captured.toString();
    }

    interface ThrowingAction {
        void run() throws Exception;
    }
}
