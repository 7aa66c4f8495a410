package lfm.distill;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import lfm.backend.Backend;
import lfm.data.DataMatrix;
import lfm.flow.ode.OdeSolver;
import lfm.random.Purpose;
import lfm.random.RandomStream;
import lfm.run.FlowModel;
import lfm.run.RunFolder;
import lfm.tensor.TensorArena;

/**
 * Distils a trained run: for each group of consecutive blocks, teacher pairs (x_last, x_{first−1}) from
 * the adaptive reverse ODE, then a student trained by regression on them; 10% of the pairs are held out
 * to report each student's error next to that of its untrained start.
 */
public final class Distillation {
    private Distillation() {}

    /** Per student: held-out mean squared error before and after training. */
    public record StudentReport(int first, int last, double initialError, double trainedError, double seconds) {}

    /** As below for an unconditional teacher. */
    public static List<StudentReport> run(
            FlowModel teacher,
            RunFolder folder,
            DistillConfig config,
            DataMatrix pool,
            PairGenerator.Source source,
            int chunkRows,
            DistillationListener listener)
            throws IOException {
        return run(teacher, folder, config, pool, null, source, chunkRows, listener);
    }

    /**
     * Trains the students of {@code config} against {@code teacher} and writes them (student-NN.safetensors,
     * distill.json) into {@code folder}.
     *
     * @param pool       the training pool in model coordinates (read only when pairs come from the pool)
     * @param conditions the pool's conditions in model coordinates for a conditional teacher, else null
     */
    public static List<StudentReport> run(
            FlowModel teacher,
            RunFolder folder,
            DistillConfig config,
            DataMatrix pool,
            DataMatrix conditions,
            PairGenerator.Source source,
            int chunkRows,
            DistillationListener listener)
            throws IOException {
        if ((conditions != null) != teacher.config().conditional()) {
            throw new IllegalArgumentException(
                    conditions == null
                            ? "a conditional run distils with its pool's conditions"
                            : "an unconditional run takes no conditions");
        }
        Backend backend = teacher.backend();
        List<StudentReport> reports = new ArrayList<>();
        try (DistilledModel students = new DistilledModel(teacher.config(), config, backend);
                TensorArena arena = backend.newArena("distillation")) {
            if (config.blocks() != teacher.blockCount()) {
                throw new IllegalArgumentException(
                        "distill config has " + config.blocks() + " blocks, the run " + teacher.blockCount());
            }
            OdeSolver solver = OdeSolver.parse(config.teacherSolver(), 20);
            listener.pairsStarted(config.pairs(), solver.spec());
            List<PairGenerator.Pairs> all =
                    PairGenerator.generate(teacher, pool, conditions, config, solver, chunkRows, source, config.seed());
            List<int[]> groups = config.groups();
            for (int g = 0; g < groups.size(); g++) {
                long start = System.nanoTime();
                PairGenerator.Pairs[] split = split(all.get(g));
                Student student = students.newStudent(g + 1);
                if (config.fromTeacher()) {
                    student.network().copyFrom(teacher.block(groups.get(g)[1]));
                }
                double before = Distiller.error(student, split[1], arena);
                RandomStream random = new RandomStream(Purpose.DISTILLATION_BATCHES.seed(config.seed(), g), 0);
                Distiller.train(student, split[0], config, random, arena);
                double after = Distiller.error(student, split[1], arena);
                arena.reset();
                StudentReport report = new StudentReport(
                        groups.get(g)[0], groups.get(g)[1], before, after, (System.nanoTime() - start) / 1e9);
                listener.studentFinished(g + 1, report);
                reports.add(report);
            }
            students.save(folder);
        }
        return reports;
    }

    /** 90% training, 10% held out (at least one row each). */
    private static PairGenerator.Pairs[] split(PairGenerator.Pairs pairs) {
        int rows = pairs.inputs().rows();
        int held = Math.max(1, rows / 10);
        int train = Math.max(1, rows - held);
        return new PairGenerator.Pairs[] {
            new PairGenerator.Pairs(
                    rows(pairs.inputs(), 0, train),
                    rows(pairs.targets(), 0, train),
                    rows(pairs.conditions(), 0, train)),
            new PairGenerator.Pairs(
                    rows(pairs.inputs(), rows - held, held),
                    rows(pairs.targets(), rows - held, held),
                    rows(pairs.conditions(), rows - held, held))
        };
    }

    private static DataMatrix rows(DataMatrix data, int from, int count) {
        if (data == null) {
            return null;
        }
        return new DataMatrix(
                count,
                data.cols(),
                java.util.Arrays.copyOfRange(data.values(), from * data.cols(), (from + count) * data.cols()));
    }
}
