package lfm.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.function.Supplier;
import lfm.backend.Backend;
import lfm.backend.Backends;
import lfm.config.DataSpec;
import lfm.config.RunConfig;
import lfm.config.RunSpec;
import lfm.config.TrainSpec;
import lfm.data.ConditionColumns;
import lfm.data.DataMatrix;
import lfm.data.Dataset;
import lfm.data.Standardization;
import lfm.run.RunFolder;
import lfm.train.Trainer;
import lfm.train.TrainingSummary;

/**
 * A training run in two steps, so that what is wrong with the request shows before any work starts:
 * {@link #plan} opens the data, resolves the pool size and the run folder and builds the
 * {@link RunConfig} (a bad value is an {@link IllegalArgumentException} here); {@link #run} then draws
 * the pool, fits the standardisation, trains every block (checkpointing as it goes, so a stopped run
 * continues with {@link #resume}), writes the plots and returns the {@link Model}.
 * {@link Lfm#train} does both at once.
 */
public final class Training {
    private final RunConfig config;
    private final Dataset dataset;
    private final boolean inMemory;
    private final RunFolder folder;
    private final boolean resuming;

    private Training(RunConfig config, Dataset dataset, boolean inMemory, RunFolder folder, boolean resuming) {
        this.config = config;
        this.dataset = dataset;
        this.inMemory = inMemory;
        this.folder = folder;
        this.resuming = resuming;
    }

    /**
     * A new run of {@code spec} on the data its {@link DataSpec#source()} names (joined with the condition
     * file of a conditional spec that names one).
     */
    public static Training plan(TrainSpec spec) throws IOException {
        Dataset dataset = Conditions.open(spec, spec.data().source());
        return fresh(Conditions.resolveColumns(spec, dataset), dataset, false);
    }

    /**
     * A new run of {@code spec} on in-memory data, shape (N, D), or (N, D + C) for a conditional spec whose
     * condition columns name the C condition columns; the run records its source as "memory".
     */
    public static Training plan(TrainSpec spec, DataMatrix data) {
        if (spec.condition().file() != null) {
            throw new IllegalArgumentException("in-memory data carry their conditions as columns (condition columns), "
                    + "not as a condition file");
        }
        return fresh(spec.withData(d -> d.withSource(DataSpec.IN_MEMORY)), new MatrixDataset(data), true);
    }

    /** Continues the stopped run in {@code run} from its last checkpoint; its config.json wins. */
    public static Training resume(Path run) throws IOException {
        RunFolder folder = new RunFolder(run);
        RunConfig config = folder.readConfig();
        String source = config.spec().data().source();
        if (source.equals(DataSpec.IN_MEMORY)) {
            throw new IllegalArgumentException(run + " was trained on in-memory data: resume it with the same data");
        }
        return new Training(config, Conditions.open(config.spec(), source), false, folder, true);
    }

    /** Continues a stopped run that was trained on in-memory data, given the same data again. */
    public static Training resume(Path run, DataMatrix data) throws IOException {
        RunFolder folder = new RunFolder(run);
        RunConfig config = folder.readConfig();
        MatrixDataset dataset = new MatrixDataset(data);
        int expected = config.conditional() ? Conditions.columns(config.spec(), dataset).generated().length : data.cols();
        if (expected != config.dimension()) {
            throw new IllegalArgumentException("the run models D = " + config.dimension() + " but the data have D = "
                    + expected);
        }
        return new Training(config, dataset, true, folder, true);
    }

    private static Training fresh(TrainSpec spec, Dataset dataset, boolean inMemory) {
        int pool = poolSize(spec.data().poolSize(), dataset);
        TrainSpec sized = spec.withData(data -> data.withPoolSize(pool));
        String out = sized.run().out() != null ? sized.run().out() : defaultFolder(sized).toString();
        TrainSpec resolved = sized.withRun(run -> run.withOut(out));
        ConditionColumns columns = Conditions.columns(resolved, dataset);
        int dimension = columns == null ? dataset.dimension() : columns.generated().length;
        return new Training(RunConfig.of(resolved, dimension), dataset, inMemory, new RunFolder(Path.of(out)), false);
    }

    /** The run's configuration (a new run's standardisation is fitted by {@link #run}). */
    public RunConfig config() {
        return config;
    }

    public Path folder() {
        return folder.root();
    }

    public boolean resuming() {
        return resuming;
    }

    /** Trains on the backend the spec names ({@link RunSpec#backend()}); the model owns it. */
    public Model run(ProgressListener listener) throws IOException {
        RunSpec run = config.spec().run();
        return run(() -> Backends.create(run.backend(), run.threads(), listener::notice), listener);
    }

    /**
     * Trains every block not yet complete on a backend made by {@code backends} (called once the data are
     * ready); the returned model owns that backend.
     */
    public Model run(Supplier<? extends Backend> backends, ProgressListener listener) throws IOException {
        if (!resuming && Files.exists(folder.config())) {
            throw new IllegalArgumentException(folder.root()
                    + " already holds a run; use --resume to continue it or pick another --out");
        }
        long seed = config.spec().run().seed();
        ConditionColumns columns = Conditions.columns(config.spec(), dataset);
        DataMatrix joint = dataset.train(config.spec().data().poolSize(), seed);
        DataMatrix training = columns == null ? joint : columns.generatedPart(joint);
        DataMatrix rawConditions = columns == null ? null : columns.conditionPart(joint);
        RunConfig fitted = config;
        if (!resuming && config.spec().data().standardize().applies(dataset.standardize())) {
            fitted = config.withStandardization(Standardization.fit(training));
        }
        if (!resuming && columns != null) {
            fitted = fitted.withCondition(Conditions.fit(config.spec().condition(), rawConditions));
        }
        if (fitted.standardized()) {
            training = fitted.standardization().apply(training);
        }
        DataMatrix conditions = columns == null ? null : Conditions.encode(fitted, rawConditions);
        Backend backend = backends.get();
        Model model;
        TrainingSummary summary;
        try {
            listener.trainingStarted(fitted, folder.root(), resuming);
            summary = new Trainer(backend, fitted, folder, listener).train(training, conditions, resuming);
            model = Model.open(folder, fitted, backend, true, summary, inMemory ? dataset : null);
        } catch (IOException | RuntimeException | Error failed) {
            backend.close();
            throw failed;
        }
        if (fitted.spec().run().plots()) {
            try {
                long start = System.nanoTime();
                DataMatrix shown = inMemory ? dataset.train(RunPlots.SAMPLE_POINTS, seed)
                        : dataset.test(RunPlots.SAMPLE_POINTS, seed);
                RunPlots.write(model, columns == null ? shown : columns.generatedPart(shown),
                        columns == null ? null : columns.conditionPart(shown), summary.snapshots(), seed);
                listener.plotsWritten(folder.root(), (System.nanoTime() - start) / 1e9);
            } catch (IOException | RuntimeException | Error failed) {
                model.close();
                throw failed;
            }
        }
        return model;
    }

    /** The pool size: the spec's, or with 0 every training row of a file (the count is stored for a resume). */
    private static int poolSize(int requested, Dataset dataset) {
        if (requested != 0) {
            return requested;
        }
        if (dataset.trainSize() < 0) {
            throw new IllegalArgumentException("--pool 0 (all rows) needs a file data set; " + dataset.name()
                    + " is an unlimited sampler");
        }
        return dataset.trainSize();
    }

    /** runs/&lt;data&gt;-&lt;method&gt;-&lt;yyyyMMdd-HHmmss&gt;. */
    private static Path defaultFolder(TrainSpec spec) {
        String name = Path.of(spec.data().source()).getFileName().toString().replaceAll("[^A-Za-z0-9_.-]", "_");
        String time = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return Path.of("runs", name + "-" + spec.flow().method() + "-" + time);
    }
}
