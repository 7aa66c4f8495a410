package lfm.data.toy;

import lfm.data.PointSampler;

/**
 * The {@code rose-curve} data set (once called {@code rose}; not the paper's drawn rose): ink spread
 * uniformly (by arc length) along the rose curve r(θ) = R·cos(kθ) with k = 5 (five petals, traced once
 * for θ ∈ [0, π)) and R = 3.5, with Gaussian thickness σ = 0.1. Built as 2,000 short segments of equal
 * width, so each petal carries the same mass and the centre, where the petals meet, is not
 * over-weighted.
 */
final class RoseCurve {
    static final int PETALS = 5;
    static final double RADIUS = 3.5;
    static final double THICKNESS = 0.1;
    private static final int SEGMENTS = 2000;

    private RoseCurve() {}

    static PointSampler sampler() {
        SegmentMixture.Builder builder = new SegmentMixture.Builder();
        double previousX = RADIUS;
        double previousY = 0;
        for (int k = 1; k <= SEGMENTS; k++) {
            double theta = Math.PI * k / SEGMENTS;
            double r = RADIUS * Math.cos(PETALS * theta);
            double x = r * Math.cos(theta);
            double y = r * Math.sin(theta);
            builder.add(previousX, previousY, x, y, 1);
            previousX = x;
            previousY = y;
        }
        return builder.build(THICKNESS);
    }
}
