package lfm.likelihood;

import lfm.autograd.Tape;
import lfm.autograd.Variable;
import lfm.backend.Backend;
import lfm.nn.VelocityField;
import lfm.random.RandomKey;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;

/**
 * The change-of-variables ODE of one block, as {@link AugmentedDynamics}, for any velocity field (a UNet
 * on images): the divergence by vector–Jacobian products on the autograd tape instead of forward-mode
 * tangents through MLP layers. Each evaluation stacks the N points k times (k directions u of
 * {@link TraceDirections}), runs the field forward on the (k·N) rows with x recorded
 * ({@link Tape#inputGradients}: no weight gradients, no dropout), and one backward pass seeded with the
 * directions gives uᵀ J for every row; then tr J = Σ weight · (uᵀ J) u per point:
 * <pre>
 *   state [x | ℓ] (N, D + 1)  →  X = [x; x; …] (k·N, D)  →  V = v(X, t, c)  →  G = Uᵀ ∂V/∂X (k·N, D)
 *   dx/dt = V[0..N)           dℓ/dt = Σ_b weight · rowDot(U_b, G_b)
 * </pre>
 * A backward pass costs about two forward passes, so one evaluation costs about 3k forward passes of the
 * N points: Hutchinson (k = K probes) is the practical choice on images, the exact trace needs k = D.
 */
final class ReverseModeDynamics implements LogDensity.DivergenceDynamics {
    private final VelocityField field;
    private final Divergence divergence;
    private final Backend backend;
    private final int dimension;
    private final int directions;
    private final TensorArena fixed;
    private final TensorArena scratch;
    private final Tensor seeds; // (k·N, D): the directions u
    private final Tensor stackedConditions; // (k·N, C) or null

    /** @param conditions the rows' conditions (N, C), or null for an unconditional field */
    ReverseModeDynamics(
            VelocityField field,
            Backend backend,
            Divergence divergence,
            int rows,
            RandomKey probeKey,
            long firstPoint,
            Tensor conditions) {
        this.field = field;
        this.divergence = divergence;
        this.backend = backend;
        this.dimension = field.dimension();
        this.directions = divergence.directions(dimension);
        this.fixed = backend.newArena("divergence-directions");
        this.scratch = backend.newArena("divergence-step");
        seeds = fixed.allocate(Shape.matrix(directions * rows, dimension));
        backend.fromHost(TraceDirections.values(divergence, probeKey, rows, dimension, firstPoint), seeds);
        stackedConditions = conditions == null ? null : stack(conditions, fixed);
    }

    @Override
    public void evaluate(Tensor state, double t, Tensor out) {
        int n = state.rows();
        Tensor x = scratch.allocate(Shape.matrix(n, dimension));
        backend.splitColumns(state, x, null, false);
        Tape tape = Tape.inputGradients(backend, scratch);
        Variable points = tape.input(stack(x, scratch));
        Tensor time = scratch.allocate(Shape.matrix(points.rows(), 1));
        backend.fill(time, (float) t);
        Variable velocity = field.forward(
                tape, points, tape.constant(time), stackedConditions == null ? null : tape.constant(stackedConditions));
        tape.backward(velocity, seeds);
        Tensor products = scratch.allocate(Shape.matrix(seeds.rows(), 1));
        backend.rowDot(seeds, points.grad(), 1f, products, false);
        Tensor trace = scratch.allocate(Shape.matrix(n, 1));
        TraceDirections.sum(backend, products, n, TraceDirections.weight(divergence), trace);
        backend.concatColumns(velocity.value().rowSlice(0, n), trace, out);
        scratch.reset();
    }

    /** [m; m; …] with the rows of m repeated once per direction: (k·N, cols). */
    private Tensor stack(Tensor m, TensorArena arena) {
        Tensor stacked = arena.allocate(Shape.matrix(directions * m.rows(), m.cols()));
        for (int b = 0; b < directions; b++) {
            backend.copy(m, stacked.rowSlice(b * m.rows(), m.rows()));
        }
        return stacked;
    }

    @Override
    public void close() {
        scratch.close();
        fixed.close();
    }
}
