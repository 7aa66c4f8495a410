package lfm.optim;

/** Learning rate as a function of the step number (steps count from 0 here). */
public interface LearningRateSchedule {

    double rate(long step);

    /**
     * Step decay: rate · factor^⌊step / every⌋ (the authors' 2D setting: ×0.99 every 1,000 steps).
     */
    static LearningRateSchedule stepDecay(double rate, double factor, long every) {
        if (every < 1 || !(factor > 0)) {
            throw new IllegalArgumentException("step decay needs every ≥ 1 and factor > 0");
        }
        return step -> rate * Math.pow(factor, (double) Math.floorDiv(step, every));
    }

    /**
     * Linear warm-up to {@code rate} over the first {@code warmup} steps (step s runs at
     * rate·(s + 1)/warmup), then {@code after}; {@code after} itself when warmup = 0.
     */
    static LearningRateSchedule warmup(long warmup, double rate, LearningRateSchedule after) {
        if (warmup < 0) {
            throw new IllegalArgumentException("warm-up must be ≥ 0 steps");
        }
        return warmup == 0 ? after : step -> step < warmup ? rate * (step + 1) / warmup : after.rate(step);
    }
}
