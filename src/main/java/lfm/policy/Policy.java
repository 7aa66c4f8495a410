package lfm.policy;

import lfm.data.DataMatrix;

/**
 * A chunked control policy: given the last observations of k episodes it proposes an action chunk
 * for each. Implementations: the conditional flow policies and behaviour cloning.
 */
public interface Policy {

    PolicyShape shape();

    /**
     * Action chunks for a batch of conditions, in the task's own units: conditions (k, history·O), oldest
     * observation first → chunks (k, H·A), the first action's A values first.
     */
    DataMatrix act(DataMatrix conditions);

    /** Network evaluations the last {@link #act} call made (one per forward pass over the batch). */
    long lastEvaluations();

    /** Restarts the policy's sampling noise from {@code seed} (a deterministic policy ignores it). */
    default void reseed(long seed) {}
}
