package lfm.flow.ode;

import lfm.backend.Backend;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;

/**
 * One explicit Runge–Kutta step on the backend, with its stage buffers (k₁..k_s, the stage state, the
 * new state and the error) allocated once per solve. Every combination x + h Σ a k is one
 * {@link Backend#combine} call, so a GPU runs each stage as one kernel.
 */
final class RungeKuttaStepper implements AutoCloseable {
    private final ButcherTableau tableau;
    private final Backend backend;
    private final TensorArena buffers;
    final Tensor[] k;
    final Tensor stageState;
    final Tensor next;
    final Tensor error;
    long evaluations;

    RungeKuttaStepper(ButcherTableau tableau, Tensor like) {
        this.tableau = tableau;
        this.backend = like.backend();
        this.buffers = backend.newArena("ode-stages");
        Shape shape = like.shape();
        this.k = new Tensor[tableau.stages()];
        for (int i = 0; i < k.length; i++) {
            k[i] = buffers.allocate(shape, like.dtype());
        }
        this.stageState = buffers.allocate(shape, like.dtype());
        this.next = buffers.allocate(shape, like.dtype());
        this.error = tableau.e() == null ? null : buffers.allocate(shape, like.dtype());
    }

    /**
     * Computes {@link #next} = x(t + h) (and {@link #error} if the tableau is embedded).
     *
     * @param firstStageReady k[0] already holds f(x, t) (first-same-as-last reuse)
     */
    void step(Dynamics dynamics, Tensor x, double t, double h, boolean firstStageReady) {
        for (int i = 0; i < k.length; i++) {
            if (i == 0) {
                if (!firstStageReady) {
                    evaluate(dynamics, x, t, k[0]);
                }
                continue;
            }
            if (tableau.fsal() && i == k.length - 1) {
                break; // the last FSAL stage is evaluated at `next`, below
            }
            combine(stageState, x, h, tableau.a()[i], i);
            evaluate(dynamics, stageState, t + tableau.c()[i] * h, k[i]);
        }
        combine(next, x, h, tableau.b(), tableau.fsal() ? k.length - 1 : k.length);
        if (tableau.fsal()) {
            evaluate(dynamics, next, t + h, k[k.length - 1]);
        }
        if (error != null) {
            combine(error, null, h, tableau.e(), k.length);
        }
    }

    /** After an accepted FSAL step, the last stage becomes the next step's first. */
    void shiftFirstSameAsLast() {
        Tensor last = k[k.length - 1];
        k[k.length - 1] = k[0];
        k[0] = last;
    }

    private void evaluate(Dynamics dynamics, Tensor state, double t, Tensor out) {
        dynamics.evaluate(state, t, out);
        evaluations++;
    }

    /** out = base + h Σ_{j<count} weights[j] k_j, skipping zero weights. */
    private void combine(Tensor out, Tensor base, double h, double[] weights, int count) {
        int used = 0;
        for (int j = 0; j < count && j < weights.length; j++) {
            if (weights[j] != 0) {
                used++;
            }
        }
        float[] coefficients = new float[used];
        Tensor[] terms = new Tensor[used];
        int slot = 0;
        for (int j = 0; j < count && j < weights.length; j++) {
            if (weights[j] != 0) {
                coefficients[slot] = (float) (h * weights[j]);
                terms[slot++] = k[j];
            }
        }
        backend.combine(out, base, coefficients, terms);
    }

    @Override
    public void close() {
        buffers.close();
    }
}
