package lfm.flow;

import lfm.autograd.Tape;
import lfm.backend.Backend;
import lfm.flow.ode.Dynamics;
import lfm.nn.VelocityField;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;

/**
 * dx/dt = v(x, t) for a trained velocity field, evaluated without recording. The network's
 * intermediates live in this object's arena, which is reset after every evaluation.
 */
public final class FieldDynamics implements Dynamics, AutoCloseable {
    private final VelocityField field;
    private final Backend backend;
    private final TensorArena scratch;

    public FieldDynamics(VelocityField field, Backend backend) {
        this.field = field;
        this.backend = backend;
        this.scratch = backend.newArena("field-evaluation");
    }

    @Override
    public void evaluate(Tensor x, double t, Tensor out) {
        Tape tape = Tape.inference(backend, scratch);
        backend.copy(field.evaluate(tape, x, (float) t), out);
        scratch.reset();
    }

    @Override
    public void close() {
        scratch.close();
    }
}
