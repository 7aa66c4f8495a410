package lfm.train;

import java.util.List;
import lfm.autograd.Functions;
import lfm.autograd.Tape;
import lfm.autograd.Variable;
import lfm.backend.Backend;
import lfm.flow.Interpolant;
import lfm.flow.Schedule;
import lfm.flow.TimeSampler;
import lfm.nn.Parameter;
import lfm.nn.VelocityField;
import lfm.optim.Adam;
import lfm.optim.ExponentialMovingAverage;
import lfm.optim.GradientClipping;
import lfm.random.RandomKey;
import lfm.random.RandomStream;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;

/**
 * One flow-matching optimisation step of one block, entirely on the backend:
 * <pre>
 *   x_l ~ pool (random rows)          t ~ U(0, 1) or Beta(a, b)
 *   x_r = e^{−γ} x_l + √(1 − e^{−2γ}) z   (free block: x_r = z)
 *   x_t = α(t) x_l + σ(t) x_r          target = α'(t) x_l + σ'(t) x_r
 *   loss = mean (v(x_t, t) − target)²; backward; [clip]; Adam; [EMA]
 * </pre>
 * Three random draws per step (rows, times, noise), in that order, from the given stream: each is one
 * draw for the whole batch of B rows. With P shards ({@link DataParallel}) shard s takes rows
 * [⌊B·s/P⌋, ⌊B·(s+1)/P⌋) of each draw (the keys skipped to its first row), its loss is its squared
 * errors / (B·D), and the shards' gradients are summed in shard order before clipping (on the global
 * norm) and the identical Adam/EMA update. P = 1 is exactly the plain step. The batch buffers are
 * allocated once; the tape's intermediates live in a per-step arena reset after each shard. The loss is
 * added to device accumulators and only read when the caller asks ({@link #readMeanLoss}).
 * The global gradient norm (of the summed gradients, so the same on every rank) is reduced on the device
 * every step when clipping is on (clipping needs it) and otherwise only on steps the caller marks;
 * {@link #readGradientNorm} reads the latest.
 */
public final class TrainingStep implements AutoCloseable {
    private final Backend backend;
    private final VelocityField field;
    private final Schedule.Block block;
    private final Interpolant path;
    private final TimeSampler times;
    private final int batch;
    private final Adam adam;
    private final ExponentialMovingAverage ema;
    private final float gradientClip;
    private final DataParallel parallel;
    private final List<Parameter> parameters;
    private final TensorArena buffers;
    private final TensorArena scratch;
    private final Tensor xLeft;
    private final Tensor t;
    private final Tensor xt;
    private final Tensor target;
    private final Tensor[] lossSums;      // one per local shard, added up in shard order when read
    private final Tensor normSquared;
    private final GradientSum gradients;
    private int stepsSinceRead;

    public TrainingStep(Backend backend, VelocityField field, Schedule.Block block, Interpolant path,
                        TimeSampler times, int batch, Adam adam, ExponentialMovingAverage ema, double gradientClip) {
        this(backend, field, block, path, times, batch, adam, ema, gradientClip, DataParallel.single());
    }

    public TrainingStep(Backend backend, VelocityField field, Schedule.Block block, Interpolant path,
                        TimeSampler times, int batch, Adam adam, ExponentialMovingAverage ema, double gradientClip,
                        DataParallel parallel) {
        if (batch < parallel.shards()) {
            throw new IllegalArgumentException("a batch of " + batch + " rows cannot be split into "
                    + parallel.shards() + " shards");
        }
        this.backend = backend;
        this.field = field;
        this.block = block;
        this.path = path;
        this.times = times;
        this.batch = batch;
        this.adam = adam;
        this.ema = ema;
        this.gradientClip = (float) gradientClip;
        this.parallel = parallel;
        this.parameters = field.parameters();
        this.buffers = backend.newArena("batch");
        this.scratch = backend.newArena("step");
        int dimension = field.dimension();
        int rows = (batch + parallel.shards() - 1) / parallel.shards();   // the largest shard
        this.xLeft = buffers.allocate(Shape.matrix(rows, dimension));
        this.t = buffers.allocate(Shape.matrix(rows, 1));
        this.xt = buffers.allocate(Shape.matrix(rows, dimension));
        this.target = buffers.allocate(Shape.matrix(rows, dimension));
        this.lossSums = new Tensor[parallel.localShards()];
        for (int s = 0; s < lossSums.length; s++) {
            lossSums[s] = buffers.allocate(Shape.scalar());
            backend.fill(lossSums[s], 0f);
        }
        this.normSquared = buffers.allocate(Shape.scalar());
        backend.fill(normSquared, Float.NaN);
        this.gradients = new GradientSum(backend, parameters, parallel, buffers);
    }

    /** One step with the given learning rate, drawing from {@code random}. */
    public void run(Tensor pool, RandomStream random, double learningRate) {
        run(pool, random, learningRate, false);
    }

    /**
     * One step; with {@code measureGradientNorm} the squared global gradient norm (before clipping, after
     * the shards' gradients are summed) is reduced on the backend for {@link #readGradientNorm} (it always
     * is when clipping is on).
     */
    public void run(Tensor pool, RandomStream random, double learningRate, boolean measureGradientNorm) {
        RandomKey rows = random.next();
        RandomKey timeKey = random.next();
        RandomKey noise = random.next();
        for (int local = 0; local < lossSums.length; local++) {
            int shard = parallel.firstShard() + local;
            int from = DataParallel.firstRow(batch, shard, parallel.shards());
            int count = DataParallel.firstRow(batch, shard + 1, parallel.shards()) - from;
            shardGradients(pool, rows.skip(from), timeKey.skip(from), noise.skip((long) from * field.dimension()),
                    count, lossSums[local]);
            gradients.afterShard(local);
        }
        gradients.finish();
        if (gradientClip > 0) {
            GradientClipping.clip(parameters, gradientClip, normSquared);
        } else if (measureGradientNorm) {
            GradientClipping.normSquared(parameters, normSquared);
        }
        adam.step(learningRate);
        if (ema != null) {
            ema.update();
        }
        stepsSinceRead++;
    }

    /** Forward and backward of one shard's rows (keys already skipped to its first row and element). */
    private void shardGradients(Tensor pool, RandomKey rows, RandomKey timeKey, RandomKey noise, int count,
                                Tensor lossSum) {
        Tensor left = xLeft.rowSlice(0, count);
        Tensor time = t.rowSlice(0, count);
        Tensor input = xt.rowSlice(0, count);
        Tensor goal = target.rowSlice(0, count);
        backend.gatherRandomRows(pool, rows, left);
        times.fill(backend, time, timeKey);
        backend.pathSample(left, time, block.shrink(), block.noiseScale(), path, noise, input, goal);

        Tape tape = Tape.recording(backend, scratch);
        field.zeroGrad();
        Variable velocity = field.forward(tape, tape.constant(input), tape.constant(time));
        Variable loss = Functions.mse(tape, velocity, tape.constant(goal));
        if (count != batch) {
            loss = Functions.scale(tape, loss, (float) ((double) count / batch));   // Σ(shard)/(B·D)
        }
        tape.backward(loss);
        backend.axpy(1f, loss.value(), lossSum);
        scratch.reset();
    }

    /**
     * Mean loss over the steps since the last read, then resets: the shards' sums added in shard order
     * (across ranks too, so every rank returns the same value; a collective under --distributed).
     */
    public double readMeanLoss() {
        double total = 0;
        for (Tensor lossSum : lossSums) {
            total += backend.toHostDoubles(lossSum)[0];
            backend.fill(lossSum, 0f);
        }
        if (parallel.distributed()) {
            byte[][] all = parallel.collective().allGather(java.nio.ByteBuffer.allocate(8).putDouble(total).array());
            total = 0;
            for (byte[] rank : all) {
                total += java.nio.ByteBuffer.wrap(rank).getDouble();
            }
        }
        double mean = total / Math.max(1, stepsSinceRead);
        stepsSinceRead = 0;
        return mean;
    }

    /** ‖g‖ of the last step that measured it (reads one value from the backend). */
    public double readGradientNorm() {
        return Math.sqrt(backend.toHostDoubles(normSquared)[0]);
    }

    /** Fails on every rank when the ranks' weights differ (see {@link WeightCheck}). */
    public void checkRanksAgree(String when) {
        if (parallel.distributed()) {
            WeightCheck.requireEqual(parallel.collective(), parameters, when);
        }
    }

    @Override
    public void close() {
        scratch.close();
        buffers.close();
    }
}
