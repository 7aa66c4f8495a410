package lfm.likelihood;

import lfm.backend.Backend;
import lfm.data.DataMatrix;
import lfm.flow.ode.Dynamics;
import lfm.flow.ode.FixedStepSolver;
import lfm.flow.ode.OdeSolver;
import lfm.flow.ode.SolveStats;
import lfm.nn.MlpField;
import lfm.random.Purpose;
import lfm.random.RandomKey;
import lfm.run.FlowModel;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;

/**
 * Exact log-likelihood by change of variables (data → noise, t: 0 → 1 through blocks 1..N):
 * <pre>
 *   log p(x) = log N(x_N; 0, I) + Σₙ ∫₀¹ tr(∂vₙ/∂x)(xₙ(t), t) dt
 * </pre>
 * in the model's coordinates (after the run's standardisation, if any; add
 * {@link lfm.data.Standardization#logAbsDet()} for the density of the original data). Points are
 * processed in chunks so the D stacked tangents stay within a fixed memory budget. The sum over
 * blocks (and, with a fixed-step solver, over steps) is kept in double: float32 rounds only the
 * increment of one block (one step), not the growing total.
 *
 * <p>A conditional model gives the exact conditional density log p(x | c): every point flows with its
 * own condition c, which rides along unchanged, so the same formula holds with vₙ(x, t, c).
 */
public final class LogDensity {
    /** Budget for one chunk's tangent activations (floats): rows·directions·width stays below it. */
    private static final long TANGENT_FLOATS = 1L << 25;

    private LogDensity() {}

    /** Per-point log-density and the cost of the solves. */
    public record Result(double[] logDensity, SolveStats stats) {}

    /**
     * log p(x) of every point, by the exact or the Hutchinson trace, chunk by chunk.
     *
     * @param points points in model coordinates
     * @param seed   seeds the Hutchinson probes (ignored by the exact trace): probe k of point i in block n is
     *               element ((i·K + k)·D + d) of the draw (HUTCHINSON_PROBES of seed, stream n), a function of
     *               the point's index alone, so the result does not depend on the chunk size
     */
    public static Result compute(
            FlowModel model, DataMatrix points, OdeSolver solver, Divergence divergence, int chunkRows, long seed) {
        return compute(model, points, null, solver, divergence, chunkRows, seed, 0);
    }

    /**
     * log p(x | c) of a conditional model.
     *
     * @param conditions the points' conditions (N, C) in model coordinates, or null for an unconditional model
     */
    public static Result compute(
            FlowModel model,
            DataMatrix points,
            DataMatrix conditions,
            OdeSolver solver,
            Divergence divergence,
            int chunkRows,
            long seed) {
        return compute(model, points, conditions, solver, divergence, chunkRows, seed, 0);
    }

    /**
     * Rows per chunk of {@link #compute}: chunkRows, lowered so one chunk's tangents fit the memory budget
     * (MLP fields), or so one recorded pass of another field (a UNet) holds no more stacked rows than the
     * run pushes per chunk, the rows whose activations it was set up to hold.
     */
    public static int chunkRows(FlowModel model, int dimension, Divergence divergence, int chunkRows) {
        int directions = divergence.directions(dimension);
        if (!(model.block(1) instanceof MlpField field)) {
            int recorded = Math.min(chunkRows, model.config().spec().run().chunkRows());
            return Math.max(1, recorded / directions);
        }
        long perRow = (long) directions * Math.max(field.config().width(), dimension + 1);
        return (int) Math.max(1, Math.min(chunkRows, TANGENT_FLOATS / perRow));
    }

    /**
     * The log-densities of {@code points} (given their conditions, or null) when they are rows
     * {@code firstPoint}, {@code firstPoint + 1}, … of a larger set (the part a rank computes): probes are
     * keyed by the point's index in that set, so the parts equal the whole's rows.
     */
    public static Result compute(
            FlowModel model,
            DataMatrix points,
            DataMatrix conditions,
            OdeSolver solver,
            Divergence divergence,
            int chunkRows,
            long seed,
            long firstPoint) {
        if (conditions != null && conditions.rows() != points.rows()) {
            throw new IllegalArgumentException(points.rows() + " points but " + conditions.rows() + " conditions");
        }
        Backend backend = model.backend();
        int dimension = points.cols();
        int chunk = chunkRows(model, dimension, divergence, chunkRows);
        double[] logDensity = new double[points.rows()];
        SolveStats stats = SolveStats.NONE;
        long probeSeed = Purpose.HUTCHINSON_PROBES.seed(seed);
        try (TensorArena arena = backend.newArena("likelihood")) {
            for (int from = 0; from < points.rows(); from += chunk) {
                int rows = Math.min(chunk, points.rows() - from);
                float[] slice =
                        java.util.Arrays.copyOfRange(points.values(), from * dimension, (from + rows) * dimension);
                Tensor condition = conditions == null ? null : upload(backend, arena, conditions, from, rows);
                stats = stats.plus(chunkLogDensity(
                        model,
                        slice,
                        condition,
                        rows,
                        dimension,
                        solver,
                        divergence,
                        probeSeed,
                        arena,
                        logDensity,
                        from,
                        firstPoint + from));
                arena.reset();
            }
        }
        return new Result(logDensity, stats);
    }

    private static Tensor upload(Backend backend, TensorArena arena, DataMatrix matrix, int from, int rows) {
        Tensor tensor = arena.allocate(Shape.matrix(rows, matrix.cols()));
        backend.fromHost(
                java.util.Arrays.copyOfRange(matrix.values(), from * matrix.cols(), (from + rows) * matrix.cols()),
                tensor);
        return tensor;
    }

    private static SolveStats chunkLogDensity(
            FlowModel model,
            float[] values,
            Tensor condition,
            int rows,
            int dimension,
            OdeSolver solver,
            Divergence divergence,
            long probeSeed,
            TensorArena arena,
            double[] out,
            int offset,
            long firstPoint) {
        Backend backend = model.backend();
        Tensor x = arena.allocate(Shape.matrix(rows, dimension));
        backend.fromHost(values, x);
        Tensor state = arena.allocate(Shape.matrix(rows, dimension + 1));
        LogDetAccumulator logDet = new LogDetAccumulator(backend, rows, dimension, arena);
        logDet.reset(x, state);
        SolveStats stats = SolveStats.NONE;
        for (int block = 1; block <= model.blockCount(); block++) {
            try (DivergenceDynamics dynamics =
                    dynamics(model, block, divergence, rows, new RandomKey(probeSeed, block), firstPoint, condition)) {
                // A fixed-step solve hands ℓ over to double after every step; an adaptive one (whose
                // error control reads |ℓ|) once per block.
                stats = stats.plus(
                        solver instanceof FixedStepSolver fixed
                                ? fixed.solve(dynamics, state, 0, 1, (current, t) -> logDet.drain(current))
                                : solver.solve(dynamics, state, 0, 1));
            }
            logDet.drain(state);
        }
        backend.splitColumns(state, x, null, false);
        Tensor halfSquaredNorm = arena.allocate(Shape.matrix(rows, 1));
        backend.rowDot(x, x, -0.5f, halfSquaredNorm, false);
        double[] gaussian = backend.toHostDoubles(halfSquaredNorm);
        double[] traces = logDet.total();
        double constant = -0.5 * dimension * Math.log(2 * Math.PI);
        for (int i = 0; i < rows; i++) {
            out[offset + i] = gaussian[i] + constant + traces[i];
        }
        return stats;
    }

    /**
     * Σ ∫ tr J dt per point in double. The solver integrates ℓ in the float32 state column from 0 over a
     * short stretch (a step or a block); {@link #drain} adds it to the double total and sets it back to
     * 0, so float32 rounds only each stretch's own increment, never the running sum over all blocks.
     */
    private static final class LogDetAccumulator {
        private final Backend backend;
        private final double[] total;
        private final Tensor x;
        private final Tensor column;
        private final Tensor zeros;

        LogDetAccumulator(Backend backend, int rows, int dimension, TensorArena arena) {
            this.backend = backend;
            this.total = new double[rows];
            this.x = arena.allocate(Shape.matrix(rows, dimension));
            this.column = arena.allocate(Shape.matrix(rows, 1));
            this.zeros = arena.allocate(Shape.matrix(rows, 1));
            backend.fill(zeros, 0f);
        }

        /** state = [points | 0]. */
        void reset(Tensor points, Tensor state) {
            backend.concatColumns(points, zeros, state);
        }

        /** Adds the state's ℓ column to the total and zeroes it. */
        void drain(Tensor state) {
            backend.splitColumns(state, x, column, false);
            double[] increments = backend.toHostDoubles(column);
            for (int i = 0; i < total.length; i++) {
                total[i] += increments[i];
            }
            reset(x, state);
        }

        double[] total() {
            return total;
        }
    }

    /** Bits per dimension of an image model: (NLL + D·ln(levels)) / (D·ln 2), data scaled to [0, 1] from
     *  {@code levels} intensity levels and dequantised uniformly (the usual offset). */
    public static double bitsPerDimension(double nllNats, int dimension, int levels) {
        return (nllNats + dimension * Math.log(levels)) / (dimension * Math.log(2));
    }

    /** The augmented ODE of one block and its divergence computation. */
    interface DivergenceDynamics extends Dynamics, AutoCloseable {
        @Override
        void close();
    }

    /**
     * An MLP block pushes its trace directions forward through its layers with the velocity (one pass);
     * any other field (a UNet) takes vector–Jacobian products on the tape.
     */
    private static DivergenceDynamics dynamics(
            FlowModel model,
            int block,
            Divergence divergence,
            int rows,
            RandomKey probeKey,
            long firstPoint,
            Tensor condition) {
        if (model.block(block) instanceof MlpField field) {
            return new AugmentedDynamics(field, divergence, rows, probeKey, firstPoint, condition);
        }
        return new ReverseModeDynamics(
                model.block(block), model.backend(), divergence, rows, probeKey, firstPoint, condition);
    }
}
