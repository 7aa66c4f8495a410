package lfm.backend.reference;

import static lfm.backend.reference.Elements.get;
import static lfm.backend.reference.Elements.set;

import lfm.backend.Checks;
import lfm.flow.Interpolant;
import lfm.random.Distributions;
import lfm.random.RandomKey;
import lfm.tensor.Tensor;

/**
 * The reference backend's random draws and flow-matching path sample: element i of a draw is the
 * counter-based (Philox) draw number i of the key, which the fast backends reproduce bit for bit.
 */
final class RandomLoops {
    private RandomLoops() {}

    static void fillUniform(Tensor out, RandomKey key) {
        for (long i = 0; i < out.size(); i++) {
            set(out, i, Distributions.uniform(key, i));
        }
    }

    static void fillNormal(Tensor out, RandomKey key) {
        for (long i = 0; i < out.size(); i++) {
            set(out, i, Distributions.normal(key, i));
        }
    }

    static void fillBeta(Tensor out, double a, double b, RandomKey key) {
        for (long i = 0; i < out.size(); i++) {
            set(out, i, Distributions.beta(key, i, a, b));
        }
    }

    static void gatherRandomRows(Tensor source, RandomKey key, Tensor out) {
        if (source.cols() != out.cols()) {
            throw new IllegalArgumentException("gatherRandomRows: " + source.shape() + " into " + out.shape());
        }
        for (int i = 0; i < out.rows(); i++) {
            int row = Distributions.uniformIndex(key, i, source.rows());
            for (int j = 0; j < out.cols(); j++) {
                set(out, i, j, get(source, row, j));
            }
        }
    }

    static void pathSample(
            Tensor xLeft,
            Tensor t,
            float shrink,
            float noiseScale,
            Interpolant interpolant,
            RandomKey noiseKey,
            Tensor xt,
            Tensor target) {
        Checks.column("pathSample", t, xLeft.rows());
        Checks.sameMatrix("pathSample", xLeft, xt);
        Checks.sameMatrix("pathSample", xLeft, target);
        int cols = xLeft.cols();
        for (int i = 0; i < xLeft.rows(); i++) {
            double time = get(t, i);
            double alpha = interpolant.alpha(time), sigma = interpolant.sigma(time);
            double alphaDot = interpolant.alphaDot(time), sigmaDot = interpolant.sigmaDot(time);
            for (int j = 0; j < cols; j++) {
                long index = (long) i * cols + j;
                double left = get(xLeft, index);
                double right = shrink * left + noiseScale * Distributions.normal(noiseKey, index);
                set(xt, index, alpha * left + sigma * right);
                set(target, index, alphaDot * left + sigmaDot * right);
            }
        }
    }
}
