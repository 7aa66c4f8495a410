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
 */
public final class FlowModel implements AutoCloseable {
    private final RunConfig config;
    private final Backend backend;
    private final TensorArena arena;
    private final List<VelocityField> blocks = new ArrayList<>();
    private SolveStats lastGeneration = SolveStats.NONE;

    private FlowModel(RunConfig config, Backend backend) {
        this.config = config;
        this.backend = backend;
        this.arena = backend.newArena("model");
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
                ModuleWeights.load(field, "", folder.readTensors(folder.blockWeights(block)).tensors(),
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
        Tensor x = out.allocate(Shape.matrix(n, config.dimension()));
        backend.fillNormal(x, key);
        lastGeneration = reverse(x, blockCount(), 1, solver, chunkRows);
        return x;
    }

    /**
     * Rows [from, from + count) of the n points {@link #generate} would draw with the same key, solver and
     * chunk rows (from a multiple of chunkRows, so the chunks are the same): the noise is those rows of the
     * one draw (the key skipped to row from), each chunk solved as the whole generation solves it. How
     * ranks, or separate {@code sample --shard} jobs, share one generation bit for bit.
     */
    public Tensor generateRows(int from, int count, RandomKey key, OdeSolver solver, int chunkRows, TensorArena out) {
        if (from % chunkRows != 0) {
            throw new IllegalArgumentException("rows from " + from + " do not start a chunk of " + chunkRows);
        }
        Tensor x = out.allocate(Shape.matrix(count, config.dimension()));
        backend.fillNormal(x, key.skip((long) from * config.dimension()));
        lastGeneration = reverse(x, blockCount(), 1, solver, chunkRows);
        return x;
    }

    /** Cost of the last {@link #generate} (evaluations summed over chunks). */
    public SolveStats lastGenerationStats() {
        return lastGeneration;
    }

    /** Runs blocks from..to (from ≥ to) backwards (t: 1 → 0), in place. */
    public SolveStats reverse(Tensor x, int from, int to, OdeSolver solver, int chunkRows) {
        SolveStats stats = SolveStats.NONE;
        for (int block = from; block >= to; block--) {
            stats = stats.plus(solve(block, x, 1, 0, solver, chunkRows));
        }
        return stats;
    }

    /** Runs blocks from..to (from ≤ to) forwards (t: 0 → 1), in place; calls {@code after} after each. */
    public SolveStats forward(Tensor x, int from, int to, OdeSolver solver, int chunkRows, IntConsumer after) {
        SolveStats stats = SolveStats.NONE;
        for (int block = from; block <= to; block++) {
            stats = stats.plus(solve(block, x, 0, 1, solver, chunkRows));
            after.accept(block);
        }
        return stats;
    }

    private SolveStats solve(int block, Tensor x, double t0, double t1, OdeSolver solver, int chunkRows) {
        try (FieldDynamics dynamics = new FieldDynamics(block(block), backend)) {
            return Push.solve(dynamics, solver, x, t0, t1, chunkRows);
        }
    }

    @Override
    public void close() {
        arena.close();
    }
}
