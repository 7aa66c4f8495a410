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
 * Three random draws per step (rows, times, noise), in that order, from the given stream. The batch
 * buffers are allocated once; the tape's intermediates live in a per-step arena reset after the step.
 * The loss is added to a device accumulator and only read when the caller asks ({@link #readMeanLoss}).
 * The global gradient norm is reduced on the device every step when clipping is on (clipping needs it)
 * and otherwise only on steps the caller marks; {@link #readGradientNorm} reads the latest.
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
        this.backend = backend;
        this.field = field;
        this.block = block;
        this.path = path;
        this.times = times;
        this.adam = adam;
        this.ema = ema;
        this.gradientClip = (float) gradientClip;
        this.parameters = field.parameters();
        this.buffers = backend.newArena("batch");
        this.scratch = backend.newArena("step");
        int dimension = field.dimension();
        this.xLeft = buffers.allocate(Shape.matrix(batch, dimension));
        this.t = buffers.allocate(Shape.matrix(batch, 1));
        this.xt = buffers.allocate(Shape.matrix(batch, dimension));
        this.target = buffers.allocate(Shape.matrix(batch, dimension));
        this.lossSum = buffers.allocate(Shape.scalar());
        this.normSquared = buffers.allocate(Shape.scalar());
        backend.fill(lossSum, 0f);
        backend.fill(normSquared, Float.NaN);
    }

    /** One step with the given learning rate, drawing from {@code random}. */
    public void run(Tensor pool, RandomStream random, double learningRate) {
        run(pool, random, learningRate, false);
    }

    /**
     * One step; with {@code measureGradientNorm} the squared global gradient norm (before clipping) is
     * reduced on the backend for {@link #readGradientNorm} (it always is when clipping is on).
     */
    public void run(Tensor pool, RandomStream random, double learningRate, boolean measureGradientNorm) {
        backend.gatherRandomRows(pool, random.next(), xLeft);
        times.fill(backend, t, random.next());
        backend.pathSample(xLeft, t, block.shrink(), block.noiseScale(), path, random.next(), xt, target);

        Tape tape = Tape.recording(backend, scratch);
        field.zeroGrad();
        Variable velocity = field.forward(tape, tape.constant(xt), tape.constant(t));
        Variable loss = Functions.mse(tape, velocity, tape.constant(target));
        tape.backward(loss);
        if (gradientClip > 0) {
            GradientClipping.clip(parameters, gradientClip, normSquared);
        } else if (measureGradientNorm) {
            GradientClipping.normSquared(parameters, normSquared);
        }
        adam.step(learningRate);
        if (ema != null) {
            ema.update();
        }
        backend.axpy(1f, loss.value(), lossSum);
        stepsSinceRead++;
        scratch.reset();
    }

    /** Mean loss over the steps since the last read (reads one value from the backend), then resets. */
    public double readMeanLoss() {
        double mean = backend.toHostDoubles(lossSum)[0] / Math.max(1, stepsSinceRead);
        backend.fill(lossSum, 0f);
        stepsSinceRead = 0;
        return mean;
    }

    /** ‖g‖ of the last step that measured it (reads one value from the backend). */
    public double readGradientNorm() {
        return Math.sqrt(backend.toHostDoubles(normSquared)[0]);
    }

    @Override
    public void close() {
        scratch.close();
        buffers.close();
    }
}
