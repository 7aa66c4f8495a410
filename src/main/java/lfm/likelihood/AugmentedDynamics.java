package lfm.likelihood;

import lfm.backend.Backend;
import lfm.flow.ode.Dynamics;
import lfm.nn.MlpField;
import lfm.random.Distributions;
import lfm.random.RandomKey;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;

/**
 * The change-of-variables ODE of one block on the augmented state [x | ℓ] (N, D + 1):
 * <pre>
 *   dx/dt = v(x, t[, c])        dℓ/dt = tr ∂v/∂x (x, t[, c])
 * </pre>
 * so that integrating t: 0 → 1 from ℓ = 0 adds ∫ tr J dt to ℓ. For a conditional field every row keeps
 * its own condition c, fixed along the flow. The tangent directions (the D unit
 * vectors, or K fixed Hutchinson probes) are built once for the N rows this instance serves. Probe k of
 * the point with global index i (the instance's first row is point {@code firstPoint}) is element
 * ((i·K + k)·D + d) of the probe draw, so a point's probes do not depend on how the points are chunked.
 */
final class AugmentedDynamics implements Dynamics, AutoCloseable {
    private final MlpField field;
    private final Divergence divergence;
    private final Backend backend;
    private final int dimension;
    private final TensorArena fixed;
    private final TensorArena scratch;
    private final Tensor inputTangents; // (k·N, in)
    private final Tensor probes; // (K·N, D) for Hutchinson, null for exact
    private final Tensor conditions; // (N, C) or null

    /** @param conditions the rows' conditions (N, C), or null for an unconditional field */
    AugmentedDynamics(
            MlpField field, Divergence divergence, int rows, RandomKey probeKey, long firstPoint, Tensor conditions) {
        this.field = field;
        this.conditions = conditions;
        this.divergence = divergence;
        this.backend = field.net().layers().get(0).weight().backend();
        this.dimension = field.config().dimension();
        this.fixed = backend.newArena("divergence-tangents");
        this.scratch = backend.newArena("divergence-step");
        int directions = divergence.directions(dimension);
        int inputs = field.config().inputWidth();
        int timeColumns = field.config().timeColumns();
        float[] tangentValues = new float[directions * rows * inputs];
        float[] probeValues =
                divergence.kind() == Divergence.Kind.EXACT ? null : new float[directions * rows * dimension];
        for (int block = 0; block < directions; block++) {
            for (int i = 0; i < rows; i++) {
                long row = (long) block * rows + i;
                for (int d = 0; d < dimension; d++) {
                    long element = ((firstPoint + i) * directions + block) * dimension + d;
                    float value = probeValues == null ? (d == block ? 1f : 0f) : probe(probeKey, element);
                    tangentValues[(int) (row * inputs + timeColumns + d)] = value;
                    if (probeValues != null) {
                        probeValues[(int) (row * dimension + d)] = value;
                    }
                }
            }
        }
        inputTangents = fixed.allocate(Shape.matrix(directions * rows, inputs));
        backend.fromHost(tangentValues, inputTangents);
        if (probeValues != null) {
            probes = fixed.allocate(Shape.matrix(directions * rows, dimension));
            backend.fromHost(probeValues, probes);
        } else {
            probes = null;
        }
    }

    private float probe(RandomKey key, long index) {
        return divergence.probe() == Divergence.Probe.GAUSSIAN
                ? Distributions.normal(key, index)
                : (Distributions.uniform(key, index) < 0.5f ? -1f : 1f);
    }

    @Override
    public void evaluate(Tensor state, double t, Tensor out) {
        int n = state.rows();
        Tensor x = scratch.allocate(Shape.matrix(n, dimension));
        backend.splitColumns(state, x, null, false);
        Tensor velocity = scratch.allocate(Shape.matrix(n, dimension));
        Tensor jacobianTangents = TangentForward.evaluate(field, x, t, conditions, inputTangents, velocity, scratch);
        Tensor trace = scratch.allocate(Shape.matrix(n, 1));
        if (probes == null) {
            backend.stackedDiagonal(jacobianTangents, 1f, trace, false);
        } else {
            // εᵀ J ε for each probe row, then the mean over the K probes of each point.
            Tensor products = scratch.allocate(Shape.matrix(probes.rows(), 1));
            backend.rowDot(probes, jacobianTangents, 1f, products, false);
            int k = divergence.probes();
            Tensor[] blocks = new Tensor[k];
            float[] weights = new float[k];
            for (int b = 0; b < k; b++) {
                blocks[b] = products.rowSlice(b * n, n);
                weights[b] = 1f / k;
            }
            backend.combine(trace, null, weights, blocks);
        }
        backend.concatColumns(velocity, trace, out);
        scratch.reset();
    }

    @Override
    public void close() {
        scratch.close();
        fixed.close();
    }
}
