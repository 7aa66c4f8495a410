package lfm.policy.reach;

/**
 * The scripted expert of the reach task: it heads straight for the goal unless the obstacle, inflated
 * by a clearance, is in the way; then it heads for the tangent point of the inflated disc on its side.
 * The side (+1: pass the obstacle turning counter-clockwise from the line of sight, −1: clockwise) is
 * chosen once per episode, so demonstrations are evenly split between two equally good routes.
 * <pre>
 *   R = r + clearance,  d = |o − p|,  β = asin(R / d)         (β = π/2 + 0.2 once inside R)
 *   direction = rotate((o − p)/d, side·β)    if the segment p → g passes within R of o
 *             = (g − p)/|g − p|               otherwise
 *   action    = speed · direction,  or g − p when the goal is closer than one step
 * </pre>
 * The law reads only the observation (relative goal and obstacle), so it is a feedback policy.
 */
public final class ReachExpert {
    public static final double SPEED = 0.05;
    public static final double CLEARANCE = 0.12;

    private final int side;

    public ReachExpert(int side) {
        if (side != 1 && side != -1) {
            throw new IllegalArgumentException("side must be +1 or −1, got " + side);
        }
        this.side = side;
    }

    public int side() {
        return side;
    }

    /** The action for an observation (goal − p, obstacle − p). */
    public float[] action(float[] observation) {
        double goalX = observation[0], goalY = observation[1];
        double obstacleX = observation[2], obstacleY = observation[3];
        double goalDistance = Math.hypot(goalX, goalY);
        if (goalDistance <= SPEED) {
            return new float[] {(float) goalX, (float) goalY};
        }
        double inflated = ReachEnvironment.OBSTACLE_RADIUS + CLEARANCE;
        double directionX = goalX / goalDistance, directionY = goalY / goalDistance;
        if (ReachEnvironment.segmentDistance(0, 0, goalX, goalY, obstacleX, obstacleY) < inflated) {
            double distance = Math.hypot(obstacleX, obstacleY);
            double angle = side * (distance > inflated ? Math.asin(inflated / distance) : Math.PI / 2 + 0.2);
            double towardsX = obstacleX / distance, towardsY = obstacleY / distance;
            directionX = Math.cos(angle) * towardsX - Math.sin(angle) * towardsY;
            directionY = Math.sin(angle) * towardsX + Math.cos(angle) * towardsY;
        }
        return new float[] {(float) (SPEED * directionX), (float) (SPEED * directionY)};
    }
}
