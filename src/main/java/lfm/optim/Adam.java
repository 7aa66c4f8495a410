package lfm.optim;

import java.util.ArrayList;
import java.util.List;
import lfm.backend.AdamStep;
import lfm.nn.Parameter;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;

/**
 * Adam / AdamW over a fixed list of parameters. The moments live in the optimiser's arena; each step
 * is one fused backend update per parameter tensor, so nothing leaves the device.
 */
public final class Adam {
    private final List<Parameter> parameters;
    private final AdamConfig config;
    private final List<Tensor> firstMoments = new ArrayList<>();
    private final List<Tensor> secondMoments = new ArrayList<>();
    private long steps;

    public Adam(List<Parameter> parameters, AdamConfig config, TensorArena arena) {
        this.parameters = List.copyOf(parameters);
        this.config = config;
        for (Parameter parameter : parameters) {
            Tensor m = arena.allocate(parameter.value().shape());
            Tensor v = arena.allocate(parameter.value().shape());
            parameter.backend().fill(m, 0f);
            parameter.backend().fill(v, 0f);
            firstMoments.add(m);
            secondMoments.add(v);
        }
    }

    /** One update with the given learning rate; the step counter advances first (it starts at 1). */
    public void step(double learningRate) {
        steps++;
        AdamStep hyper = new AdamStep(
                (float) learningRate,
                config.beta1(),
                config.beta2(),
                config.epsilon(),
                config.weightDecay(),
                config.decoupled(),
                steps);
        for (int i = 0; i < parameters.size(); i++) {
            Parameter parameter = parameters.get(i);
            parameter
                    .backend()
                    .adamUpdate(parameter.value(), parameter.grad(), firstMoments.get(i), secondMoments.get(i), hyper);
        }
    }

    /** Steps taken so far (checkpointed with the moments). */
    public long steps() {
        return steps;
    }

    /** Restores the step counter (after loading the moments). */
    public void setSteps(long steps) {
        this.steps = steps;
    }

    public List<Tensor> firstMoments() {
        return firstMoments;
    }

    public List<Tensor> secondMoments() {
        return secondMoments;
    }

    public AdamConfig config() {
        return config;
    }
}
