package lfm.policy.bc;

import lfm.backend.Activation;

/**
 * Training settings of a behaviour-cloning regressor.
 *
 * @param width        hidden units per layer
 * @param depth        hidden layers
 * @param activation   hidden activation ("relu", "softplus:β", ...)
 * @param steps        Adam steps
 * @param batch        rows per step
 * @param learningRate initial rate, decayed to 1% by a cosine over the run
 * @param seed         initial weights and batch draws
 */
public record RegressionConfig(
        int width, int depth, String activation, long steps, int batch, double learningRate, long seed) {

    public RegressionConfig {
        if (width < 1 || depth < 1 || steps < 1 || batch < 1) {
            throw new IllegalArgumentException("width, depth, steps and batch must be ≥ 1");
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("--lr must be > 0, got " + learningRate);
        }
        Activation.parse(activation);
    }
}
