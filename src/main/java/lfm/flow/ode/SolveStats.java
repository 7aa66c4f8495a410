package lfm.flow.ode;

/**
 * What a solve cost: right-hand-side evaluations, accepted and rejected steps.
 */
public record SolveStats(long evaluations, long acceptedSteps, long rejectedSteps) {

    public static final SolveStats NONE = new SolveStats(0, 0, 0);

    /** The same steps with {@code factor} network evaluations per right-hand side (guided fields: 2). */
    public SolveStats scaled(int factor) {
        return new SolveStats(evaluations * factor, acceptedSteps, rejectedSteps);
    }

    public SolveStats plus(SolveStats other) {
        return new SolveStats(
                evaluations + other.evaluations,
                acceptedSteps + other.acceptedSteps,
                rejectedSteps + other.rejectedSteps);
    }
}
