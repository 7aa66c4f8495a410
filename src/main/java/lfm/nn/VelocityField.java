package lfm.nn;

import lfm.autograd.Tape;
import lfm.autograd.Variable;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;

/**
 * A learned velocity field of one flow block, v(x, t) or, for a conditional model, v(x, t, c):
 * x (N, D), t (N, 1), c (N, C) → v (N, D). Everything that trains, pushes, samples or distils a block
 * sees only this contract, so any network (an MLP on vectors, a convolutional network on images) can be
 * a block.
 *
 * <p>The condition argument may be null: for an unconditional field that is the only choice; for a
 * conditional field it means the learned null condition ∅, v(x, t, ∅), the unconditional branch of
 * classifier-free guidance (an error where the field has none, see {@link ConditionInput#learnedNull}).
 * A condition rides along unchanged: the field reads it and never transports it.
 */
public interface VelocityField extends Module {

    /** D, the number of coordinates of x and of v. */
    int dimension();

    /** How a condition enters ({@link ConditionInput#NONE} for an unconditional field). */
    default ConditionInput condition() {
        return ConditionInput.NONE;
    }

    /** v(x, t, c) on the tape. x (N, D), t (N, 1), c (N, C) or null → (N, D). */
    Variable forward(Tape tape, Variable x, Variable t, Variable condition);

    /** v(x, t) (for a conditional field: v(x, t, ∅)) on the tape. */
    default Variable forward(Tape tape, Variable x, Variable t) {
        return forward(tape, x, t, null);
    }

    /** v(x, t) for one time shared by every row, without recording (ODE right-hand sides). */
    default Tensor evaluate(Tape inference, Tensor x, float t) {
        return evaluate(inference, x, t, null);
    }

    /** v(x, t, c) for one time shared by every row, without recording; c (N, C) or null for ∅. */
    default Tensor evaluate(Tape inference, Tensor x, float t, Tensor condition) {
        Tensor time = inference.allocate(Shape.matrix(x.rows(), 1));
        inference.backend().fill(time, t);
        return forward(
                        inference,
                        inference.constant(x),
                        inference.constant(time),
                        condition == null ? null : inference.constant(condition))
                .value();
    }
}
