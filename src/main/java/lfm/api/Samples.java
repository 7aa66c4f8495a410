package lfm.api;

import lfm.data.DataMatrix;

/**
 * Generated points, in the data's own coordinates, and how they were made.
 *
 * @param points              (n, D), row-major
 * @param method              the solver spec (e.g. "dopri5:1.0E-5,1.0E-5") or "distilled (k evaluations)"
 * @param evaluationsPerPoint network evaluations each point cost (summed over the blocks)
 */
public record Samples(DataMatrix points, String method, long evaluationsPerPoint) {

    /** The points as one {@code float[]} per point. */
    public float[][] toArray() {
        float[][] rows = new float[points.rows()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = points.row(i);
        }
        return rows;
    }
}
