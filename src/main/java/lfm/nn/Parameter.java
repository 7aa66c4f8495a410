package lfm.nn;

import lfm.backend.Backend;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;

/**
 * A trainable tensor with its gradient, both persistent (allocated once in the model's arena). The
 * name follows PyTorch's state-dict naming ("net.0.weight") so checkpoints read the same in both.
 */
public final class Parameter {
    private final String name;
    private final Tensor value;
    private final Tensor grad;

    public Parameter(String name, Shape shape, TensorArena arena) {
        this.name = name;
        this.value = arena.allocate(shape);
        this.grad = arena.allocate(shape);
        value.backend().fill(grad, 0f);
    }

    public String name() {
        return name;
    }

    public Tensor value() {
        return value;
    }

    public Tensor grad() {
        return grad;
    }

    public Backend backend() {
        return value.backend();
    }

    public void zeroGrad() {
        backend().fill(grad, 0f);
    }
}
