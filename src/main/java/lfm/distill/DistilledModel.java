package lfm.distill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import lfm.autograd.Tape;
import lfm.backend.Backend;
import lfm.config.MlpSpec;
import lfm.config.RunConfig;
import lfm.data.DataFormatException;
import lfm.io.AtomicFiles;
import lfm.io.ModuleWeights;
import lfm.io.SafeTensors;
import lfm.nn.MlpField;
import lfm.nn.VelocityField;
import lfm.random.Purpose;
import lfm.random.RandomKey;
import lfm.random.RandomStream;
import lfm.run.RunFolder;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;

/**
 * A run's distilled students: generation is z ~ N(0, I), then students G..1, each k network
 * evaluations — G·k evaluations in all instead of an ODE solve per block. Files: distill.json and
 * student-01.safetensors .. in the run folder.
 */
public final class DistilledModel implements AutoCloseable {
    /** Field of distill.json and metadata key of each student: the id of the distill that wrote them. */
    private static final String COMMIT = "commit";

    private static final SecureRandom COMMITS = new SecureRandom();
    private final RunConfig run;
    private final DistillConfig config;
    private final Backend backend;
    private final TensorArena arena;
    private final List<Student> students = new ArrayList<>();

    DistilledModel(RunConfig run, DistillConfig config, Backend backend) {
        this.run = run;
        this.config = config;
        this.backend = backend;
        this.arena = backend.newArena("students");
    }

    static Path configFile(RunFolder folder) {
        return folder.file("distill.json");
    }

    static Path studentFile(RunFolder folder, int group) {
        return folder.file(String.format("student-%02d.safetensors", group));
    }

    /** A new student network for group g (1-based), freshly initialised, held by this model. */
    Student newStudent(int group) {
        RandomStream random = new RandomStream(Purpose.STUDENT_WEIGHTS.seed(config.seed(), group));
        VelocityField network = config.teacherArchitecture()
                ? run.newField(arena, random)
                : new MlpField(
                        config.studentField(run.dimension(), teacherTimeFrequencies())
                                .withCondition(run.conditionInput()),
                        arena,
                        random);
        Student student = new Student(network, config.evaluations());
        students.add(student);
        return student;
    }

    public static DistilledModel load(RunFolder folder, Backend backend) throws IOException {
        return load(folder, folder.readConfig(), backend);
    }

    /** Loads the students of a run whose config.json has already been read. */
    public static DistilledModel load(RunFolder folder, RunConfig run, Backend backend) throws IOException {
        if (!Files.exists(configFile(folder))) {
            throw new NoSuchFileException(configFile(folder) + " (the run is not distilled; run 'lfm distill --run "
                    + folder.root() + "' first)");
        }
        ObjectNode stored =
                (ObjectNode) RunFolder.JSON.readTree(configFile(folder).toFile());
        JsonNode commit = stored.remove(COMMIT);
        DistillConfig config = RunFolder.JSON.treeToValue(stored, DistillConfig.class);
        DistilledModel model = new DistilledModel(run, config, backend);
        try {
            for (int g = 1; g <= config.groups().size(); g++) {
                Student student = model.newStudent(g);
                Path file = studentFile(folder, g);
                SafeTensors.Contents contents = folder.readTensors(file);
                if (commit != null
                        && !commit.asText().equals(contents.metadata().get(COMMIT))) {
                    throw new DataFormatException(file + " was written by another lfm distill than "
                            + configFile(folder) + " (an interrupted distill?): run 'lfm distill --run "
                            + folder.root() + "' again");
                }
                ModuleWeights.load(student.network(), "", contents.tensors(), file);
            }
        } catch (IOException | RuntimeException failed) {
            model.close();
            throw failed;
        }
        return model;
    }

    /**
     * Writes the students, then distill.json, as one commit: every file carries the same commit id
     * (students in their metadata, distill.json in its "commit" field), and distill.json, written last,
     * is the commit. A distill interrupted between the two leaves students that distill.json does not
     * name, which {@link #load} refuses with one line instead of mixing two distillations.
     */
    void save(RunFolder folder) throws IOException {
        String commit = Long.toHexString(COMMITS.nextLong());
        for (int g = 1; g <= students.size(); g++) {
            folder.writeTensors(
                    studentFile(folder, g),
                    ModuleWeights.export(students.get(g - 1).network(), ""),
                    java.util.Map.of(
                            "student",
                            Integer.toString(g),
                            "evaluations",
                            Integer.toString(config.evaluations()),
                            COMMIT,
                            commit));
        }
        ObjectNode stored = RunFolder.JSON.valueToTree(config);
        stored.put(COMMIT, commit);
        AtomicFiles.write(configFile(folder), out -> RunFolder.JSON.writeValue(out, stored));
    }

    /** n points in model coordinates, in a tensor of {@code out}; chunks bound the scratch memory. */
    public Tensor generate(int n, RandomKey key, int chunkRows, TensorArena out) {
        return generate(n, null, key, chunkRows, out);
    }

    /** As {@link #generate(int, RandomKey, int, TensorArena)}, point i with condition row i (model coordinates). */
    public Tensor generate(int n, Tensor conditions, RandomKey key, int chunkRows, TensorArena out) {
        if (conditions != null && conditions.rows() != n) {
            throw new IllegalArgumentException(conditions.rows() + " conditions for " + n + " points");
        }
        Tensor x = out.allocate(Shape.matrix(n, run.dimension()));
        backend.fillNormal(x, key);
        try (TensorArena scratch = backend.newArena("student-evaluation")) {
            for (int from = 0; from < n; from += chunkRows) {
                int rows = Math.min(chunkRows, n - from);
                Tensor chunk = x.rowSlice(from, rows);
                Tensor condition = conditions == null ? null : conditions.rowSlice(from, rows);
                for (int g = students.size() - 1; g >= 0; g--) {
                    Tape tape = Tape.inference(backend, scratch);
                    backend.copy(
                            students.get(g)
                                    .apply(
                                            tape,
                                            tape.constant(chunk),
                                            condition == null ? null : tape.constant(condition))
                                    .value(),
                            chunk);
                    scratch.reset();
                }
            }
        }
        return x;
    }

    /** Network evaluations performed so far by all students (per batch of points). */
    public long evaluationCount() {
        return students.stream().mapToLong(Student::evaluationCount).sum();
    }

    public DistillConfig config() {
        return config;
    }

    public RunConfig run() {
        return run;
    }

    /** MLP students take the teacher's time input (other teachers' students are the teacher's architecture). */
    private int teacherTimeFrequencies() {
        if (run.spec().model() instanceof MlpSpec mlp) {
            return mlp.timeFrequencies();
        }
        throw new IllegalArgumentException("MLP students need an MLP teacher; this run's model is "
                + run.spec().model().describe());
    }

    List<Student> students() {
        return students;
    }

    @Override
    public void close() {
        arena.close();
    }
}
