package lfm.train;

import java.util.List;
import lfm.autograd.Functions;
import lfm.autograd.Tape;
import lfm.autograd.Variable;
import lfm.backend.Backend;
import lfm.flow.Interpolant;
import lfm.flow.Schedule;
import lfm.flow.TimeSampler;
import lfm.nn.ImageShape;
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
 * draw for the whole batch of B rows. With K times per pair (the authors' {@code num_tk}) each (x_l, x_r)
 * pair of the batch is taken at K independent t: the time draw has K·B elements, draw k uses elements
 * [kB, (k + 1)B), x_r is the same for every k (the noise draw is replayed), and the loss is
 * (1/K) Σₖ mean (v(x_t⁽ᵏ⁾, t⁽ᵏ⁾) − target⁽ᵏ⁾)². Each draw is one forward and backward pass whose
 * gradients add up, so memory stays that of K = 1. With P shards ({@link DataParallel}) shard s takes
 * rows [⌊B·s/P⌋, ⌊B·(s+1)/P⌋) of each draw (the keys skipped to its first row, and for times to its first
 * row of draw k), its loss is its squared errors / (K·B·D), and the shards' gradients are summed in shard
 * order before clipping (on the global norm) and the identical Adam/EMA update. P = 1 is exactly the
 * plain step. The batch buffers are allocated once; the tape's intermediates live in a per-step arena
 * reset after each pass. The loss is added to device accumulators and only read when the caller asks
 * ({@link #readMeanLoss}).
 *
 * <p>Conditional runs: the condition c of each drawn row comes from the same row of the conditions
 * (the same draw picks the rows of both), and the loss reads v(x_t, t, c); a pair keeps its c for all K
 * draws of t. With condition dropout p (classifier-free guidance), rows [0, k) of every batch,
 * k = max(1, round(p·B)), use the learned null condition ∅ instead; the batch rows are uniform draws, so
 * this drops a uniformly random k of them. A shard's loss is then the sum of its squared errors on ∅ and
 * on c, over K·B·D, as for any shard (for K = 1):
 * <pre>
 *   loss = (k/B)·mean over rows &lt; k of (v(x_t, t, ∅) − target)² + ((B − k)/B)·mean over the rest of (v(x_t, t, c) − target)²
 * </pre>
 *
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
    private final int timesPerPair;
    private final DataParallel parallel;
    private final List<Parameter> parameters;
    private final TensorArena buffers;
    private final TensorArena scratch;
    private final Tensor xLeft;
    private final Tensor t;
    private final Tensor xt;
    private final Tensor target;
    private final Tensor[] lossSums; // one per local shard, added up in shard order when read
    private final Tensor normSquared;
    private final GradientSum gradients;
    private final Tensor conditionBatch; // (rows, C) for a conditional field, else null
    private final int nullRows; // k: batch rows [0, k) on the null condition
    private int stepsSinceRead;
    private ImageShape flipped;

    public TrainingStep(
            Backend backend,
            VelocityField field,
            Schedule.Block block,
            Interpolant path,
            TimeSampler times,
            int batch,
            Adam adam,
            ExponentialMovingAverage ema,
            double gradientClip) {
        this(backend, field, block, path, times, batch, 1, adam, ema, gradientClip, DataParallel.single(), 0);
    }

    /** A step of one process whose loss averages {@code timesPerPair} independent t for each pair. */
    public TrainingStep(
            Backend backend,
            VelocityField field,
            Schedule.Block block,
            Interpolant path,
            TimeSampler times,
            int batch,
            int timesPerPair,
            Adam adam,
            ExponentialMovingAverage ema,
            double gradientClip) {
        this(backend, field, block, path, times, batch, timesPerPair, adam, ema, gradientClip, DataParallel.single());
    }

    /** A step of one t per pair, split into {@code parallel}'s shards. */
    public TrainingStep(
            Backend backend,
            VelocityField field,
            Schedule.Block block,
            Interpolant path,
            TimeSampler times,
            int batch,
            Adam adam,
            ExponentialMovingAverage ema,
            double gradientClip,
            DataParallel parallel) {
        this(backend, field, block, path, times, batch, 1, adam, ema, gradientClip, parallel, 0);
    }

    /**
     * A step whose loss averages {@code timesPerPair} independent t for each pair of the batch, split
     * into {@code parallel}'s shards.
     */
    public TrainingStep(
            Backend backend,
            VelocityField field,
            Schedule.Block block,
            Interpolant path,
            TimeSampler times,
            int batch,
            int timesPerPair,
            Adam adam,
            ExponentialMovingAverage ema,
            double gradientClip,
            DataParallel parallel) {
        this(backend, field, block, path, times, batch, timesPerPair, adam, ema, gradientClip, parallel, 0);
    }

    /**
     * A step whose loss averages {@code timesPerPair} independent t for each pair of the batch, over
     * {@code parallel}'s shards; a conditional field uses its null condition on a share
     * {@code conditionDropout} ∈ [0, 1) of every batch's rows.
     */
    public TrainingStep(
            Backend backend,
            VelocityField field,
            Schedule.Block block,
            Interpolant path,
            TimeSampler times,
            int batch,
            int timesPerPair,
            Adam adam,
            ExponentialMovingAverage ema,
            double gradientClip,
            DataParallel parallel,
            double conditionDropout) {
        if (timesPerPair < 1) {
            throw new IllegalArgumentException("times per pair must be ≥ 1, got " + timesPerPair);
        }
        if (!(conditionDropout >= 0 && conditionDropout < 1)) {
            throw new IllegalArgumentException("--condition-dropout must be in [0, 1), got " + conditionDropout);
        }
        if (conditionDropout > 0 && !field.condition().learnedNull()) {
            throw new IllegalArgumentException("condition dropout needs a field with a learned null condition");
        }
        if (batch < parallel.shards()) {
            throw new IllegalArgumentException(
                    "a batch of " + batch + " rows cannot be split into " + parallel.shards() + " shards");
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
        this.timesPerPair = timesPerPair;
        this.parallel = parallel;
        this.parameters = field.parameters();
        this.buffers = backend.newArena("batch");
        this.scratch = backend.newArena("step");
        int dimension = field.dimension();
        int rows = (batch + parallel.shards() - 1) / parallel.shards(); // the largest shard
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
        this.conditionBatch = field.condition().present()
                ? buffers.allocate(Shape.matrix(rows, field.condition().dimension()))
                : null;
        this.nullRows = conditionDropout == 0
                ? 0
                : (int) Math.max(1, Math.min(batch - 1, Math.round(conditionDropout * batch)));
    }

    /**
     * From now on, mirror each image of x_l left–right with probability 1/2 (a fourth draw per step, one
     * uniform per row: row i is flipped when its uniform is below 1/2). The rows are images of
     * {@code image} in NHWC order. Done on the host: a copy of x_l there and back per shard.
     */
    public void flipHorizontally(ImageShape image) {
        if (image.size() != field.dimension()) {
            throw new IllegalArgumentException("images of " + image + " are not points of D = " + field.dimension());
        }
        this.flipped = image;
    }

    /** One step with the given learning rate, drawing from {@code random}. */
    public void run(Tensor pool, RandomStream random, double learningRate) {
        run(pool, null, random, learningRate, false, false);
    }

    /**
     * One step; during the warm-up ({@code warmingUp}) the EMA takes the weights as they are (decay 0); with
     * {@code measureGradientNorm} the squared global gradient norm (before clipping, after the shards' gradients
     * are summed) is reduced on the backend for {@link #readGradientNorm} (it always is when clipping is on).
     */
    public void run(
            Tensor pool, RandomStream random, double learningRate, boolean warmingUp, boolean measureGradientNorm) {
        run(pool, null, random, learningRate, warmingUp, measureGradientNorm);
    }

    /**
     * One step of a conditional field, past any warm-up: {@code conditions} (P, C) holds the condition of
     * every pool row (null for an unconditional field); {@code measureGradientNorm} as above.
     */
    public void run(
            Tensor pool, Tensor conditions, RandomStream random, double learningRate, boolean measureGradientNorm) {
        run(pool, conditions, random, learningRate, false, measureGradientNorm);
    }

    /**
     * One step: {@code conditions} (P, C) holds the condition of every pool row (null for an unconditional
     * field); {@code warmingUp} and {@code measureGradientNorm} as above.
     */
    public void run(
            Tensor pool,
            Tensor conditions,
            RandomStream random,
            double learningRate,
            boolean warmingUp,
            boolean measureGradientNorm) {
        if ((conditions == null) == field.condition().present()) {
            throw new IllegalArgumentException(
                    conditions == null
                            ? "this field needs the pool's conditions"
                            : "this field is unconditional; it takes no conditions");
        }
        RandomKey rows = random.next();
        RandomKey timeKey = random.next();
        RandomKey noise = random.next();
        RandomKey flips = flipped != null ? random.next() : null;
        for (int local = 0; local < lossSums.length; local++) {
            int shard = parallel.firstShard() + local;
            int from = DataParallel.firstRow(batch, shard, parallel.shards());
            int count = DataParallel.firstRow(batch, shard + 1, parallel.shards()) - from;
            shardGradients(
                    pool,
                    conditions,
                    rows.skip(from),
                    timeKey.skip(from),
                    noise.skip((long) from * field.dimension()),
                    flips == null ? null : flips.skip(from),
                    from,
                    count,
                    lossSums[local]);
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
            ema.update(warmingUp ? 0f : ema.decay());
        }
        stepsSinceRead++;
    }

    /**
     * Forward and backward of one shard's rows, batch rows [from, from + count) (keys already skipped to
     * its first row and element; flips null when images are not mirrored).
     */
    private void shardGradients(
            Tensor pool,
            Tensor conditions,
            RandomKey rows,
            RandomKey timeKey,
            RandomKey noise,
            RandomKey flips,
            int from,
            int count,
            Tensor lossSum) {
        Tensor left = xLeft.rowSlice(0, count);
        Tensor time = t.rowSlice(0, count);
        Tensor input = xt.rowSlice(0, count);
        Tensor goal = target.rowSlice(0, count);
        backend.gatherRandomRows(pool, rows, left);
        if (flips != null) {
            backend.fromHost(HorizontalFlip.apply(backend.toHost(left), flipped, flips), left);
        }
        times.fill(backend, time, timeKey);
        Tensor condition = conditions == null ? null : conditionBatch.rowSlice(0, count);
        if (conditions != null) {
            backend.gatherRandomRows(conditions, rows, condition); // the same rows as the points
        }

        field.zeroGrad();
        int dropped = Math.clamp(nullRows - from, 0, count); // this shard's rows on the null condition
        for (int draw = 0; draw < timesPerPair; draw++) {
            if (draw > 0) {
                times.fill(backend, time, timeKey.skip((long) draw * batch));
            }
            // The same noise key gives the same z, hence the same x_r, for every draw of t.
            backend.pathSample(left, time, block.shrink(), block.noiseScale(), path, noise, input, goal);
            Tape tape = Tape.recording(backend, scratch);
            Variable loss = dropped == 0
                    ? rowsLoss(tape, 0, count, condition)
                    : dropped == count
                            ? rowsLoss(tape, 0, count, null)
                            : Functions.add(
                                    tape,
                                    rowsLoss(tape, 0, dropped, null),
                                    rowsLoss(
                                            tape,
                                            dropped,
                                            count - dropped,
                                            condition.rowSlice(dropped, count - dropped)));
            tape.backward(loss);
            backend.axpy(1f, loss.value(), lossSum);
            scratch.reset();
        }
    }

    /**
     * Σ(rows' squared errors)/(K·B·D) of rows [from, from + count) of the shard's buffers: their mean
     * squared error, scaled by count/(K·B) unless they are the whole batch and K = 1, so that the shards',
     * parts' and draws' losses add up to the mean over all of them. condition null = the null condition
     * (or none, for an unconditional field).
     */
    private Variable rowsLoss(Tape tape, int from, int count, Tensor condition) {
        Variable velocity = field.forward(
                tape,
                tape.constant(xt.rowSlice(from, count)),
                tape.constant(t.rowSlice(from, count)),
                condition == null ? null : tape.constant(condition));
        Variable loss = Functions.mse(tape, velocity, tape.constant(target.rowSlice(from, count)));
        return count == batch && timesPerPair == 1
                ? loss
                : Functions.scale(tape, loss, (float) ((double) count / batch / timesPerPair));
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
            byte[][] all = parallel.collective()
                    .allGather(java.nio.ByteBuffer.allocate(8).putDouble(total).array());
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
