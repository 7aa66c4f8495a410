package lfm.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import lfm.autograd.Tape;
import lfm.backend.Backend;
import lfm.backend.Backends;
import lfm.config.RunConfig;
import lfm.data.DataMatrix;
import lfm.data.Dataset;
import lfm.data.Standardization;
import lfm.dist.Collective;
import lfm.dist.LocalCollective;
import lfm.dist.Shard;
import lfm.flow.ode.OdeSolver;
import lfm.run.FlowModel;
import lfm.run.RunFolder;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;
import lfm.train.TrainingSummary;

/**
 * A trained Local Flow Matching model: the N blocks of a run folder, loaded on a backend. Everything
 * goes in and comes out in the data's own coordinates; a run trained on standardised data
 * (z = (x − μ)/σ) maps points in and out itself and corrects densities by log|det| = −Σ log σ.
 * <ul>
 *   <li>{@link #sample}: z ~ N(0, I), then blocks N..1 backwards (t: 1 → 0);</li>
 *   <li>{@link #push} / {@link #pull}: points through blocks 1..n forwards (data → noise) or back;</li>
 *   <li>{@link #logDensity}: log p(x) by change of variables; {@link #velocity}: one block's field;</li>
 *   <li>{@link #distill}: one-step students per block, written into the run folder.</li>
 * </ul>
 * A conditional run (v(x, t, c)) samples given conditions, one point per condition row, optionally with
 * classifier-free guidance, and gives log p(x | c). Conditions are given as in the data: the condition
 * columns' values, or the class label of a class-conditional run.
 * A model on the ranks of a job ({@link #collective()}: the job it was trained or loaded on) shares
 * generation, pushes and log-densities out: each rank solves the chunks dealt to it and every rank
 * returns all rows, bit for bit those one process computes ({@link DealtWork}); every rank must make the
 * same calls in the same order. Holds native memory (the weights; the backend where it created it):
 * close it. Not thread-safe.
 */
public final class Model implements AutoCloseable {
    /** Rows per chunk when none is given (the command line's default --chunk). */
    public static final int DEFAULT_CHUNK_ROWS = 20_000;
    /** Steps of a fixed-step solver named without ":N", e.g. "rk4". */
    public static final int DEFAULT_FIXED_STEPS = 20;

    private final RunFolder folder;
    private final RunConfig config;
    private final Backend backend;
    private final boolean ownsBackend;
    private final FlowModel flow;
    private final TrainingSummary summary;
    private final Dataset trainingSet;
    private final Collective collective;
    private final List<Collective> ownedCollectives;
    private final ModelSampler sampler;

    private Model(
            RunFolder folder,
            RunConfig config,
            Backend backend,
            boolean ownsBackend,
            FlowModel flow,
            TrainingSummary summary,
            Dataset trainingSet,
            Collective collective,
            List<Collective> ownedCollectives) {
        this.folder = folder;
        this.config = config;
        this.backend = backend;
        this.ownsBackend = ownsBackend;
        this.flow = flow;
        this.summary = summary;
        this.trainingSet = trainingSet;
        this.collective = collective;
        this.ownedCollectives = ownedCollectives;
        this.sampler = new ModelSampler(this);
    }

    /** Reads a run's config.json (migrating an older format) without loading any weights. */
    public static RunConfig readConfig(Path run) throws IOException {
        return new RunFolder(run).readConfig();
    }

    /** Loads a finished run on the auto backend (CUDA where a GPU answers, else the CPU); closing the model closes it. */
    public static Model load(Path run) throws IOException {
        return load(run, () -> Backends.create("auto", 0, notice -> {}));
    }

    /** Loads a finished run on {@code backend}, which stays the caller's to close. */
    public static Model load(Path run, Backend backend) throws IOException {
        RunFolder folder = new RunFolder(run);
        return open(folder, folder.readConfig(), backend, false, null, null, new LocalCollective(), List.of());
    }

    /**
     * Loads a finished run on a backend created by {@code backend} once config.json has been read (so a
     * missing run fails before any backend starts); closing the model closes that backend.
     */
    public static Model load(Path run, Supplier<? extends Backend> backend) throws IOException {
        return load(run, backend, new LocalCollective());
    }

    /**
     * As {@link #load(Path, Supplier)}, on every rank of a job joined by the caller (see
     * {@link lfm.dist.Collectives#join}), who closes it: sampling, pushes and log-densities are then shared
     * by the ranks.
     */
    public static Model load(Path run, Supplier<? extends Backend> backend, Collective job) throws IOException {
        RunFolder folder = new RunFolder(run);
        RunConfig config = folder.readConfig();
        Backend created = backend.get();
        try {
            return open(folder, config, created, true, null, null, job, List.of());
        } catch (IOException | RuntimeException failed) {
            created.close();
            throw failed;
        }
    }

    /**
     * The model of a run just trained: its summary, the in-memory data it was trained on (if any), the
     * collective its work is shared over and the collectives it closes when it is closed.
     */
    static Model open(
            RunFolder folder,
            RunConfig config,
            Backend backend,
            boolean ownsBackend,
            TrainingSummary summary,
            Dataset trainingSet,
            Collective collective,
            List<Collective> owned)
            throws IOException {
        FlowModel flow = FlowModel.load(folder, config, backend);
        return new Model(folder, config, backend, ownsBackend, flow, summary, trainingSet, collective, owned);
    }

    public RunConfig config() {
        return config;
    }

    /** The run folder. */
    public Path folder() {
        return folder.root();
    }

    /** D, the number of coordinates of a point. */
    public int dimension() {
        return config.dimension();
    }

    /** N, the number of blocks (OU blocks + the free block). */
    public int blockCount() {
        return flow.blockCount();
    }

    public Backend backend() {
        return backend;
    }

    /** The ranks this model's work is shared over (one process: a {@link LocalCollective}). */
    public Collective collective() {
        return collective;
    }

    /** The blocks in the model's coordinates, for what this class does not offer. */
    public FlowModel flow() {
        return flow;
    }

    public Optional<Standardization> standardization() {
        return Optional.ofNullable(config.standardization());
    }

    /** Losses and times of the training that produced this model (empty for a model loaded from disk). */
    public Optional<TrainingSummary> trainingSummary() {
        return Optional.ofNullable(summary);
    }

    /** Data coordinates → model coordinates, z = (x − μ)/σ (unchanged for a run without standardisation). */
    public DataMatrix toModel(DataMatrix data) {
        checkColumns(data);
        return config.standardized() ? config.standardization().apply(data) : data;
    }

    /** Model coordinates → data coordinates, x = μ + σ·z. */
    public DataMatrix toData(DataMatrix model) {
        checkColumns(model);
        return config.standardized() ? config.standardization().invert(model) : model;
    }

    /** log|det| of the map data → model coordinates: −Σ log σ, or 0 without standardisation. */
    public double standardizationLogDet() {
        return config.standardized() ? config.standardization().logAbsDet() : 0;
    }

    /**
     * Draws n points: z ~ N(0, I) from {@code seed}, then blocks N..1 backwards.
     *
     * @param solver dopri5[:rtol,atol] | rk4[:N] | midpoint[:N] | euler[:N]; null = the run's sample solver
     */
    public Samples sample(int n, String solver, long seed) {
        return sample(n, solver, DEFAULT_FIXED_STEPS, DEFAULT_CHUNK_ROWS, seed);
    }

    /**
     * As {@link #sample(int, String, long)}, with the steps of a fixed-step solver given without ":N"
     * and the rows solved per chunk (an adaptive solver picks its steps per chunk).
     */
    public Samples sample(int n, String solver, int fixedSteps, int chunkRows, long seed) {
        return sample(n, solver, fixedSteps, chunkRows, seed, Shard.WHOLE);
    }

    /**
     * Part {@code shard} of the n points {@link #sample(int, String, int, int, long)} draws: only the rows
     * of the chunks dealt to that part (bit for bit those rows of the whole), so that separate jobs can
     * each draw a part ({@code lfm sample --shard r/P}, joined by {@code lfm merge}).
     */
    public Samples sample(int n, String solver, int fixedSteps, int chunkRows, long seed, Shard shard) {
        checkNullCondition("give conditions to sample (--condition FILE or --class K)");
        return sampler.generate(n, null, null, solver, fixedSteps, chunkRows, seed, shard);
    }

    /**
     * One point per condition row of a conditional run: (n, C) conditions as in the data (class labels
     * (n, 1) for a class-conditional run) → (n, D) points. With {@code guidance} w (null = none), every
     * block follows v(x, t, ∅) + w·(v(x, t, c) − v(x, t, ∅)) (the run needs --condition-dropout > 0); the
     * noise is the same as {@link #sample(int, String, int, int, long)} draws for n points and the seed.
     */
    public Samples sample(
            DataMatrix conditions, Float guidance, String solver, int fixedSteps, int chunkRows, long seed) {
        return sample(conditions, guidance, solver, fixedSteps, chunkRows, seed, Shard.WHOLE);
    }

    /**
     * Part {@code shard} of what {@link #sample(DataMatrix, Float, String, int, int, long)} draws for all of
     * {@code conditions} (the whole n rows: the part takes its own).
     */
    public Samples sample(
            DataMatrix conditions,
            Float guidance,
            String solver,
            int fixedSteps,
            int chunkRows,
            long seed,
            Shard shard) {
        DataMatrix encoded = Conditions.encode(config, conditions);
        if (guidance != null && !config.conditionInput().learnedNull()) {
            throw new IllegalArgumentException(
                    "guidance needs a run trained with --condition-dropout > 0 (it has no " + "null condition)");
        }
        return sampler.generate(conditions.rows(), encoded, guidance, solver, fixedSteps, chunkRows, seed, shard);
    }

    /** Whether the run is conditional: its blocks read a condition c. */
    public boolean conditional() {
        return config.conditional();
    }

    /** Conditions as in the data (class labels for a class-conditional run) → what the blocks read. */
    public DataMatrix encodeConditions(DataMatrix conditions) {
        return Conditions.encode(config, conditions);
    }

    /**
     * Draws n points with the run's distilled students (see {@link #distill}); k evaluations per student.
     * On a job of several ranks every rank draws all n (students are cheap; the points are the same).
     */
    public Samples sampleDistilled(int n, int chunkRows, long seed) throws IOException {
        return sampler.sampleDistilled(n, null, chunkRows, seed);
    }

    /** One point per condition row (as in the data) with the distilled students of a conditional run. */
    public Samples sampleDistilled(DataMatrix conditions, int chunkRows, long seed) throws IOException {
        return sampler.sampleDistilled(conditions.rows(), Conditions.encode(config, conditions), chunkRows, seed);
    }

    /**
     * Points after blocks 1..block, data → noise: standardised where the run is, then each block's flow for
     * t: 0 → 1 with the run's sample solver. block = 0 gives the model coordinates; block = N the noise side.
     * On a conditional run the blocks follow v(x, t, ∅) (the run needs --condition-dropout &gt; 0).
     */
    public DataMatrix push(DataMatrix points, int block) {
        return push(points, block, null, DEFAULT_CHUNK_ROWS);
    }

    /** As {@link #push(DataMatrix, int)} with a solver (null = the run's sample solver) and chunk size. */
    public DataMatrix push(DataMatrix points, int block, String solver, int chunkRows) {
        checkNullCondition("push follows v(x, t, ∅)");
        checkBlock(block);
        OdeSolver ode = odeSolver(solver, DEFAULT_FIXED_STEPS);
        return onBackend(toModel(points), chunkRows, x -> flow.forward(x, 1, block, ode, chunkRows, done -> {}));
    }

    /**
     * The inverse of {@link #push}: points as they leave block {@code block} run back through blocks
     * block..1 (t: 1 → 0) into the data's coordinates. pull(z, N) for z ~ N(0, I) is sampling.
     */
    public DataMatrix pull(DataMatrix points, int block) {
        return pull(points, block, null, DEFAULT_CHUNK_ROWS);
    }

    /** As {@link #pull(DataMatrix, int)} with a solver (null = the run's sample solver) and chunk size. */
    public DataMatrix pull(DataMatrix points, int block, String solver, int chunkRows) {
        checkNullCondition("pull follows v(x, t, ∅)");
        checkBlock(block);
        checkColumns(points);
        OdeSolver ode = odeSolver(solver, DEFAULT_FIXED_STEPS);
        return toData(onBackend(points, chunkRows, x -> flow.reverse(x, block, 1, ode, chunkRows)));
    }

    /**
     * Block n's velocity vₙ(x, t) at the given points and times, in the model's coordinates (after the
     * run's standardisation, if any): x (N, D), t one time per row → (N, D).
     */
    public DataMatrix velocity(int block, DataMatrix points, float[] times) {
        if (block < 1 || block > blockCount()) {
            throw new IllegalArgumentException("block must be in 1.." + blockCount() + ", got " + block);
        }
        checkColumns(points);
        if (times.length != points.rows()) {
            throw new IllegalArgumentException(times.length + " times for " + points.rows() + " points");
        }
        try (TensorArena arena = backend.newArena("velocity")) {
            Tensor x = arena.allocate(Shape.matrix(points.rows(), points.cols())); // x: (N, D)
            Tensor t = arena.allocate(Shape.matrix(points.rows(), 1)); // t: (N, 1)
            backend.fromHost(points.values(), x);
            backend.fromHost(times, t);
            Tape tape = Tape.inference(backend, arena);
            Tensor velocity = flow.block(block)
                    .forward(tape, tape.constant(x), tape.constant(t))
                    .value();
            return new DataMatrix(points.rows(), points.cols(), velocity.toFloats());
        }
    }

    /** log p(x) of each point (data coordinates) with {@link DensityOptions#defaults()}. */
    public LogDensities logDensity(DataMatrix points) {
        return logDensity(points, DensityOptions.defaults());
    }

    /** log p(x) of each point: log N(x_N; 0, I) + Σₙ ∫₀¹ tr(∂vₙ/∂x) dt + log|det| of the standardisation. */
    public LogDensities logDensity(DataMatrix points, DensityOptions options) {
        return logDensity(points, null, options);
    }

    /**
     * log p(x | c) of each point of a conditional run given its condition (one row per point, as in the
     * data): the same change of variables with vₙ(x, t, c), c fixed along the flow. Null conditions on a
     * conditional run: log p(x | ∅) of its unconditional branch.
     */
    public LogDensities logDensity(DataMatrix points, DataMatrix conditions, DensityOptions options) {
        return ModelDensity.logDensity(this, points, conditions, options);
    }

    /**
     * Distils the blocks into few-evaluation students and writes them into the run folder (replacing
     * earlier ones); pairs drawn from the pool use the run's own training pool.
     */
    public DistillReport distill(DistillSpec spec, ProgressListener listener) throws IOException {
        return distill(spec, null, listener);
    }

    /**
     * As {@link #distill(DistillSpec, ProgressListener)}, with the pool given in data coordinates (null = the
     * run's); a conditional run's pool rows hold the conditions in their condition columns, as trained.
     */
    public DistillReport distill(DistillSpec spec, DataMatrix pool, ProgressListener listener) throws IOException {
        return ModelDistiller.distill(this, trainingSet, spec, pool, listener);
    }

    @Override
    public void close() {
        sampler.closeStudents();
        flow.close();
        ownedCollectives.forEach(Collective::close);
        if (ownsBackend) {
            backend.close();
        }
    }

    /** The run folder itself (for the helpers that read or write it). */
    RunFolder runFolder() {
        return folder;
    }

    /** The sampler, which holds the distilled students once loaded. */
    ModelSampler sampler() {
        return sampler;
    }

    OdeSolver odeSolver(String solver, int fixedSteps) {
        return OdeSolver.parse(solver != null ? solver : config.spec().run().sampleSolver(), fixedSteps);
    }

    /** Copies points to the backend, runs {@code solve} on them in place (shared by the ranks), copies them back. */
    private DataMatrix onBackend(DataMatrix points, int chunkRows, java.util.function.Consumer<Tensor> solve) {
        checkCounts(Math.max(1, points.rows()), chunkRows);
        try (TensorArena arena = backend.newArena("points")) {
            Tensor x = arena.allocate(Shape.matrix(points.rows(), points.cols()));
            backend.fromHost(points.values(), x);
            DealtWork.solve(collective, x, chunkRows, solve);
            return new DataMatrix(points.rows(), points.cols(), x.toFloats());
        }
    }

    private void checkColumns(DataMatrix points) {
        if (points.cols() != dimension()) {
            throw new IllegalArgumentException(
                    "the points have " + points.cols() + " coordinates, the model " + dimension());
        }
    }

    /**
     * Without conditions, a conditional run's blocks follow v(x, t, ∅): that needs the null condition
     * learned with --condition-dropout &gt; 0. {@code advice} ends the error where the run has none.
     */
    private void checkNullCondition(String advice) {
        if (conditional() && !config.conditionInput().learnedNull()) {
            throw new IllegalArgumentException("the run is conditional and has no null condition (train with "
                    + "--condition-dropout > 0): " + advice);
        }
    }

    private void checkBlock(int block) {
        if (block < 0 || block > blockCount()) {
            throw new IllegalArgumentException("block must be in 0.." + blockCount() + ", got " + block);
        }
    }

    static void checkCounts(int n, int chunkRows) {
        if (n < 1 || chunkRows < 1) {
            throw new IllegalArgumentException(
                    "the number of points and the chunk size must be ≥ 1, got " + n + " and " + chunkRows);
        }
    }
}
