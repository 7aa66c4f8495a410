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
 * With K times per pair (the authors' {@code num_tk}) each (x_l, x_r) pair of the batch is taken at K
 * independent t: t has K·B rows, draw k uses rows [kB, (k + 1)B), x_r is the same for every k (the
 * noise draw is replayed), and the loss is (1/K) Σₖ mean (v(x_t⁽ᵏ⁾, t⁽ᵏ⁾) − target⁽ᵏ⁾)². Each draw is
 * one forward and backward pass of B rows whose gradients add up, so memory stays that of K = 1.
 * Three random draws per step (rows, times, noise), in that order, from the given stream. The batch
 * buffers are allocated once; the tape's intermediates live in a per-step arena reset after the step.
 * The loss is added to a device accumulator and only read when the caller asks ({@link #readMeanLoss}).
 */
public final class TrainingStep implements AutoCloseable {
    private final Backend backend;
    private final VelocityField field;
    private final Schedule.Block block;
    private final Interpolant path;
    private final TimeSampler times;
    private final Adam adam;
    private final ExponentialMovingAverage ema;
    private final float gradientClip;
    private final int timesPerPair;
    private final int batch;
    private final List<Parameter> parameters;
    private final TensorArena buffers;
    private final TensorArena scratch;
    private final Tensor xLeft;
    private final Tensor t;
    private final Tensor xt;
    private final Tensor target;
    private final Tensor lossSum;
    private final Tensor normSquared;
    private int stepsSinceRead;

    public TrainingStep(Backend backend, VelocityField field, Schedule.Block block, Interpolant path,
                        TimeSampler times, int batch, Adam adam, ExponentialMovingAverage ema, double gradientClip) {
        this(backend, field, block, path, times, batch, 1, adam, ema, gradientClip);
    }

    /** A step whose loss averages {@code timesPerPair} independent t for each pair of the batch. */
    public TrainingStep(Backend backend, VelocityField field, Schedule.Block block, Interpolant path,
                        TimeSampler times, int batch, int timesPerPair, Adam adam, ExponentialMovingAverage ema,
                        double gradientClip) {
        if (timesPerPair < 1) {
            throw new IllegalArgumentException("times per pair must be ≥ 1, got " + timesPerPair);
        }
        this.backend = backend;
        this.field = field;
        this.block = block;
        this.path = path;
        this.times = times;
        this.adam = adam;
        this.ema = ema;
        this.gradientClip = (float) gradientClip;
        this.timesPerPair = timesPerPair;
        this.batch = batch;
        this.parameters = field.parameters();
        this.buffers = backend.newArena("batch");
        this.scratch = backend.newArena("step");
        int dimension = field.dimension();
        this.xLeft = buffers.allocate(Shape.matrix(batch, dimension));
        this.t = buffers.allocate(Shape.matrix(timesPerPair * batch, 1));
        this.xt = buffers.allocate(Shape.matrix(batch, dimension));
        this.target = buffers.allocate(Shape.matrix(batch, dimension));
        this.lossSum = buffers.allocate(Shape.scalar());
        this.normSquared = buffers.allocate(Shape.scalar());
        backend.fill(lossSum, 0f);
    }

    /** One step with the given learning rate, drawing from {@code random}. */
    public void run(Tensor pool, RandomStream random, double learningRate) {
        backend.gatherRandomRows(pool, random.next(), xLeft);
        times.fill(backend, t, random.next());
        RandomKey noise = random.next();
        field.zeroGrad();
        for (int draw = 0; draw < timesPerPair; draw++) {
            Tensor drawTimes = timesPerPair == 1 ? t : t.rowSlice(draw * batch, batch);
            // The same noise key gives the same z, hence the same x_r, for every draw of t.
            backend.pathSample(xLeft, drawTimes, block.shrink(), block.noiseScale(), path, noise, xt, target);
            Tape tape = Tape.recording(backend, scratch);
            Variable velocity = field.forward(tape, tape.constant(xt), tape.constant(drawTimes));
            Variable loss = Functions.mse(tape, velocity, tape.constant(target));
            if (timesPerPair > 1) {
                loss = Functions.scale(tape, loss, 1f / timesPerPair);
            }
            tape.backward(loss);
            backend.axpy(1f, loss.value(), lossSum);
            scratch.reset();
        }
        if (gradientClip > 0) {
            GradientClipping.clip(parameters, gradientClip, normSquared);
        }
        adam.step(learningRate);
        if (ema != null) {
            ema.update();
        }
        stepsSinceRead++;
    }

    /** Mean loss over the steps since the last read (reads one value from the backend), then resets. */
    public double readMeanLoss() {
        double mean = backend.toHostDoubles(lossSum)[0] / Math.max(1, stepsSinceRead);
        backend.fill(lossSum, 0f);
        stepsSinceRead = 0;
        return mean;
    }

    @Override
    public void close() {
        scratch.close();
        buffers.close();
    }
}
