package lfm.flow.ode;

/**
 * What a solve cost: right-hand-side evaluations, accepted and rejected steps.
 */
public record SolveStats(long evaluations, long acceptedSteps, long rejectedSteps) {

    public static final SolveStats NONE = new SolveStats(0, 0, 0);

    public SolveStats plus(SolveStats other) {
        return new SolveStats(evaluations + other.evaluations, acceptedSteps + other.acceptedSteps,
                rejectedSteps + other.rejectedSteps);
    }
}
