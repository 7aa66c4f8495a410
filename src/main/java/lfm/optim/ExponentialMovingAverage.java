package lfm.optim;

import java.util.ArrayList;
import java.util.List;
import lfm.nn.Module;
import lfm.nn.Parameter;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;

/**
 * EMA of weights: shadow ← shadow + (1 − decay)·(θ − shadow) after each step. The shadow starts as a
 * copy of the weights and can be copied into a module of the same architecture for sampling.
 */
public final class ExponentialMovingAverage {
    private final List<Parameter> parameters;
    private final List<Tensor> shadows = new ArrayList<>();
    private final float decay;

    public ExponentialMovingAverage(Module module, float decay, TensorArena arena) {
        if (!(decay >= 0 && decay < 1)) {
            throw new IllegalArgumentException("EMA decay must lie in [0, 1), got " + decay);
        }
        this.parameters = module.parameters();
        this.decay = decay;
        for (Parameter parameter : parameters) {
            Tensor shadow = arena.allocate(parameter.value().shape());
            parameter.backend().copy(parameter.value(), shadow);
            shadows.add(shadow);
        }
    }

    public void update() {
        update(decay);
    }

    /**
     * One update with another decay for this step only; decay 0 copies the weights into the shadow (what
     * the authors' image code does during the learning-rate warm-up).
     */
    public void update(float stepDecay) {
        for (int i = 0; i < parameters.size(); i++) {
            Parameter parameter = parameters.get(i);
            parameter.backend().lerp(shadows.get(i), parameter.value(), 1 - stepDecay);
        }
    }

    /** Writes the averaged weights into {@code target} (same architecture). */
    public void copyTo(Module target) {
        List<Parameter> destination = target.parameters();
        for (int i = 0; i < shadows.size(); i++) {
            destination.get(i).backend().copy(shadows.get(i), destination.get(i).value());
        }
    }

    public List<Tensor> shadows() {
        return shadows;
    }

    public float decay() {
        return decay;
    }
}
