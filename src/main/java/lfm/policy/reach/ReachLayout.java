package lfm.policy.reach;

import lfm.random.Distributions;
import lfm.random.RandomKey;

/**
 * One initial state of the reach task: where the agent starts, the goal, and the centre of the disc
 * obstacle, which lies on the straight segment from start to goal (at a fraction s ∈ [0.35, 0.5] of it,
 * nearer the start, so the two ways around it part at once). Start and goal lie in the square
 * [−0.9, 0.9]², 1.0 to 1.4 apart.
 */
public record ReachLayout(
        double startX, double startY, double goalX, double goalY, double obstacleX, double obstacleY) {
    private static final double HALF_WIDTH = 0.9;
    private static final double MIN_DISTANCE = 1.0;
    private static final double MAX_DISTANCE = 1.4;
    private static final int MAX_ATTEMPTS = 1000;

    /**
     * Layout {@code index} of the family {@code seed}: a pure function of both (Philox draws), so training
     * and held-out layouts are disjoint families chosen by seed. A goal that falls outside the square is
     * redrawn (rejection with the attempt number in the counter).
     */
    public static ReachLayout draw(long seed, long index) {
        RandomKey key = new RandomKey(Distributions.mix(seed, 0x5265616368L), index);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            long base = 6L * attempt;
            double startX = HALF_WIDTH * (2 * Distributions.uniform(key, base) - 1);
            double startY = HALF_WIDTH * (2 * Distributions.uniform(key, base + 1) - 1);
            double angle = 2 * Math.PI * Distributions.uniform(key, base + 2);
            double distance = MIN_DISTANCE + (MAX_DISTANCE - MIN_DISTANCE) * Distributions.uniform(key, base + 3);
            double goalX = startX + distance * Math.cos(angle);
            double goalY = startY + distance * Math.sin(angle);
            if (Math.abs(goalX) > HALF_WIDTH || Math.abs(goalY) > HALF_WIDTH) {
                continue;
            }
            double fraction = 0.35 + 0.15 * Distributions.uniform(key, base + 4);
            return new ReachLayout(
                    startX,
                    startY,
                    goalX,
                    goalY,
                    startX + fraction * (goalX - startX),
                    startY + fraction * (goalY - startY));
        }
        throw new IllegalStateException("no reach layout found for seed " + seed + ", index " + index);
    }
}
