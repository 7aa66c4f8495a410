package lfm.autograd;

import lfm.backend.Activation;
import lfm.backend.Backend;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;

/**
 * The differentiable ops. Each computes its value through the backend and records a backward step
 * that accumulates into the gradients of the inputs that need one. Shapes are written as (rows, cols).
 */
public final class Functions {
    private Functions() {}

    /**
     * Dense layer y = act(x·Wᵀ + b), the fused building block of every MLP. x (N, in), weight (out, in)
     * as in PyTorch, bias (1, out) or null. Backward: g = dy ⊙ act'(pre) (in place in dy's buffer),
     * db += Σ_rows g, dW += gᵀ·x, dx += g·W.
     */
    public static Variable dense(Tape tape, Variable x, Variable weight, Variable bias, Activation activation) {
        Backend backend = tape.backend();
        int rows = x.rows();
        int outputs = weight.rows();
        Tensor pre = tape.allocateLike(Shape.matrix(rows, outputs), x.value());
        boolean identity = activation.kind() == Activation.Kind.IDENTITY;
        Tensor out = identity ? pre : tape.allocateLike(pre.shape(), pre);
        backend.denseForward(x.value(), weight.value(), bias == null ? null : bias.value(), activation, pre, out);
        Variable result = tape.result(out, x, weight, bias);
        tape.record(result, () -> {
            Tensor gradPre = result.grad();
            Tensor gradBias = bias != null && bias.requiresGrad() ? tape.gradOf(bias) : null;
            backend.activationBackward(pre, out, gradPre, activation, gradPre, gradBias);
            if (weight.requiresGrad()) {
                backend.matmul(gradPre, true, x.value(), false, tape.gradOf(weight), 1f, 1f);
            }
            if (x.requiresGrad()) {
                backend.matmul(gradPre, false, weight.value(), false, tape.gradOf(x), 1f, 1f);
            }
        });
        return result;
    }

    /** y = act(x), standalone (the dense layer fuses it; this is for other uses). */
    public static Variable activation(Tape tape, Variable x, Activation activation) {
        Backend backend = tape.backend();
        Tensor pre = tape.allocateLike(x.value().shape(), x.value());
        backend.copy(x.value(), pre);
        Tensor out = tape.allocateLike(x.value().shape(), x.value());
        backend.biasActivation(pre, null, activation, out);
        Variable result = tape.result(out, x);
        tape.record(result, () -> {
            Tensor gradPre = tape.allocateLike(pre.shape(), pre);
            backend.activationBackward(pre, out, result.grad(), activation, gradPre, null);
            backend.axpy(1f, gradPre, tape.gradOf(x));
        });
        return result;
    }

    /** c = op(a)·op(b). Backward: da += dc·op(b)ᵀ (transposed back if a was), db likewise. */
    public static Variable matmul(Tape tape, Variable a, boolean transposeA, Variable b, boolean transposeB) {
        Backend backend = tape.backend();
        int m = transposeA ? a.cols() : a.rows();
        int n = transposeB ? b.rows() : b.cols();
        Tensor c = tape.allocateLike(Shape.matrix(m, n), a.value());
        backend.matmul(a.value(), transposeA, b.value(), transposeB, c, 1f, 0f);
        Variable result = tape.result(c, a, b);
        tape.record(result, () -> {
            Tensor gradC = result.grad();
            if (a.requiresGrad()) {
                // a' = op(a): da' = dc·op(b)ᵀ; a = a' or a'ᵀ.
                if (transposeA) {
                    backend.matmul(b.value(), transposeB, gradC, true, tape.gradOf(a), 1f, 1f);
                } else {
                    backend.matmul(gradC, false, b.value(), !transposeB, tape.gradOf(a), 1f, 1f);
                }
            }
            if (b.requiresGrad()) {
                // b' = op(b): db' = op(a)ᵀ·dc.
                if (transposeB) {
                    backend.matmul(gradC, true, a.value(), transposeA, tape.gradOf(b), 1f, 1f);
                } else {
                    backend.matmul(a.value(), !transposeA, gradC, false, tape.gradOf(b), 1f, 1f);
                }
            }
        });
        return result;
    }

    /** c = a + b (same shapes). */
    public static Variable add(Tape tape, Variable a, Variable b) {
        Backend backend = tape.backend();
        Tensor c = tape.allocateLike(a.value().shape(), a.value());
        backend.add(a.value(), b.value(), c);
        Variable result = tape.result(c, a, b);
        tape.record(result, () -> {
            if (a.requiresGrad()) {
                backend.axpy(1f, result.grad(), tape.gradOf(a));
            }
            if (b.requiresGrad()) {
                backend.axpy(1f, result.grad(), tape.gradOf(b));
            }
        });
        return result;
    }

    /** c = a ⊙ b (same shapes). Backward: da += dc ⊙ b, db += dc ⊙ a. */
    public static Variable multiply(Tape tape, Variable a, Variable b) {
        Backend backend = tape.backend();
        Tensor c = tape.allocateLike(a.value().shape(), a.value());
        backend.multiply(a.value(), b.value(), c);
        Variable result = tape.result(c, a, b);
        tape.record(result, () -> {
            Tensor scratch = tape.allocateLike(c.shape(), c);
            if (a.requiresGrad()) {
                backend.multiply(result.grad(), b.value(), scratch);
                backend.axpy(1f, scratch, tape.gradOf(a));
            }
            if (b.requiresGrad()) {
                backend.multiply(result.grad(), a.value(), scratch);
                backend.axpy(1f, scratch, tape.gradOf(b));
            }
        });
        return result;
    }

    /** c = s·a. */
    public static Variable scale(Tape tape, Variable a, float s) {
        Backend backend = tape.backend();
        Tensor c = tape.allocateLike(a.value().shape(), a.value());
        backend.scale(a.value(), s, c);
        Variable result = tape.result(c, a);
        tape.record(result, () -> backend.axpy(s, result.grad(), tape.gradOf(a)));
        return result;
    }

    /** (1, 1) sum of every element. Backward: da += dc (broadcast). */
    public static Variable sum(Tape tape, Variable a) {
        return reduce(tape, a, 1f);
    }

    /** (1, 1) mean of every element. */
    public static Variable mean(Tape tape, Variable a) {
        return reduce(tape, a, 1f / a.value().size());
    }

    private static Variable reduce(Tape tape, Variable a, float factor) {
        Backend backend = tape.backend();
        Tensor c = tape.allocateLike(Shape.scalar(), a.value());
        backend.sum(a.value(), c, false);
        if (factor != 1f) {
            backend.scale(c, factor, c);
        }
        Variable result = tape.result(c, a);
        tape.record(result, () -> backend.addScalar(result.grad(), factor, tape.gradOf(a)));
        return result;
    }

    /** (1, 1) mean squared error over every element of prediction − target (target is constant). */
    public static Variable mse(Tape tape, Variable prediction, Variable target) {
        Backend backend = tape.backend();
        Tensor loss = tape.allocateLike(Shape.scalar(), prediction.value());
        backend.mseForward(prediction.value(), target.value(), loss);
        Variable result = tape.result(loss, prediction);
        tape.record(
                result,
                () -> backend.mseBackward(prediction.value(), target.value(), result.grad(), tape.gradOf(prediction)));
        return result;
    }

    /** [left | right] column-wise. */
    public static Variable concatColumns(Tape tape, Variable left, Variable right) {
        Backend backend = tape.backend();
        Tensor out = tape.allocateLike(Shape.matrix(left.rows(), left.cols() + right.cols()), left.value());
        backend.concatColumns(left.value(), right.value(), out);
        Variable result = tape.result(out, left, right);
        tape.record(result, () -> {
            // When neither side has a gradient yet, the split overwrites fresh tensors (no zero fill).
            boolean accumulate = left.grad() != null || right.grad() != null;
            backend.splitColumns(
                    result.grad(), target(tape, left, accumulate), target(tape, right, accumulate), accumulate);
        });
        return result;
    }

    private static Tensor target(Tape tape, Variable side, boolean accumulate) {
        if (!side.requiresGrad()) {
            return null;
        }
        return accumulate ? tape.gradOf(side) : tape.gradForWrite(side);
    }

    /** Sinusoidal embedding of t (N, 1) into (N, 2K). */
    public static Variable timeEmbedding(Tape tape, Variable t, int frequencies) {
        Backend backend = tape.backend();
        Tensor out = tape.allocateLike(Shape.matrix(t.rows(), 2 * frequencies), t.value());
        backend.timeEmbedding(t.value(), out);
        Variable result = tape.result(out, t);
        tape.record(result, () -> backend.timeEmbeddingBackward(t.value(), result.grad(), tape.gradOf(t), true));
        return result;
    }
}
