package lfm.autograd;

import java.util.ArrayList;
import java.util.List;
import lfm.backend.Backend;
import lfm.nn.Parameter;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;

/**
 * Reverse-mode automatic differentiation as a Wengert list: every differentiable op appends one
 * {@link BackwardStep}; {@link #backward(Variable)} seeds the loss gradient with 1 and runs the steps
 * in reverse, each accumulating into the gradients of its inputs.
 *
 * <p>The tape never touches memory itself: it allocates in its arena and calls the {@link Backend},
 * so the same tape drives every backend. A tape built with {@code recording = false} records nothing
 * (inference: ODE solves, sampling), and its ops only compute values.
 */
public final class Tape {

    /** The backward rule of one recorded op. */
    @FunctionalInterface
    public interface BackwardStep {
        void run();
    }

    private final Backend backend;
    private final TensorArena arena;
    private final boolean recording;
    private final boolean training;
    private final List<Variable> results = new ArrayList<>();
    private final List<BackwardStep> steps = new ArrayList<>();

    public Tape(Backend backend, TensorArena arena, boolean recording) {
        this(backend, arena, recording, recording);
    }

    private Tape(Backend backend, TensorArena arena, boolean recording, boolean training) {
        this.backend = backend;
        this.arena = arena;
        this.recording = recording;
        this.training = training;
    }

    /** A tape that records (training). */
    public static Tape recording(Backend backend, TensorArena arena) {
        return new Tape(backend, arena, true);
    }

    /**
     * A tape that records for gradients with respect to its {@link #input inputs} only: parameters are
     * constants (no weight gradients are computed or accumulated) and the network runs as at inference
     * (no dropout). For vector–Jacobian products of a trained network, e.g. a divergence.
     */
    public static Tape inputGradients(Backend backend, TensorArena arena) {
        return new Tape(backend, arena, true, false);
    }

    /** A tape that only evaluates (inference). */
    public static Tape inference(Backend backend, TensorArena arena) {
        return new Tape(backend, arena, false);
    }

    public Backend backend() {
        return backend;
    }

    public TensorArena arena() {
        return arena;
    }

    public boolean isRecording() {
        return recording;
    }

    /** Whether this tape trains: it records parameter gradients and training-time behaviour (dropout). */
    public boolean isTraining() {
        return training;
    }

    /** A value that needs no gradient (data, time, targets). */
    public Variable constant(Tensor value) {
        return new Variable(value, false, null);
    }

    /** A value whose gradient is wanted (allocated in this tape's arena on first use). */
    public Variable input(Tensor value) {
        return new Variable(value, recording, null);
    }

    /** A trainable parameter; its gradient accumulates into {@link Parameter#grad()}. */
    public Variable parameter(Parameter parameter) {
        if (recording && !training) {
            return constant(parameter.value());
        }
        return new Variable(parameter.value(), recording, parameter.grad());
    }

    /** A new uninitialised tensor (the arena's default element type) in this tape's arena. */
    public Tensor allocate(Shape shape) {
        return arena.allocate(shape);
    }

    /** A new uninitialised tensor with the element type of {@code like}. */
    public Tensor allocateLike(Shape shape, Tensor like) {
        return arena.allocate(shape, like.dtype());
    }

    /** Result of an op: needs a gradient if any input does and the tape records. */
    Variable result(Tensor value, Variable... inputs) {
        boolean needs = false;
        if (recording) {
            for (Variable input : inputs) {
                needs |= input != null && input.requiresGrad();
            }
        }
        return new Variable(value, needs, null);
    }

    /** Records a backward step, if the tape records and the result needs a gradient. */
    void record(Variable result, BackwardStep step) {
        if (recording && result.requiresGrad()) {
            results.add(result);
            steps.add(step);
        }
    }

    /** The gradient tensor of a variable, allocated and zeroed on first use. */
    Tensor gradOf(Variable variable) {
        if (variable.grad() == null) {
            Tensor grad =
                    arena.allocate(variable.value().shape(), variable.value().dtype());
            backend.fill(grad, 0f);
            variable.setGrad(grad);
        }
        return variable.grad();
    }

    /**
     * The gradient of a variable for a backward step that writes all of it: when nothing has flowed into
     * the variable yet ({@code variable.grad() == null}) a new tensor is allocated and NOT zeroed, and
     * the step must overwrite it; otherwise the existing gradient, to accumulate into. Callers read
     * {@code variable.grad() != null} first to choose between the two. Saves the zero fill of
     * {@link #gradOf} for the large activations of image networks.
     */
    Tensor gradForWrite(Variable variable) {
        if (variable.grad() == null) {
            variable.setGrad(
                    arena.allocate(variable.value().shape(), variable.value().dtype()));
        }
        return variable.grad();
    }

    /** Runs every recorded step in reverse order after seeding d(loss)/d(loss) = 1. */
    public void backward(Variable loss) {
        if (loss.value().size() != 1) {
            throw new IllegalArgumentException(
                    "backward needs a scalar loss, got " + loss.value().shape());
        }
        if (!loss.requiresGrad()) {
            throw new IllegalStateException("the loss does not depend on anything that requires a gradient");
        }
        backend.fill(gradOf(loss), 1f);
        runBackward();
    }

    /** Backward from a non-scalar output with a given output gradient (vector-Jacobian product). */
    public void backward(Variable output, Tensor outputGradient) {
        backend.copy(outputGradient, gradOf(output));
        runBackward();
    }

    /** Steps whose result received no gradient contribute nothing and are skipped. */
    private void runBackward() {
        for (int i = steps.size() - 1; i >= 0; i--) {
            if (results.get(i).grad() != null) {
                steps.get(i).run();
            }
        }
        clear();
    }

    /** Number of recorded steps (for tests and diagnostics). */
    public int size() {
        return steps.size();
    }

    /** Forgets the recorded steps (the arena is reset by its owner). */
    public void clear() {
        results.clear();
        steps.clear();
    }
}
