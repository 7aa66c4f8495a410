package lfm.nn;

import java.util.List;
import lfm.autograd.Functions;
import lfm.autograd.Tape;
import lfm.autograd.Variable;
import lfm.backend.Activation;
import lfm.random.Distributions;
import lfm.random.RandomKey;
import lfm.random.RandomStream;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;

/**
 * y = act(x·Wᵀ + b), weight (out, in), bias (1, out). Initialised as PyTorch's nn.Linear:
 * W, b ~ U(−1/√in, 1/√in) (Kaiming-uniform with a = √5 reduces to this bound).
 */
public final class Linear implements Module {
    private final Parameter weight;
    private final Parameter bias;

    public Linear(String prefix, int inputs, int outputs, TensorArena arena, RandomStream random) {
        this.weight = new Parameter(prefix + ".weight", Shape.matrix(outputs, inputs), arena);
        this.bias = new Parameter(prefix + ".bias", Shape.matrix(1, outputs), arena);
        double bound = 1 / Math.sqrt(inputs);
        initUniform(weight.value(), bound, random.next());
        initUniform(bias.value(), bound, random.next());
    }

    private static void initUniform(Tensor tensor, double bound, RandomKey key) {
        float[] values = new float[Math.toIntExact(tensor.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) ((2 * Distributions.uniform(key, i) - 1) * bound);
        }
        tensor.backend().fromHost(values, tensor);
    }

    public Variable forward(Tape tape, Variable x, Activation activation) {
        return Functions.dense(tape, x, tape.parameter(weight), tape.parameter(bias), activation);
    }

    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }

    public int inputs() {
        return weight.value().cols();
    }

    public int outputs() {
        return weight.value().rows();
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight, bias);
    }
}
