package lfm.policy;

import lfm.data.DataMatrix;

/**
 * What the networks of a policy see of the observation history: the latest observation and the changes
 * between consecutive observations, newest first,
 * <pre>
 *   [o_{i−h+1}, …, o_{i−1}, o_i]   →   [o_i, o_i − o_{i−1}, o_{i−1} − o_{i−2}, …]      (h·O values either way)
 * </pre>
 * The same information, but after the per-column standardisation the changes are on the scale of the
 * observations instead of one step's displacement (a few percent of it). On the reach task the change is
 * what tells the route already taken from the start of an episode (a zero change: the padded history),
 * where the two routes are still equally likely; given raw histories the networks blur the two cases and
 * draw chunks between the routes (benchmarks/RESULTS.md).
 */
public final class ConditionEncoding {
    private ConditionEncoding() {
    }

    /** histories (N, h·O), oldest observation first → encoded conditions (N, h·O). */
    public static DataMatrix encode(DataMatrix histories, PolicyShape shape) {
        int history = shape.history();
        int size = shape.observationSize();
        if (histories.cols() != history * size) {
            throw new IllegalArgumentException("a condition has " + histories.cols() + " values; the policy expects "
                    + history + " observations of " + size);
        }
        float[] in = histories.values();
        float[] out = new float[in.length];
        for (int row = 0; row < histories.rows(); row++) {
            int base = row * history * size;
            int latest = base + (history - 1) * size;
            System.arraycopy(in, latest, out, base, size);
            for (int k = 1; k < history; k++) {
                // block k: o_{i−k+1} − o_{i−k}, i.e. history slot (h − k) minus slot (h − k − 1)
                int newer = base + (history - k) * size;
                int older = newer - size;
                for (int j = 0; j < size; j++) {
                    out[base + k * size + j] = in[newer + j] - in[older + j];
                }
            }
        }
        return new DataMatrix(histories.rows(), histories.cols(), out);
    }
}
