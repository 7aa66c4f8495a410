package lfm.bench;

import lfm.backend.Backend;

/**
 * The same training run on two backends, step by step: same seed, same Philox draws, so the loss traces
 * differ only by floating-point rounding (float32 products and accumulation order). The comparison
 * passes when every step's losses agree within |a − b| ≤ tolerance · |b| + 1e-6.
 */
public final class LossTrace {
    /** The two traces and their worst relative difference. */
    public record Comparison(
            float[] candidate, float[] expected, double worstRelative, int worstStep, double tolerance) {
        public boolean passed() {
            for (int i = 0; i < expected.length; i++) {
                if (!(Math.abs(candidate[i] - expected[i]) <= tolerance * Math.abs(expected[i]) + 1e-6)) {
                    return false;
                }
            }
            return true;
        }
    }

    private LossTrace() {}

    /** Loss after each of {@code steps} steps on one backend. */
    public static float[] trace(Backend backend, TrainingStepWorkload.Settings settings, int steps) {
        float[] losses = new float[steps];
        try (TrainingStepWorkload workload = new TrainingStepWorkload(backend, settings)) {
            for (int i = 0; i < steps; i++) {
                workload.step();
                losses[i] = workload.readLoss();
            }
        }
        return losses;
    }

    public static Comparison compare(
            Backend candidate, Backend expected, TrainingStepWorkload.Settings settings, int steps, double tolerance) {
        float[] a = trace(candidate, settings, steps);
        float[] b = trace(expected, settings, steps);
        double worst = 0;
        int worstStep = -1;
        for (int i = 0; i < steps; i++) {
            double relative = Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), 1e-12);
            if (!(relative <= worst)) {
                worst = relative;
                worstStep = i;
            }
        }
        return new Comparison(a, b, worst, worstStep, tolerance);
    }
}
