package lfm.nn;

import lfm.autograd.Tape;
import lfm.autograd.Variable;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;

/**
 * A learned velocity field v(x, t) of one flow block: x (N, D), t (N, 1) → v (N, D). Everything that
 * trains, pushes, samples or distils a block sees only this contract, so any network (an MLP on
 * vectors, a convolutional network on images) can be a block.
 */
public interface VelocityField extends Module {

    /** D, the number of coordinates of x and of v. */
    int dimension();

    /** v(x, t) on the tape. x (N, D), t (N, 1) → (N, D). */
    Variable forward(Tape tape, Variable x, Variable t);

    /** v(x, t) for one time shared by every row, without recording (ODE right-hand sides). */
    default Tensor evaluate(Tape inference, Tensor x, float t) {
        Tensor time = inference.allocate(Shape.matrix(x.rows(), 1));
        inference.backend().fill(time, t);
        return forward(inference, inference.constant(x), inference.constant(time)).value();
    }
}
