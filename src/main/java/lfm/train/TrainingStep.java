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
 *
 * <p>Conditional runs: the condition c of each drawn row comes from the same row of the conditions
 * (the same draw picks the rows of both), and the loss reads v(x_t, t, c). With condition dropout p
 * (classifier-free guidance), the first k = max(1, round(p·B)) rows of every batch use the learned null
 * condition ∅ instead; the batch rows are uniform draws, so this drops a uniformly random k of them:
 * <pre>
 *   loss = (k/B)·mean over rows &lt; k of (v(x_t, t, ∅) − target)² + ((B − k)/B)·mean over the rest of (v(x_t, t, c) − target)²
 * </pre>
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
    private final Tensor conditionBatch;
    private final int nullRows;
    private int stepsSinceRead;

    public TrainingStep(Backend backend, VelocityField field, Schedule.Block block, Interpolant path,
                        TimeSampler times, int batch, Adam adam, ExponentialMovingAverage ema, double gradientClip) {
        this(backend, field, block, path, times, batch, adam, ema, gradientClip, 0);
    }

    /** A step of a conditional field, with the null condition used on a share {@code conditionDropout} of rows. */
    public TrainingStep(Backend backend, VelocityField field, Schedule.Block block, Interpolant path,
                        TimeSampler times, int batch, Adam adam, ExponentialMovingAverage ema, double gradientClip,
                        double conditionDropout) {
        if (!(conditionDropout >= 0 && conditionDropout < 1)) {
            throw new IllegalArgumentException("--condition-dropout must be in [0, 1), got " + conditionDropout);
        }
        if (conditionDropout > 0 && !field.condition().learnedNull()) {
            throw new IllegalArgumentException("condition dropout needs a field with a learned null condition");
        }
        this.nullRows = conditionDropout == 0 ? 0 : (int) Math.max(1, Math.min(batch - 1, Math.round(conditionDropout * batch)));
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
        this.conditionBatch = field.condition().present()
                ? buffers.allocate(Shape.matrix(batch, field.condition().dimension())) : null;
        backend.fill(lossSum, 0f);
    }

    /** One step with the given learning rate, drawing from {@code random}. */
    public void run(Tensor pool, RandomStream random, double learningRate) {
        run(pool, null, random, learningRate);
    }

    /**
     * One step of a conditional field: {@code conditions} (P, C) holds the condition of every pool row
     * (null for an unconditional field).
     */
    public void run(Tensor pool, Tensor conditions, RandomStream random, double learningRate) {
        if ((conditions == null) == field.condition().present()) {
            throw new IllegalArgumentException(conditions == null ? "this field needs the pool's conditions"
                    : "this field is unconditional; it takes no conditions");
        }
        var rows = random.next();
        backend.gatherRandomRows(pool, rows, xLeft);
        if (conditions != null) {
            // The same key picks the same rows from both (Backend#gatherRandomRows).
            backend.gatherRandomRows(conditions, rows, conditionBatch);
        }
        times.fill(backend, t, random.next());
        backend.pathSample(xLeft, t, block.shrink(), block.noiseScale(), path, random.next(), xt, target);

        Tape tape = Tape.recording(backend, scratch);
        field.zeroGrad();
        Variable loss = nullRows == 0 ? rowsLoss(tape, 0, xt.rows(), conditionBatch) : droppedLoss(tape);
        tape.backward(loss);
        if (gradientClip > 0) {
            GradientClipping.clip(parameters, gradientClip, normSquared);
        }
        adam.step(learningRate);
        if (ema != null) {
            ema.update();
        }
        backend.axpy(1f, loss.value(), lossSum);
        stepsSinceRead++;
        scratch.reset();
    }

    /** Mean squared error of rows [from, from + count); condition null = the null condition. */
    private Variable rowsLoss(Tape tape, int from, int count, Tensor condition) {
        Variable velocity = field.forward(tape, tape.constant(xt.rowSlice(from, count)),
                tape.constant(t.rowSlice(from, count)), condition == null ? null : tape.constant(condition));
        return Functions.mse(tape, velocity, tape.constant(target.rowSlice(from, count)));
    }

    /** The batch loss with the first {@link #nullRows} rows on the null condition. */
    private Variable droppedLoss(Tape tape) {
        int batch = xt.rows();
        Variable dropped = rowsLoss(tape, 0, nullRows, null);
        Variable kept = rowsLoss(tape, nullRows, batch - nullRows, conditionBatch.rowSlice(nullRows, batch - nullRows));
        return Functions.add(tape, Functions.scale(tape, dropped, (float) nullRows / batch),
                Functions.scale(tape, kept, (float) (batch - nullRows) / batch));
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
