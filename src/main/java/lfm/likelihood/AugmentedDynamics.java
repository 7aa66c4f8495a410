package lfm.likelihood;

import lfm.backend.Backend;
import lfm.nn.MlpField;
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
 * its own condition c, fixed along the flow. The tangent directions ({@link TraceDirections}: the D unit
 * vectors, or K fixed Hutchinson probes) are built once for the N rows this instance serves and pushed
 * through the MLP in forward mode ({@link TangentForward}); {@link ReverseModeDynamics} does the same for
 * any other field by vector–Jacobian products.
 */
final class AugmentedDynamics implements LogDensity.DivergenceDynamics {
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
        float[] directionValues = TraceDirections.values(divergence, probeKey, rows, dimension, firstPoint);
        float[] tangentValues = new float[directions * rows * inputs];
        for (int row = 0; row < directions * rows; row++) {
            System.arraycopy(directionValues, row * dimension, tangentValues, row * inputs + timeColumns, dimension);
        }
        inputTangents = fixed.allocate(Shape.matrix(directions * rows, inputs));
        backend.fromHost(tangentValues, inputTangents);
        if (divergence.kind() == Divergence.Kind.HUTCHINSON) {
            probes = fixed.allocate(Shape.matrix(directions * rows, dimension));
            backend.fromHost(directionValues, probes);
        } else {
            probes = null;
        }
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
            TraceDirections.sum(backend, products, n, TraceDirections.weight(divergence), trace);
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
