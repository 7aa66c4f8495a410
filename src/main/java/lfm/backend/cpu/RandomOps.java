package lfm.backend.cpu;

import lfm.backend.Backend;
import lfm.backend.Checks;
import lfm.flow.Interpolant;
import lfm.random.RandomKey;
import lfm.tensor.Tensor;

/**
 * Random draws and the flow-matching path sample of the CPU backend: {@link RandomKernels} and
 * {@link FlowKernels}, equal to the reference's draws bit for bit.
 */
final class RandomOps extends CpuOperands {
    private final RandomKernels random;
    private final FlowKernels flow;

    RandomOps(Backend backend, RandomKernels random, FlowKernels flow) {
        super(backend);
        this.random = random;
        this.flow = flow;
    }

    public void fillUniform(Tensor out, RandomKey key) {
        random.uniform(data(out), out.size(), key);
    }

    public void fillNormal(Tensor out, RandomKey key) {
        random.normal(data(out), out.size(), key);
    }

    public void fillBeta(Tensor out, double a, double b, RandomKey key) {
        if (!(a > 0 && b > 0)) {
            throw new IllegalArgumentException("fillBeta: a and b must be > 0, got " + a + ", " + b);
        }
        random.beta(data(out), out.size(), a, b, key);
    }

    public void gatherRandomRows(Tensor source, RandomKey key, Tensor out) {
        if (source.cols() != out.cols()) {
            throw new IllegalArgumentException("gatherRandomRows: " + source.shape() + " into " + out.shape());
        }
        if (source.rows() == 0 && out.rows() > 0) {
            throw new IllegalArgumentException("gatherRandomRows: no rows to draw from");
        }
        random.gatherRows(data(source), source.rows(), source.cols(), key, data(out), out.rows());
    }

    public void pathSample(
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
        flow.pathSample(
                data(xLeft),
                data(t),
                xLeft.rows(),
                xLeft.cols(),
                shrink,
                noiseScale,
                interpolant,
                noiseKey,
                data(xt),
                data(target));
    }
}
