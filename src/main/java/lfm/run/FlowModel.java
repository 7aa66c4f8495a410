package lfm.run;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import lfm.backend.Backend;
import lfm.config.RunConfig;
import lfm.flow.FieldDynamics;
import lfm.flow.Push;
import lfm.flow.Schedule;
import lfm.flow.ode.OdeSolver;
import lfm.flow.ode.SolveStats;
import lfm.io.ModuleWeights;
import lfm.nn.VelocityField;
import lfm.random.RandomKey;
import lfm.random.RandomStream;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;

/**
 * A trained run as a generative model: its N velocity fields, loaded on a backend.
 * <ul>
 *   <li>forward (data → noise): block 1 .. N, each solving dx/dt = vₙ(x, t) for t: 0 → 1;</li>
 *   <li>generation (noise → data): z ~ N(0, I), then blocks N .. 1, each for t: 1 → 0.</li>
 * </ul>
 * Everything here is in the model's coordinates: a run trained on standardised data
 * ({@link RunConfig#standardization()}) maps data in and samples out with that
 * {@link lfm.data.Standardization} (the public {@code lfm.api.Model} does this).
 *
 * <p>A conditional run's blocks are vₙ(x, t, c): each method takes the conditions (N, C) of the points,
 * one row per point, which ride along unchanged; null conditions mean the null condition ∅ (the
 * unconditional branch of a run trained with condition dropout). Generation can be guided:
 * v∅ + w·(v_c − v∅) in every block ({@link FieldDynamics}).
 *
 * <p>One thread at a time: the solves share one scratch arena for the networks' intermediates.
 */
public final class FlowModel implements AutoCloseable {
    private final RunConfig config;
    private final Backend backend;
    private final TensorArena arena;
    private final List<VelocityField> blocks = new ArrayList<>();
    private SolveStats lastGeneration = SolveStats.NONE;
    // The networks' intermediates of every solve, kept from one solve to the next: a fresh arena per
    // block grew to the solve's size chunk by chunk and zero-filled it each time, which cost more than
    // the evaluations themselves when a block takes few steps (200 fmnist-xs images, euler:4 through
    // 4 blocks: 29.5 s before, 12.4 s after, medians of 5 interleaved rounds on 2 cores).
    private final TensorArena fieldScratch;

    private FlowModel(RunConfig config, Backend backend) {
        this.config = config;
        this.backend = backend;
        this.arena = backend.newArena("model");
        this.fieldScratch = backend.newArena("field-evaluation");
    }

    /** Loads every block of a finished run; an unfinished run says how many blocks it has. */
    public static FlowModel load(RunFolder folder, Backend backend) throws IOException {
        return load(folder, folder.readConfig(), backend);
    }

    /** Loads the blocks of a run whose config.json has already been read. */
    public static FlowModel load(RunFolder folder, RunConfig config, Backend backend) throws IOException {
        int needed = config.spec().flow().schedule().blockCount();
        int present = folder.completedBlockFiles();
        if (present < needed) {
            throw new IllegalStateException(folder.root() + " has " + present + " of " + needed
                    + " trained blocks; finish it with 'lfm train --out " + folder.root() + " --resume'");
        }
        FlowModel model = new FlowModel(config, backend);
        try {
            for (int block = 1; block <= needed; block++) {
                VelocityField field = config.newField(model.arena, new RandomStream(0));
                ModuleWeights.load(
                        field,
                        "",
                        folder.readTensors(folder.blockWeights(block)).tensors(),
                        folder.blockWeights(block));
                model.blocks.add(field);
            }
        } catch (IOException | RuntimeException failed) {
            model.close();
            throw failed;
        }
        return model;
    }

    /** A model over fields built elsewhere (tests, distillation); closing it does not free them. */
    public static FlowModel of(RunConfig config, Backend backend, List<VelocityField> fields) {
        int blocks = config.spec().flow().schedule().blockCount();
        if (fields.size() != blocks) {
            throw new IllegalArgumentException(fields.size() + " fields for " + blocks + " blocks");
        }
        FlowModel model = new FlowModel(config, backend);
        model.blocks.addAll(fields);
        return model;
    }

    public RunConfig config() {
        return config;
    }

    public Backend backend() {
        return backend;
    }

    public int blockCount() {
        return blocks.size();
    }

    public VelocityField block(int index) {
        return blocks.get(index - 1);
    }

    public Schedule schedule() {
        return config.spec().flow().schedule();
    }

    /**
     * Draws n points: z ~ N(0, I) from {@code key}, then the reverse flow of blocks N..1, in place in a
     * tensor of {@code arena}. The result is in the model's (standardised) coordinates.
     */
    public Tensor generate(int n, RandomKey key, OdeSolver solver, int chunkRows, TensorArena out) {
        return generate(n, null, null, key, solver, chunkRows, out);
    }

    /**
     * Draws n points as {@link #generate(int, RandomKey, OdeSolver, int, TensorArena)} does, point i with
     * condition row i of {@code conditions} (n, C); null conditions: the null condition. {@code guidance}
     * w (null = none) guides every block. The noise z depends only on the key and n, never on the
     * conditions or the guidance.
     */
    public Tensor generate(
            int n, Tensor conditions, Float guidance, RandomKey key, OdeSolver solver, int chunkRows, TensorArena out) {
        if (conditions != null && conditions.rows() != n) {
            throw new IllegalArgumentException(conditions.rows() + " conditions for " + n + " points");
        }
        Tensor x = out.allocate(Shape.matrix(n, config.dimension()));
        backend.fillNormal(x, key);
        lastGeneration = reverse(x, conditions, guidance, blockCount(), 1, solver, chunkRows);
        return x;
    }

    /**
     * Rows [from, from + count) of the n points {@link #generate} would draw with the same key, solver and
     * chunk rows (from a multiple of chunkRows, so the chunks are the same): the noise is those rows of the
     * one draw (the key skipped to row from), each chunk solved as the whole generation solves it. How
     * ranks, or separate {@code sample --shard} jobs, share one generation bit for bit.
     */
    public Tensor generateRows(int from, int count, RandomKey key, OdeSolver solver, int chunkRows, TensorArena out) {
        return generateRows(from, count, null, null, key, solver, chunkRows, out);
    }

    /**
     * As {@link #generateRows(int, int, RandomKey, OdeSolver, int, TensorArena)}, row i with condition row
     * i of {@code conditions} (count, C: the part's own rows; null: the null condition or none) and
     * {@code guidance} w (null = none).
     */
    public Tensor generateRows(
            int from,
            int count,
            Tensor conditions,
            Float guidance,
            RandomKey key,
            OdeSolver solver,
            int chunkRows,
            TensorArena out) {
        if (conditions != null && conditions.rows() != count) {
            throw new IllegalArgumentException(conditions.rows() + " conditions for " + count + " points");
        }
        if (from % chunkRows != 0) {
            throw new IllegalArgumentException("rows from " + from + " do not start a chunk of " + chunkRows);
        }
        Tensor x = out.allocate(Shape.matrix(count, config.dimension()));
        backend.fillNormal(x, key.skip((long) from * config.dimension()));
        lastGeneration = reverse(x, conditions, guidance, blockCount(), 1, solver, chunkRows);
        return x;
    }

    /** Cost of the last {@link #generate} (evaluations summed over chunks). */
    public SolveStats lastGenerationStats() {
        return lastGeneration;
    }

    /** Runs blocks from..to (from ≥ to) backwards (t: 1 → 0), in place. */
    public SolveStats reverse(Tensor x, int from, int to, OdeSolver solver, int chunkRows) {
        return reverse(x, null, null, from, to, solver, chunkRows);
    }

    /** Runs blocks from..to backwards with conditions (x's rows) and guidance (null: none). */
    public SolveStats reverse(
            Tensor x, Tensor conditions, Float guidance, int from, int to, OdeSolver solver, int chunkRows) {
        SolveStats stats = SolveStats.NONE;
        for (int block = from; block >= to; block--) {
            stats = stats.plus(solve(block, x, conditions, guidance, 1, 0, solver, chunkRows));
        }
        return stats;
    }

    /** Runs blocks from..to (from ≤ to) forwards (t: 0 → 1), in place; calls {@code after} after each. */
    public SolveStats forward(Tensor x, int from, int to, OdeSolver solver, int chunkRows, IntConsumer after) {
        return forward(x, null, from, to, solver, chunkRows, after);
    }

    /** Runs blocks from..to forwards with the points' conditions (null: the null condition, or none). */
    public SolveStats forward(
            Tensor x, Tensor conditions, int from, int to, OdeSolver solver, int chunkRows, IntConsumer after) {
        SolveStats stats = SolveStats.NONE;
        for (int block = from; block <= to; block++) {
            stats = stats.plus(solve(block, x, conditions, null, 0, 1, solver, chunkRows));
            after.accept(block);
        }
        return stats;
    }

    private SolveStats solve(
            int block,
            Tensor x,
            Tensor conditions,
            Float guidance,
            double t0,
            double t1,
            OdeSolver solver,
            int chunkRows) {
        if (conditions != null && conditions.rows() != x.rows()) {
            throw new IllegalArgumentException(conditions.rows() + " conditions for " + x.rows() + " points");
        }
        try (FieldDynamics dynamics = new FieldDynamics(block(block), backend, conditions, guidance, fieldScratch)) {
            SolveStats stats = Push.solve(dynamics, solver, x, t0, t1, chunkRows);
            // A guided right-hand side evaluates the network twice.
            return dynamics.evaluationsPerCall() == 1 ? stats : stats.scaled(dynamics.evaluationsPerCall());
        }
    }

    @Override
    public void close() {
        fieldScratch.close();
        arena.close();
    }
}
