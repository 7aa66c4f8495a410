package lfm.likelihood;

import lfm.backend.Backend;
import lfm.random.Distributions;
import lfm.random.RandomKey;
import lfm.tensor.Tensor;

/**
 * The directions u the trace is taken along, for N rows, stacked (k·N, D): row b·N + i is direction b
 * of point i. For the exact trace the D unit vectors (k = D, tr J = Σ_d e_dᵀ J e_d); for Hutchinson the
 * K fixed probes (k = K, tr J ≈ (1/K) Σ_b u_bᵀ J u_b). Probe b of the point with global index p (the
 * first row is point {@code firstPoint}) is element ((p·K + b)·D + d) of the probe draw, so a point's
 * probes do not depend on how the points are chunked.
 */
final class TraceDirections {
    private TraceDirections() {}

    /** The directions as (k·N, D) row-major values. */
    static float[] values(Divergence divergence, RandomKey probeKey, int rows, int dimension, long firstPoint) {
        int directions = divergence.directions(dimension);
        boolean exact = divergence.kind() == Divergence.Kind.EXACT;
        float[] values = new float[directions * rows * dimension];
        for (int b = 0; b < directions; b++) {
            for (int i = 0; i < rows; i++) {
                int row = b * rows + i;
                for (int d = 0; d < dimension; d++) {
                    long element = ((firstPoint + i) * directions + b) * dimension + d;
                    values[row * dimension + d] = exact ? (d == b ? 1f : 0f) : probe(divergence, probeKey, element);
                }
            }
        }
        return values;
    }

    /** The weight of each direction's uᵀ J u in the trace: 1 (exact) or 1/K (Hutchinson's mean). */
    static float weight(Divergence divergence) {
        return divergence.kind() == Divergence.Kind.EXACT ? 1f : 1f / divergence.probes();
    }

    /**
     * trace (N, 1) = Σ_b weight · products[b·N .. b·N + N): the per-direction uᵀ J u of
     * {@code products} (k·N, 1) summed over the k directions of each point.
     */
    static void sum(Backend backend, Tensor products, int n, float weight, Tensor trace) {
        int k = products.rows() / n;
        Tensor[] blocks = new Tensor[k];
        float[] weights = new float[k];
        for (int b = 0; b < k; b++) {
            blocks[b] = products.rowSlice(b * n, n);
            weights[b] = weight;
        }
        backend.combine(trace, null, weights, blocks);
    }

    private static float probe(Divergence divergence, RandomKey key, long index) {
        return divergence.probe() == Divergence.Probe.GAUSSIAN
                ? Distributions.normal(key, index)
                : (Distributions.uniform(key, index) < 0.5f ? -1f : 1f);
    }
}
