package lfm.backend;

/**
 * Frequencies of the sinusoidal time embedding. t ∈ [0, 1] is mapped through K frequencies spread
 * geometrically from 1 to {@link #MAX_FREQUENCY} (radians per unit time): ωₖ = MAX^{k/(K−1)}, so the
 * slowest feature sees a fraction of a period over [0, 1] and the fastest a few hundred.
 */
public final class TimeEmbedding {
    public static final double MAX_FREQUENCY = 1000.0;

    private TimeEmbedding() {
    }

    /** ωₖ for k in [0, K). */
    public static double frequency(int k, int count) {
        return count == 1 ? 1.0 : Math.pow(MAX_FREQUENCY, (double) k / (count - 1));
    }
}
