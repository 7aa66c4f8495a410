package lfm.autograd;

import lfm.tensor.Tensor;

/**
 * A value on the tape: a tensor and, when it takes part in differentiation, the tensor its gradient
 * accumulates into. Gradients of intermediates are allocated (zeroed) on first use in the tape's
 * arena; a parameter's gradient is its own persistent tensor.
 */
public final class Variable {
    private final Tensor value;
    private final boolean requiresGrad;
    private Tensor grad;

    Variable(Tensor value, boolean requiresGrad, Tensor grad) {
        this.value = value;
        this.requiresGrad = requiresGrad;
        this.grad = grad;
    }

    public Tensor value() {
        return value;
    }

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** The gradient tensor, or null while nothing has flowed into it. */
    public Tensor grad() {
        return grad;
    }

    void setGrad(Tensor grad) {
        this.grad = grad;
    }

    public int rows() {
        return value.rows();
    }

    public int cols() {
        return value.cols();
    }
}
