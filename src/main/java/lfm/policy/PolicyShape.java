package lfm.policy;

/**
 * The shapes of a chunked policy (Diffusion Policy's receding horizon): the condition is the last
 * {@code history} observations (oldest first), the output a chunk of {@code horizon} future actions, of
 * which the first {@code execute} are carried out before the policy is asked again.
 *
 * @param observationSize O, values per observation
 * @param actionSize      A, values per action
 * @param history         observations in the condition (2 in Diffusion Policy)
 * @param horizon         H, actions per chunk (16)
 * @param execute         actions executed from each chunk (8)
 */
public record PolicyShape(int observationSize, int actionSize, int history, int horizon, int execute) {

    public PolicyShape {
        if (observationSize < 1 || actionSize < 1) {
            throw new IllegalArgumentException(
                    "observation and action sizes must be ≥ 1, got " + observationSize + " and " + actionSize);
        }
        if (history < 1 || horizon < 1) {
            throw new IllegalArgumentException(
                    "--history and --horizon must be ≥ 1, got " + history + " and " + horizon);
        }
        if (execute < 1 || execute > horizon) {
            throw new IllegalArgumentException("--execute must be in [1, horizon = " + horizon + "], got " + execute);
        }
    }

    /** Values in a condition row: history · O. */
    public int conditionSize() {
        return history * observationSize;
    }

    /** Values in a chunk row: H · A. */
    public int chunkSize() {
        return horizon * actionSize;
    }
}
