package lfm.policy.reach;

import lfm.policy.PolicyEnvironment;

/**
 * "Reach around an obstacle": a point agent in the plane moves by its action, a displacement (Δx, Δy)
 * whose length is clipped to {@link #MAX_STEP}, towards a goal, with a disc obstacle of radius
 * {@link #OBSTACLE_RADIUS} on the straight line between start and goal.
 * <ul>
 *   <li>Observation (4): goal − position and obstacle centre − position (the task is the same wherever
 *       it happens, so the absolute position is left out).</li>
 *   <li>Success: the agent comes within {@link #SUCCESS_RADIUS} of the goal within {@link #STEP_LIMIT}
 *       steps without touching the obstacle; touching means some point of a step's segment lies
 *       closer than the radius to the centre (so a step cannot jump over the disc).</li>
 *   <li>The episode ends at success, at the first touch, or after the step limit.</li>
 * </ul>
 */
public final class ReachEnvironment implements PolicyEnvironment {
    public static final double OBSTACLE_RADIUS = 0.2;
    public static final double MAX_STEP = 0.06;
    public static final double SUCCESS_RADIUS = 0.05;
    public static final int STEP_LIMIT = 100;
    public static final int OBSERVATION_SIZE = 4;
    public static final int ACTION_SIZE = 2;

    private final ReachLayout layout;
    private double x;
    private double y;
    private int steps;
    private boolean touched;
    private boolean reached;

    public ReachEnvironment(ReachLayout layout) {
        this.layout = layout;
        this.x = layout.startX();
        this.y = layout.startY();
    }

    @Override
    public float[] observation() {
        return new float[] {
            (float) (layout.goalX() - x),
            (float) (layout.goalY() - y),
            (float) (layout.obstacleX() - x),
            (float) (layout.obstacleY() - y)
        };
    }

    /** Moves by the clipped action; records a touch of the obstacle and arrival at the goal. */
    @Override
    public void step(float[] action) {
        if (done()) {
            throw new IllegalStateException("the episode has ended");
        }
        double dx = action[0];
        double dy = action[1];
        if (!Double.isFinite(dx) || !Double.isFinite(dy)) {
            dx = 0;
            dy = 0;
        }
        double length = Math.hypot(dx, dy);
        if (length > MAX_STEP) {
            dx *= MAX_STEP / length;
            dy *= MAX_STEP / length;
        }
        touched = segmentDistance(x, y, x + dx, y + dy, layout.obstacleX(), layout.obstacleY()) < OBSTACLE_RADIUS;
        x += dx;
        y += dy;
        steps++;
        reached = !touched && Math.hypot(layout.goalX() - x, layout.goalY() - y) <= SUCCESS_RADIUS;
    }

    @Override
    public boolean done() {
        return touched || reached || steps >= STEP_LIMIT;
    }

    @Override
    public boolean succeeded() {
        return reached;
    }

    /** Whether the episode ended by touching the obstacle. */
    public boolean touched() {
        return touched;
    }

    public int steps() {
        return steps;
    }

    public double x() {
        return x;
    }

    public double y() {
        return y;
    }

    public ReachLayout layout() {
        return layout;
    }

    /** Distance from (px, py) to the segment (ax, ay)–(bx, by). */
    static double segmentDistance(double ax, double ay, double bx, double by, double px, double py) {
        double ex = bx - ax;
        double ey = by - ay;
        double lengthSquared = ex * ex + ey * ey;
        double s = lengthSquared == 0 ? 0 : Math.clamp(((px - ax) * ex + (py - ay) * ey) / lengthSquared, 0, 1);
        return Math.hypot(ax + s * ex - px, ay + s * ey - py);
    }
}
