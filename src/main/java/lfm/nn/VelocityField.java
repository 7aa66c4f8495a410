package lfm.nn;

import java.util.List;
import lfm.autograd.Functions;
import lfm.autograd.Tape;
import lfm.autograd.Variable;
import lfm.random.RandomStream;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;

/**
 * v(x, t): an {@link Mlp} on [time input | x], where the time input is t itself or its sinusoidal
 * embedding. x (N, D), t (N, 1) → v (N, D). Parameters are named "net.*" like the authors' PyTorch
 * model ({@code CNF.net}).
 */
public final class VelocityField implements Module {
    private final FieldConfig config;
    private final Mlp net;

    public VelocityField(FieldConfig config, TensorArena arena, RandomStream random) {
        this.config = config;
        this.net = new Mlp("net", config.inputWidth(), config.width(), config.depth(), config.dimension(),
                config.activation(), arena, random);
    }

    /** v(x, t) on the tape. x (N, D), t (N, 1). */
    public Variable forward(Tape tape, Variable x, Variable t) {
        Variable time = config.timeFrequencies() == 0 ? t : Functions.timeEmbedding(tape, t, config.timeFrequencies());
        return net.forward(tape, Functions.concatColumns(tape, time, x));
    }

    /** v(x, t) for one time shared by every row, without recording (ODE right-hand sides). */
    public Tensor evaluate(Tape inference, Tensor x, float t) {
        Tensor time = inference.allocate(Shape.matrix(x.rows(), 1));
        inference.backend().fill(time, t);
        return forward(inference, inference.constant(x), inference.constant(time)).value();
    }

    public FieldConfig config() {
        return config;
    }

    public Mlp net() {
        return net;
    }

    @Override
    public List<Parameter> parameters() {
        return net.parameters();
    }
}
