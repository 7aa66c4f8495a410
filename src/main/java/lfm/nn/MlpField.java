package lfm.nn;

import java.util.List;
import lfm.autograd.Functions;
import lfm.autograd.Tape;
import lfm.autograd.Variable;
import lfm.random.RandomStream;
import lfm.tensor.TensorArena;

/**
 * v(x, t): an {@link Mlp} on [time input | x], where the time input is t itself or its sinusoidal
 * embedding. x (N, D), t (N, 1) → v (N, D). Parameters are named "net.*" like the authors' PyTorch
 * model ({@code CNF.net}).
 */
public final class MlpField implements VelocityField {
    private final FieldConfig config;
    private final Mlp net;

    public MlpField(FieldConfig config, TensorArena arena, RandomStream random) {
        this.config = config;
        this.net = new Mlp("net", config.inputWidth(), config.width(), config.depth(), config.dimension(),
                config.activation(), arena, random);
    }

    @Override
    public int dimension() {
        return config.dimension();
    }

    /** v(x, t) on the tape. x (N, D), t (N, 1). */
    @Override
    public Variable forward(Tape tape, Variable x, Variable t) {
        Variable time = config.timeFrequencies() == 0 ? t : Functions.timeEmbedding(tape, t, config.timeFrequencies());
        return net.forward(tape, Functions.concatColumns(tape, time, x));
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
