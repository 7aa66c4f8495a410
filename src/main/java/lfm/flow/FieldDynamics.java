package lfm.flow;

import lfm.autograd.Tape;
import lfm.backend.Backend;
import lfm.flow.ode.Dynamics;
import lfm.nn.VelocityField;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;

/**
 * dx/dt for a trained velocity field, evaluated without recording, in one of three forms:
 * <pre>
 *   unconditional   v(x, t)              (for a conditional field: v(x, t, ∅), its null condition)
 *   conditional     v(x, t, c)
 *   guided          v(x, t, ∅) + w·(v(x, t, c) − v(x, t, ∅))      classifier-free guidance, weight w
 * </pre>
 * The conditions (N, C) belong to the whole set of points; {@link #rows} gives the dynamics of a chunk of
 * them, which reads the chunk's own condition rows. The guided form makes both evaluations for every w
 * (no shortcut at w = 0 or 1): its v(x, t, ∅) is the very computation of the unconditional form. The
 * network's intermediates live in a scratch arena, reset after every evaluation: this object's own, or one
 * the caller lends so that consecutive solves (block after block) reuse the memory the first one settled
 * on instead of allocating and zero-filling it again.
 */
public final class FieldDynamics implements ChunkedDynamics, AutoCloseable {
    private final VelocityField field;
    private final Backend backend;
    private final Tensor conditions;
    private final Float guidance;
    private final TensorArena scratch;
    private final boolean ownsScratch;

    /** The unconditional form. */
    public FieldDynamics(VelocityField field, Backend backend) {
        this(field, backend, null, null);
    }

    /**
     * @param conditions (N, C) condition of every point of the set, or null for the unconditional form
     * @param guidance   w for the guided form, or null for the plain conditional form
     */
    public FieldDynamics(VelocityField field, Backend backend, Tensor conditions, Float guidance) {
        this(field, backend, conditions, guidance, null);
    }

    /**
     * As {@link #FieldDynamics(VelocityField, Backend, Tensor, Float)} with the network's intermediates in
     * {@code scratch} (reset after every evaluation, left open by {@link #close}); null = an arena of its own.
     */
    public FieldDynamics(VelocityField field, Backend backend, Tensor conditions, Float guidance, TensorArena scratch) {
        if (conditions == null && guidance != null) {
            throw new IllegalArgumentException("guidance needs conditions");
        }
        if (conditions != null && conditions.cols() != field.condition().dimension()) {
            throw new IllegalArgumentException("conditions have " + conditions.cols() + " columns; the field takes "
                    + field.condition().dimension());
        }
        this.field = field;
        this.backend = backend;
        this.conditions = conditions;
        this.guidance = guidance;
        this.ownsScratch = scratch == null;
        this.scratch = ownsScratch ? backend.newArena("field-evaluation") : scratch;
    }

    @Override
    public Dynamics rows(int from, int count) {
        if (conditions != null && from + count > conditions.rows()) {
            throw new IllegalArgumentException(
                    "rows [" + from + ", " + (from + count) + ") of " + conditions.rows() + " conditions");
        }
        Tensor chunk = conditions == null ? null : conditions.rowSlice(from, count);
        return (x, t, out) -> evaluate(x, t, chunk, out);
    }

    private void evaluate(Tensor x, double t, Tensor condition, Tensor out) {
        Tape tape = Tape.inference(backend, scratch);
        if (guidance == null) {
            backend.copy(field.evaluate(tape, x, (float) t, condition), out);
        } else {
            Tensor unconditional = field.evaluate(tape, x, (float) t, null);
            Tensor conditional = field.evaluate(tape, x, (float) t, condition);
            Tensor difference = scratch.allocate(Shape.matrix(x.rows(), x.cols()));
            backend.combine(difference, conditional, new float[] {-1f}, unconditional);
            backend.combine(out, unconditional, new float[] {guidance}, difference);
        }
        scratch.reset();
    }

    /** Network evaluations per right-hand side: 2 when guided, else 1. */
    public int evaluationsPerCall() {
        return guidance == null ? 1 : 2;
    }

    @Override
    public void close() {
        if (ownsScratch) {
            scratch.close();
        } else {
            scratch.reset();
        }
    }
}
