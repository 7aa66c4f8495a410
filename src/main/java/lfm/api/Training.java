package lfm.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import lfm.backend.Backend;
import lfm.backend.Backends;
import lfm.config.DataSpec;
import lfm.config.RunConfig;
import lfm.config.RunSpec;
import lfm.config.TrainSpec;
import lfm.config.UNetSpec;
import lfm.data.ConditionColumns;
import lfm.data.DataMatrix;
import lfm.data.Dataset;
import lfm.data.Standardization;
import lfm.dist.Collective;
import lfm.dist.Collectives;
import lfm.run.RunFolder;
import lfm.train.DataParallel;
import lfm.train.Trainer;
import lfm.train.TrainingSummary;

/**
 * A training run in two steps, so that what is wrong with the request shows before any work starts:
 * {@link #plan} opens the data, resolves the pool size and the run folder and builds the
 * {@link RunConfig} (a bad value is an {@link IllegalArgumentException} here); {@link #run} then draws
 * the pool, fits the standardisation, trains every block (checkpointing as it goes, so a stopped run
 * continues with {@link #resume}), keeps the training record train.json and the TensorBoard log tb/,
 * writes the plots and returns the {@link Model}.
 * {@link Lfm#train} does both at once.
 *
 * <p>Data parallel: with {@code run.shards} P &gt; 1 one process splits each batch into P shards; with
 * {@code run.distributed} mpi or nccl every rank of an MPI job calls {@link #run} (the same program and
 * spec on each, e.g. under {@code mpirun -np P}), computes its shard of each batch, and the gradients are
 * all-reduced in rank order: P ranks write the block files of {@code shards} P on one process, bit for
 * bit. Rank 0 alone writes the run folder; every rank returns the model, its work shared by the ranks
 * ({@link Model#collective()}). A rank that throws leaves the others waiting in their next collective call
 * until its process ends (mpirun then ends the job) or the caller calls {@link Collective#abort}.
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
        int expected = config.conditional()
                ? Conditions.columns(config.spec(), dataset).generated().length
                : data.cols();
        if (expected != config.dimension()) {
            throw new IllegalArgumentException(
                    "the run models D = " + config.dimension() + " but the data have D = " + expected);
        }
        return new Training(config, dataset, true, folder, true);
    }

    private static Training fresh(TrainSpec spec, Dataset dataset, boolean inMemory) {
        int pool = poolSize(spec.data().poolSize(), dataset);
        TrainSpec sized = fitImages(spec, dataset).withData(data -> data.withPoolSize(pool));
        String out = sized.run().out() != null
                ? sized.run().out()
                : defaultFolder(sized).toString();
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

    /**
     * This run carried out as {@code launch} says: its backend, threads, distributed mode, shards and
     * weight-check interval replace those recorded, the rest of the spec stays. How a stopped run resumes
     * on another backend or over another number of ranks (another P is correct but, the gradients being
     * summed in another grouping, not bit for bit the uninterrupted run; training says so in a notice).
     */
    public Training launchedAs(RunSpec launch) {
        RunConfig launched = new RunConfig(
                config.dimension(), config.standardization(), config.spec().withRun(run -> run.withLaunch(launch)));
        return new Training(launched, dataset, inMemory, folder, resuming);
    }

    /**
     * This resumed run continuing from its checkpoint at base learning rate {@code rate} instead of the
     * recorded one: the way out of a run stopped by a non-finite loss or weights. Training records the new
     * rate in config.json (blocks already finished keep what they were trained at).
     */
    public Training atLearningRate(double rate) {
        if (!resuming) {
            throw new IllegalStateException(
                    "atLearningRate is for a resumed run; a new run takes its rate from the spec");
        }
        RunConfig changed = config.withSpec(spec -> spec.withOptimization(o -> o.withLearningRate(rate)));
        return new Training(changed, dataset, inMemory, folder, resuming);
    }

    /**
     * Trains on the backend the spec names ({@link RunSpec#backend()}), joining the job
     * {@link RunSpec#distributed()} names; the model owns both.
     */
    public Model run(ProgressListener listener) throws IOException {
        RunSpec run = config.spec().run();
        return run(() -> Backends.create(run.backend(), run.threads(), listener::notice), listener);
    }

    /**
     * Trains every block not yet complete on a backend made by {@code backends} (called once the data are
     * ready), joining the job {@link RunSpec#distributed()} names ({@link Collectives#join}); the returned
     * model owns that backend and the job (closing it leaves the job: once per process under MPI). Besides
     * the blocks the run folder gets train.json (status, per-block times and diagnostics, machine: "failed"
     * with the error if training throws) and, with {@link RunSpec#tensorboard()}, the TensorBoard log tb/
     * (loss, learning rate, gradient norm and rate per logged step, the per-block diagnostics, the
     * figures); under a job rank 0 alone writes them, with the loss and gradient norm of the whole batch.
     */
    public Model run(Supplier<? extends Backend> backends, ProgressListener listener) throws IOException {
        Collective job = Collectives.join(config.spec().run().distributed());
        return train(backends, job, true, listener);
    }

    /**
     * As {@link #run(Supplier, ProgressListener)} on the ranks of a job the caller has joined with
     * {@code Collectives.join(spec.run().distributed())} and closes after its last collective call (a
     * command line joins first, to know its rank before anything is printed).
     */
    public Model run(Supplier<? extends Backend> backends, Collective job, ProgressListener listener)
            throws IOException {
        if (job.size() > 1 && !config.spec().run().mpiJob()) {
            throw new IllegalArgumentException(
                    "a job of " + job.size() + " ranks needs run.distributed mpi or nccl, " + "the spec says none");
        }
        return train(backends, job, false, listener);
    }

    private Model train(
            Supplier<? extends Backend> backends, Collective job, boolean ownsJob, ProgressListener listener)
            throws IOException {
        RunFolder agreed = agreedFolder(job);
        RunConfig started = agreed.root().equals(folder.root())
                ? config
                : new RunConfig(
                        config.dimension(),
                        config.standardization(),
                        config.spec().withRun(run -> run.withOut(agreed.root())),
                        config.condition());
        long seed = started.spec().run().seed();
        ConditionColumns columns = Conditions.columns(started.spec(), dataset);
        DataMatrix joint = dataset.train(started.spec().data().poolSize(), seed);
        DataMatrix training = columns == null ? joint : columns.generatedPart(joint);
        DataMatrix rawConditions = columns == null ? null : columns.conditionPart(joint);
        RunConfig fitted = started;
        if (!resuming && started.spec().data().standardize().applies(dataset.standardize())) {
            fitted = started.withStandardization(Standardization.fit(training));
        }
        if (!resuming && columns != null) {
            fitted = fitted.withCondition(Conditions.fit(started.spec().condition(), rawConditions));
        }
        if (fitted.standardized()) {
            training = fitted.standardization().apply(training);
        }
        DataMatrix conditions = columns == null ? null : Conditions.encode(fitted, rawConditions);
        Backend backend = backends.get();
        Model model;
        TrainingRecords records = null;
        try {
            Job ranks = Job.on(fitted.spec().run(), job, ownsJob, backend, listener);
            records = ranks.parallel().writes()
                    ? TrainingRecords.open(agreed, fitted, backend.description(), resuming)
                    : TrainingRecords.none();
            listener.trainingStarted(fitted, agreed.root(), resuming);
            DataMatrix[] handedOver = {training};
            training = null; // the trainer keeps the pool on the backend; no host copy stays behind
            joint = null;
            TrainingSummary summary = new Trainer(backend, fitted, agreed, records.around(listener), ranks.parallel())
                    .train(
                            () -> {
                                DataMatrix pool = handedOver[0];
                                handedOver[0] = null;
                                return pool;
                            },
                            conditions,
                            resuming);
            records.finished(summary.totalSeconds());
            model = Model.open(
                    agreed,
                    fitted,
                    backend,
                    true,
                    summary,
                    inMemory ? dataset : null,
                    ranks.collective(),
                    ranks.owned());
        } catch (IOException | RuntimeException | Error failed) {
            if (records != null) {
                records.failed(failed);
                records.closeAfter(failed);
            }
            backend.close();
            throw failed;
        }
        try (TrainingRecords kept = records) {
            if (fitted.spec().run().plots()) {
                plot(model, columns, seed, listener);
                kept.figures(model.folder());
            }
        } catch (IOException | RuntimeException | Error failed) {
            model.close();
            throw failed;
        }
        return model;
    }

    /**
     * The ranks a run trains on: the collective the gradients are reduced over ({@code job} itself, or one
     * on the backend's devices under nccl), the collectives the model closes, and the data parallelism.
     */
    private record Job(Collective collective, List<Collective> owned, DataParallel parallel) {
        static Job on(RunSpec run, Collective job, boolean ownsJob, Backend backend, ProgressListener listener) {
            Collective collective = Collectives.onBackend(run.distributed(), job, backend);
            List<Collective> owned = new ArrayList<>();
            if (collective != job) {
                listener.notice("distributed: " + collective.description());
                owned.add(collective);
            }
            if (ownsJob) {
                owned.add(job);
            }
            DataParallel parallel = collective.size() > 1
                    ? DataParallel.ranks(collective, run.checkEvery())
                    : DataParallel.microShards(run.shards());
            return new Job(collective, owned, parallel);
        }
    }

    /** samples.png, blocks.png and loss.png: every rank shares the sampling, rank 0 writes the files. */
    private void plot(Model model, ConditionColumns columns, long seed, ProgressListener listener) throws IOException {
        long start = System.nanoTime();
        int points = RunPlots.shownPoints(model.config());
        DataMatrix shown = inMemory ? dataset.train(points, seed) : dataset.test(points, seed);
        RunPlots.write(
                model,
                columns == null ? shown : columns.generatedPart(shown),
                columns == null ? null : columns.conditionPart(shown),
                model.trainingSummary().orElseThrow().snapshots(),
                seed);
        listener.plotsWritten(model.folder(), (System.nanoTime() - start) / 1e9);
    }

    /**
     * The folder every rank writes into: rank 0's (a default name holds rank 0's clock), which rank 0 checks
     * to hold no run yet unless resuming; a refusal fails on every rank with the same message.
     */
    private RunFolder agreedFolder(Collective job) {
        String refusal = job.rank() == 0 && !resuming && Files.exists(folder.config())
                ? folder.root() + " already holds a run; use --resume to continue it or pick another --out"
                : "";
        if (job.size() > 1) {
            byte[] answer = job.broadcast((refusal + "\n" + folder.root()).getBytes(StandardCharsets.UTF_8), 0);
            String[] lines = new String(answer, StandardCharsets.UTF_8).split("\n", 2);
            refusal = lines[0];
            if (refusal.isEmpty()) {
                return new RunFolder(Path.of(lines[1]));
            }
        }
        if (!refusal.isEmpty()) {
            throw new IllegalArgumentException(refusal);
        }
        return folder;
    }

    /**
     * A UNet takes the data's image shape (a preset's network on other images, e.g. fmnist-xs on CIFAR-10's
     * 32×32×3); a UNet on data that are not images, or --hflip on them, is an error.
     */
    private static TrainSpec fitImages(TrainSpec spec, Dataset dataset) {
        var image = dataset.imageShape();
        if (spec.data().horizontalFlip() && (image.isEmpty() || !(spec.model() instanceof UNetSpec))) {
            throw new IllegalArgumentException("--hflip applies to image data and a UNet (--model unet:PRESET)");
        }
        if (!(spec.model() instanceof UNetSpec unet)) {
            return spec;
        }
        if (image.isEmpty()) {
            if (unet.image().size() == dataset.dimension()) {
                return spec; // arrays handed over in Java: flattened images of the preset's shape
            }
            throw new IllegalArgumentException(
                    "a UNet needs image data (fashion-mnist, mnist:DIR, cifar10:DIR, digits, " + "uint8 .npy); "
                            + dataset.name() + " has points of D = " + dataset.dimension());
        }
        return image.get().equals(unet.image()) ? spec : spec.withModel(unet.withImage(image.get()));
    }

    /** The pool size: the spec's, or with 0 every training row of a file (the count is stored for a resume). */
    private static int poolSize(int requested, Dataset dataset) {
        if (requested != 0) {
            return requested;
        }
        if (dataset.trainSize() < 0) {
            throw new IllegalArgumentException(
                    "--pool 0 (all rows) needs a file data set; " + dataset.name() + " is an unlimited sampler");
        }
        return dataset.trainSize();
    }

    /** runs/&lt;data&gt;-&lt;method&gt;-&lt;yyyyMMdd-HHmmss&gt;. */
    private static Path defaultFolder(TrainSpec spec) {
        String name = Path.of(spec.data().source()).getFileName().toString().replaceAll("[^A-Za-z0-9_.-]", "_");
        String time = LocalDateTime.now(ZoneId.systemDefault()).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return Path.of("runs", name + "-" + spec.flow().method() + "-" + time);
    }
}
