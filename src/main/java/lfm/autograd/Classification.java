package lfm.autograd;

import lfm.backend.Backend;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;

/** Losses of classifiers. */
public final class Classification {
    private Classification() {}

    /**
     * (1, 1) mean softmax cross-entropy of logits z (N, K) against one-hot targets y (N, K), constant:
     * L = −(1/N) Σ_i log softmax(z_i)·y_i, with ∂L/∂z = (softmax(z) − y)/N. The probabilities come from the
     * backend's row softmax; the N logarithms of the value are taken on the host (one copy of N floats), the
     * gradient stays on the backend.
     */
    public static Variable softmaxCrossEntropy(Tape tape, Variable logits, Tensor oneHot) {
        Backend backend = tape.backend();
        int rows = logits.rows();
        Tensor probabilities = tape.allocateLike(logits.value().shape(), logits.value());
        backend.softmaxRows(logits.value(), probabilities);
        Tensor chosen = tape.allocateLike(Shape.matrix(rows, 1), logits.value());
        backend.rowDot(probabilities, oneHot, 1f, chosen, false);
        double total = 0;
        for (double p : backend.toHostDoubles(chosen)) {
            total -= Math.log(Math.max(p, Double.MIN_NORMAL));
        }
        Tensor loss = tape.allocateLike(Shape.scalar(), logits.value());
        backend.fromHost(new double[] {total / rows}, loss);
        Variable result = tape.result(loss, logits);
        tape.record(result, () -> {
            float upstream = (float) (backend.toHostDoubles(result.grad())[0] / rows);
            Tensor gradient = tape.gradOf(logits);
            backend.axpy(upstream, probabilities, gradient);
            backend.axpy(-upstream, oneHot, gradient);
        });
        return result;
    }
}
