package lfm.distill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import lfm.backend.Backend;
import lfm.backend.reference.ReferenceBackend;
import lfm.config.MlpSpec;
import lfm.config.RunConfig;
import lfm.config.TrainSpec;
import lfm.data.DataMatrix;
import lfm.random.Distributions;
import lfm.random.RandomKey;
import lfm.run.FlowModel;
import lfm.run.RunFolder;
import lfm.tensor.TensorArena;
import lfm.train.Trainer;
import lfm.train.TrainingListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Students learn their teacher's block maps, and sampling with them costs exactly G·k evaluations. */
class DistillationTest {
    @TempDir
    static Path temp;

    static RunFolder run;
    static DataMatrix pool;
    static final Backend BACKEND = new ReferenceBackend();

    @BeforeAll
    static void trainTeacher() throws IOException {
        float[] values = new float[2 * 1024];
        RandomKey key = new RandomKey(3, 0);
        for (int i = 0; i < 1024; i++) {
            double angle = 2 * Math.PI * Distributions.uniformIndex(key, 3L * i, 4) / 4;
            values[2 * i] = (float) (1.5 * Math.cos(angle) + 0.2 * Distributions.normal(key, 3L * i + 1));
            values[2 * i + 1] = (float) (1.5 * Math.sin(angle) + 0.2 * Distributions.normal(key, 3L * i + 2));
        }
        pool = new DataMatrix(1024, 2, values);
        RunConfig config = RunConfig.of(
                TrainSpec.defaults()
                        .withModel(MlpSpec.defaults().withWidth(16).withDepth(2))
                        .withFlow(flow -> flow.withGammas(List.of(0.3)))
                        .withOptimization(optimization -> optimization
                                .withStepsPerBlock(150)
                                .withBatch(128)
                                .withLearningRate(3e-3)
                                .withDecayFactor(1))
                        .withData(data -> data.withSource("test").withPoolSize(1024))
                        .withRun(run -> run.withIntervals(50, 50)
                                .withPushSolver("rk4:4")
                                .withSampleSolver("rk4:8")
                                .withChunkRows(512)
                                .withSeed(5)),
                2);
        run = new RunFolder(temp.resolve("teacher"));
        new Trainer(BACKEND, config, run, TrainingListener.SILENT).train(pool, false);
    }

    private static DistillConfig config(int evaluations, int merge, boolean fromTeacher) {
        return new DistillConfig(
                16, 2, "softplus:20", evaluations, merge, 2, 600, 300, 128, 3e-3, "dopri5:1e-5,1e-5", fromTeacher, 9);
    }

    @Test
    void trainedStudentsMatchTheTeacherFarBetterThanFreshOnes() throws IOException {
        List<String> log = new ArrayList<>();
        List<Distillation.StudentReport> reports;
        try (FlowModel teacher = FlowModel.load(run, BACKEND)) {
            reports = Distillation.run(
                    teacher,
                    run,
                    config(1, 1, false),
                    pool,
                    PairGenerator.Source.POOL,
                    512,
                    new DistillationListener() {
                        @Override
                        public void studentFinished(int student, Distillation.StudentReport report) {
                            log.add("student " + student);
                        }
                    });
        }
        assertEquals(List.of("student 1", "student 2"), log);
        assertEquals(2, reports.size());
        for (Distillation.StudentReport report : reports) {
            assertTrue(
                    report.trainedError() < 0.1 * report.initialError() && report.trainedError() < 0.02,
                    "student " + report.first() + ": held-out MSE " + report.initialError() + " → "
                            + report.trainedError());
        }
    }

    @Test
    void samplingCountsExactlyOneEvaluationPerStudentAndStep() throws IOException {
        for (int[] setting : new int[][] {{1, 1}, {2, 1}, {1, 2}}) {
            DistillConfig config = config(setting[0], setting[1], true);
            try (FlowModel teacher = FlowModel.load(run, BACKEND)) {
                Distillation.run(
                        teacher,
                        run,
                        new DistillConfig(
                                16, 2, "softplus:20", setting[0], setting[1], 2, 100, 5, 32, 1e-3, "rk4:4", true, 1),
                        pool,
                        PairGenerator.Source.NOISE,
                        512,
                        DistillationListener.SILENT);
            }
            try (DistilledModel model = DistilledModel.load(run, BACKEND);
                    TensorArena arena = BACKEND.newArena("s")) {
                model.generate(100, new RandomKey(1, 1), 1000, arena);
                assertEquals(
                        config.totalEvaluations(),
                        model.evaluationCount(),
                        "evaluations for k=" + setting[0] + ", merge=" + setting[1]);
            }
        }
        assertEquals(2, config(1, 1, false).totalEvaluations());
        assertEquals(4, config(2, 1, false).totalEvaluations());
        assertEquals(1, config(1, 2, false).totalEvaluations());
    }

    @Test
    void studentsOfAnInterruptedDistillAreRefusedNotMixed() throws IOException {
        try (FlowModel teacher = FlowModel.load(run, BACKEND)) {
            Distillation.run(
                    teacher,
                    run,
                    new DistillConfig(16, 2, "softplus:20", 1, 1, 2, 100, 5, 32, 1e-3, "rk4:4", true, 1),
                    pool,
                    PairGenerator.Source.NOISE,
                    512,
                    DistillationListener.SILENT);
        }
        DistilledModel.load(run, BACKEND).close();
        // A later distill that stopped after writing student 1 and before distill.json.
        java.nio.file.Path student = DistilledModel.studentFile(run, 1);
        var contents = lfm.io.SafeTensors.read(student);
        lfm.io.SafeTensors.write(student, contents.tensors(), java.util.Map.of("commit", "0123abcd"));
        RuntimeException mixed = org.junit.jupiter.api.Assertions.assertThrows(
                RuntimeException.class, () -> DistilledModel.load(run, BACKEND));
        assertTrue(
                mixed.getMessage().contains("student-01.safetensors was written by another lfm distill than")
                        && mixed.getMessage().contains("distill.json"),
                mixed.getMessage());
    }
}
