package lfm.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import lfm.autograd.DenseChain;
import lfm.autograd.Tape;
import lfm.autograd.Variable;
import lfm.backend.Activation;
import lfm.random.RandomStream;
import lfm.tensor.TensorArena;

/**
 * A multilayer perceptron: {@code depth} hidden layers of {@code width} units with the same activation,
 * then a linear output layer. Laid out like PyTorch's nn.Sequential(Linear, act, ..., Linear), so the
 * linear layers are named "{prefix}.0", "{prefix}.2", ... in checkpoints.
 */
public final class Mlp implements Module {
    private final List<Linear> layers = new ArrayList<>();
    private final Activation activation;

    public Mlp(
            String prefix,
            int inputs,
            int width,
            int depth,
            int outputs,
            Activation activation,
            TensorArena arena,
            RandomStream random) {
        if (depth < 1 || width < 1) {
            throw new IllegalArgumentException("an MLP needs depth ≥ 1 and width ≥ 1, got " + depth + "×" + width);
        }
        this.activation = activation;
        int in = inputs;
        for (int layer = 0; layer < depth; layer++) {
            layers.add(new Linear(prefix + "." + (2 * layer), in, width, arena, random));
            in = width;
        }
        layers.add(new Linear(prefix + "." + (2 * depth), in, outputs, arena, random));
    }

    /** y = the MLP applied to x (N, inputs), as one fused tape op ({@link DenseChain}). */
    public Variable forward(Tape tape, Variable x) {
        List<Variable> weights = new ArrayList<>(layers.size());
        List<Variable> biases = new ArrayList<>(layers.size());
        for (Linear layer : layers) {
            weights.add(tape.parameter(layer.weight()));
            biases.add(tape.parameter(layer.bias()));
        }
        return DenseChain.apply(tape, x, weights, biases, activation);
    }

    public List<Linear> layers() {
        return Collections.unmodifiableList(layers);
    }

    public Activation activation() {
        return activation;
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>();
        for (Linear layer : layers) {
            all.addAll(layer.parameters());
        }
        return all;
    }
}
