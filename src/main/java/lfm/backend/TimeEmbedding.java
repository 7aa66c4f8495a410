package lfm.backend;

/**
 * Frequencies of the sinusoidal time embeddings. The MLP fields' embedding ({@link #frequency}) maps
 * t ∈ [0, 1] through K frequencies spread geometrically from 1 to {@link #MAX_FREQUENCY} (radians per
 * unit time): ωₖ = MAX^{k/(K−1)}, so the slowest feature sees a fraction of a period over [0, 1] and the
 * fastest a few hundred. The UNet's embedding ({@link #timestepFrequency}) is the diffusion models' one
 * over the raw t: ωₖ = 10000^(−k/K), from 1 down towards 10⁻⁴.
 */
public final class TimeEmbedding {
    public static final double MAX_FREQUENCY = 1000.0;

    private TimeEmbedding() {}

    /** Base period of the UNet's embedding. */
    public static final double MAX_PERIOD = 10000.0;

    /** ωₖ for k in [0, K). */
    public static double frequency(int k, int count) {
        return count == 1 ? 1.0 : Math.pow(MAX_FREQUENCY, (double) k / (count - 1));
    }

    /** ωₖ = 10000^(−k/K) for k in [0, K): the UNet's embedding. */
    public static double timestepFrequency(int k, int count) {
        return Math.exp(-Math.log(MAX_PERIOD) * k / count);
    }
}
