package lfm.data.toy;

import lfm.data.PointSampler;

/**
 * The {@code branching-tree} data set (once called {@code tree}; not the paper's tree image): a trunk
 * that splits recursively into two thinner, shorter branches, seven levels deep (127 segments, 64
 * tips). Each child is 0.72 times as long and 0.62 times as wide as its
 * parent and turns 0.45 rad (left) or 0.38 rad (right) away from it, so the crown is slightly
 * asymmetric, like a real tree. Ink is spread by length × width along the branches with Gaussian
 * jitter of half the branch width; the whole shape is scaled to fit in [−3.6, 3.6]².
 */
final class BranchingTree {
    static final int LEVELS = 7;
    private static final double TRUNK_LENGTH = 2.0;
    private static final double TRUNK_WIDTH = 0.32;
    private static final double LENGTH_RATIO = 0.72;
    private static final double WIDTH_RATIO = 0.62;
    private static final double LEFT_TURN = 0.45;
    private static final double RIGHT_TURN = -0.38;
    private static final double JITTER = 0.5;
    private static final double HALF_EXTENT = 3.6;

    private BranchingTree() {}

    static PointSampler sampler() {
        SegmentMixture.Builder builder = new SegmentMixture.Builder();
        grow(builder, 0, 0, Math.PI / 2, TRUNK_LENGTH, TRUNK_WIDTH, LEVELS);
        return builder.fitInto(HALF_EXTENT).build(JITTER);
    }

    /** Adds the branch from (x, y) at {@code angle} and, below the last level, its two children. */
    private static void grow(
            SegmentMixture.Builder builder,
            double x,
            double y,
            double angle,
            double length,
            double width,
            int levelsLeft) {
        double endX = x + length * Math.cos(angle);
        double endY = y + length * Math.sin(angle);
        builder.add(x, y, endX, endY, width);
        if (levelsLeft > 1) {
            double childLength = length * LENGTH_RATIO;
            double childWidth = width * WIDTH_RATIO;
            grow(builder, endX, endY, angle + LEFT_TURN, childLength, childWidth, levelsLeft - 1);
            grow(builder, endX, endY, angle + RIGHT_TURN, childLength, childWidth, levelsLeft - 1);
        }
    }
}
