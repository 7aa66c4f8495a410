package lfm.policy;

import lfm.data.DataMatrix;

/**
 * Training pairs of a chunked policy from demonstrations: for every step i of every episode,
 * <pre>
 *   condition = [o_{i−h+1}, …, o_i]      (history·O)  earlier steps than the episode's first repeat it
 *   chunk     = [a_i, …, a_{i+H−1}]      (H·A)        later steps than the episode's last repeat it
 * </pre>
 * Padding by repetition at both ends is Diffusion Policy's convention: the first observation stands
 * for the missing past, and the last action continues (a task that ends at rest records a zero action).
 */
public final class PolicyWindows {
    private PolicyWindows() {}

    /** Conditions (T, history·O) and chunks (T, H·A), one row per demonstration step. */
    public record Windows(DataMatrix conditions, DataMatrix chunks) {}

    public static Windows build(Demonstrations demos, PolicyShape shape) {
        if (demos.observationSize() != shape.observationSize() || demos.actionSize() != shape.actionSize()) {
            throw new IllegalArgumentException("the demonstrations have " + demos.observationSize()
                    + " observation and " + demos.actionSize() + " action values per step; the policy expects "
                    + shape.observationSize() + " and " + shape.actionSize());
        }
        int steps = demos.observations().rows();
        int observationSize = shape.observationSize();
        int actionSize = shape.actionSize();
        float[] conditions = new float[steps * shape.conditionSize()];
        float[] chunks = new float[steps * shape.chunkSize()];
        float[] observations = demos.observations().values();
        float[] actions = demos.actions().values();
        for (int e = 0; e < demos.episodes(); e++) {
            int first = demos.episodeStart(e);
            int last = demos.episodeEnd(e) - 1;
            for (int i = first; i <= last; i++) {
                for (int k = 0; k < shape.history(); k++) {
                    int source = Math.max(first, i - shape.history() + 1 + k);
                    System.arraycopy(
                            observations,
                            source * observationSize,
                            conditions,
                            i * shape.conditionSize() + k * observationSize,
                            observationSize);
                }
                for (int k = 0; k < shape.horizon(); k++) {
                    int source = Math.min(last, i + k);
                    System.arraycopy(
                            actions, source * actionSize, chunks, i * shape.chunkSize() + k * actionSize, actionSize);
                }
            }
        }
        return new Windows(
                new DataMatrix(steps, shape.conditionSize(), conditions),
                new DataMatrix(steps, shape.chunkSize(), chunks));
    }
}
