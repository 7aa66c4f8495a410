package lfm.optim;

/** Learning rate as a function of the step number (steps count from 0 here). */
public interface LearningRateSchedule {

    double rate(long step);

    static LearningRateSchedule constant(double rate) {
        return step -> rate;
    }

    /**
     * Step decay: rate · factor^⌊step / every⌋ (the authors' 2D setting: ×0.99 every 1,000 steps).
     */
    static LearningRateSchedule stepDecay(double rate, double factor, long every) {
        if (every < 1 || !(factor > 0)) {
            throw new IllegalArgumentException("step decay needs every ≥ 1 and factor > 0");
        }
        return step -> rate * Math.pow(factor, Math.floorDiv(step, every));
    }

    /** Linear warm-up from rate/warmup to rate over the first {@code warmup} steps, then constant. */
    static LearningRateSchedule warmupConstant(double rate, long warmup) {
        if (warmup < 0) {
            throw new IllegalArgumentException("warm-up must be ≥ 0 steps");
        }
        return step -> step < warmup ? rate * (step + 1) / warmup : rate;
    }
}
