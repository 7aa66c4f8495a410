package lfm.config;

import lfm.backend.Activation;
import lfm.nn.ConditionInput;
import lfm.nn.FieldConfig;
import lfm.nn.MlpField;
import lfm.nn.VelocityField;
import lfm.random.RandomStream;
import lfm.tensor.TensorArena;

/**
 * A multilayer perceptron on [time input | x] (the authors' network; a conditional run appends c): {@code depth} hidden layers of
 * {@code width} units with {@code activation}; t enters as one raw column ({@code timeFrequencies} = 0)
 * or as a sinusoidal embedding with that many frequencies.
 *
 * @param width           units per hidden layer (--hidden)
 * @param depth           hidden layers (--depth)
 * @param activation      softplus[:β] | relu | silu | elu[:α] | tanh | identity (--activation)
 * @param timeFrequencies sinusoidal time frequencies K, 0 = raw t (--time-embedding)
 */
public record MlpSpec(int width, int depth, String activation, int timeFrequencies) implements ModelSpec {

    public MlpSpec {
        if (width < 1 || depth < 1) {
            throw new IllegalArgumentException("width and depth must be ≥ 1, got " + width + " and " + depth);
        }
        if (timeFrequencies < 0) {
            throw new IllegalArgumentException("time frequencies must be ≥ 0, got " + timeFrequencies);
        }
        Activation.parse(activation);
    }

    /** 3 hidden layers of 128 Softplus(β = 20) units, raw t. */
    public static MlpSpec defaults() {
        return new MlpSpec(128, 3, "softplus:20", 0);
    }

    public MlpSpec withWidth(int width) {
        return new MlpSpec(width, depth, activation, timeFrequencies);
    }

    public MlpSpec withDepth(int depth) {
        return new MlpSpec(width, depth, activation, timeFrequencies);
    }

    public MlpSpec withActivation(String activation) {
        return new MlpSpec(width, depth, activation, timeFrequencies);
    }

    public MlpSpec withTimeFrequencies(int timeFrequencies) {
        return new MlpSpec(width, depth, activation, timeFrequencies);
    }

    /** The network's shape for data of {@code dimension} coordinates. */
    public FieldConfig fieldConfig(int dimension) {
        return new FieldConfig(dimension, width, depth, Activation.parse(activation), timeFrequencies);
    }

    @Override
    public VelocityField newField(int dimension, ConditionInput condition, TensorArena arena, RandomStream random) {
        return new MlpField(fieldConfig(dimension).withCondition(condition), arena, random);
    }

    @Override
    public String describe() {
        return depth + "×" + width + " " + activation;
    }
}
