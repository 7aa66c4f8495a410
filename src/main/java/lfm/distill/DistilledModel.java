package lfm.distill;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import lfm.nn.MlpField;
import lfm.autograd.Tape;
import lfm.backend.Backend;
import lfm.config.MlpSpec;
import lfm.config.RunConfig;
import lfm.io.AtomicFiles;
import lfm.io.ModuleWeights;
import lfm.nn.VelocityField;
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
        VelocityField network = new MlpField(config.studentField(run.dimension(), teacherTimeFrequencies()), arena,
                new RandomStream(lfm.random.Distributions.mix(config.seed(), 1000 + group)));
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
        DistillConfig config = RunFolder.JSON.readValue(configFile(folder).toFile(), DistillConfig.class);
        DistilledModel model = new DistilledModel(run, config, backend);
        try {
            for (int g = 1; g <= config.groups().size(); g++) {
                Student student = model.newStudent(g);
                Path file = studentFile(folder, g);
                ModuleWeights.load(student.network(), "", folder.readTensors(file).tensors(), file);
            }
        } catch (IOException | RuntimeException failed) {
            model.close();
            throw failed;
        }
        return model;
    }

    void save(RunFolder folder) throws IOException {
        for (int g = 1; g <= students.size(); g++) {
            folder.writeTensors(studentFile(folder, g), ModuleWeights.export(students.get(g - 1).network(), ""),
                    java.util.Map.of("student", Integer.toString(g), "evaluations", Integer.toString(config.evaluations())));
        }
        AtomicFiles.write(configFile(folder), out -> RunFolder.JSON.writeValue(out, config));
    }

    /** n points in model coordinates, in a tensor of {@code out}; chunks bound the scratch memory. */
    public Tensor generate(int n, RandomKey key, int chunkRows, TensorArena out) {
        Tensor x = out.allocate(Shape.matrix(n, run.dimension()));
        backend.fillNormal(x, key);
        try (TensorArena scratch = backend.newArena("student-evaluation")) {
            for (int from = 0; from < n; from += chunkRows) {
                Tensor chunk = x.rowSlice(from, Math.min(chunkRows, n - from));
                for (int g = students.size() - 1; g >= 0; g--) {
                    Tape tape = Tape.inference(backend, scratch);
                    backend.copy(students.get(g).apply(tape, tape.constant(chunk)).value(), chunk);
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

    /** Students take the teacher's time input; distillation is defined for MLP teachers. */
    private int teacherTimeFrequencies() {
        if (run.spec().model() instanceof MlpSpec mlp) {
            return mlp.timeFrequencies();
        }
        throw new IllegalArgumentException("distillation needs an MLP teacher; this run's model is "
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
