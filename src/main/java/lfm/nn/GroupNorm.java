package lfm.nn;

import java.util.List;
import lfm.autograd.ImageFunctions;
import lfm.autograd.Tape;
import lfm.autograd.Variable;
import lfm.backend.Activation;
import lfm.tensor.Shape;
import lfm.tensor.TensorArena;

/**
 * Group normalisation with a learned per-channel affine map (PyTorch's {@code nn.GroupNorm}: weight γ
 * initialised to 1, bias β to 0, both (C)), ε = 1e-5, optionally followed by an activation in the same
 * pass. Input (B·P, C): B samples of P pixels.
 */
public final class GroupNorm implements Module {
    /** PyTorch's default ε. */
    public static final float EPSILON = 1e-5f;

    private final Parameter weight;
    private final Parameter bias;
    private final int groups;

    public GroupNorm(String prefix, int channels, int groups, TensorArena arena) {
        if (groups < 1 || channels % groups != 0) {
            throw new IllegalArgumentException(
                    prefix + ": " + channels + " channels do not split into " + groups + " groups");
        }
        this.weight = new Parameter(prefix + ".weight", Shape.of(channels), arena);
        this.bias = new Parameter(prefix + ".bias", Shape.of(channels), arena);
        this.groups = groups;
        weight.backend().fill(weight.value(), 1f);
        bias.backend().fill(bias.value(), 0f);
    }

    /** act(GroupNorm(x)); x (B·P, C). */
    public Variable forward(Tape tape, Variable x, int batch, Activation activation) {
        return ImageFunctions.groupNorm(
                tape, x, tape.parameter(weight), tape.parameter(bias), batch, groups, EPSILON, activation);
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight, bias);
    }
}
