package lfm.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import lfm.data.DataMatrix;

/**
 * Runs a chunked policy on many episodes in lockstep: every episode still running asks for a chunk at
 * the same moment (one batched {@link Policy#act} call), executes its first {@code execute} actions (or
 * fewer, if the episode ends), and asks again. Receding horizon as in Diffusion Policy.
 */
public final class Rollouts {
    private Rollouts() {}

    /**
     * What the rollouts of a policy gave.
     *
     * @param successes      the task's success test per episode
     * @param chunks         chunks requested over all episodes (one per episode per replanning)
     * @param calls          batched policy calls
     * @param evaluations    network evaluations over all calls
     * @param policySeconds  wall time spent inside the policy
     */
    public record Outcome(boolean[] successes, long chunks, long calls, long evaluations, double policySeconds) {

        public double successRate() {
            int count = 0;
            for (boolean success : successes) {
                count += success ? 1 : 0;
            }
            return (double) count / successes.length;
        }

        /** Network evaluations per batched call: the evaluations behind one chunk. */
        public double evaluationsPerChunk() {
            return calls == 0 ? 0 : (double) evaluations / calls;
        }
    }

    public static Outcome run(Policy policy, List<? extends PolicyEnvironment> environments) {
        PolicyShape shape = policy.shape();
        List<ObservationHistory> histories = new ArrayList<>();
        for (PolicyEnvironment environment : environments) {
            histories.add(new ObservationHistory(shape.history(), environment.observation()));
        }
        long chunks = 0, calls = 0, evaluations = 0;
        long policyNanos = 0;
        while (true) {
            List<Integer> active = new ArrayList<>();
            for (int i = 0; i < environments.size(); i++) {
                if (!environments.get(i).done()) {
                    active.add(i);
                }
            }
            if (active.isEmpty()) {
                break;
            }
            float[][] rows = new float[active.size()][];
            for (int k = 0; k < rows.length; k++) {
                rows[k] = histories.get(active.get(k)).condition();
            }
            long start = System.nanoTime();
            DataMatrix actions = policy.act(DataMatrix.of(rows));
            policyNanos += System.nanoTime() - start;
            calls++;
            chunks += rows.length;
            evaluations += policy.lastEvaluations();
            for (int k = 0; k < rows.length; k++) {
                execute(environments.get(active.get(k)), histories.get(active.get(k)), actions.row(k), shape);
            }
        }
        boolean[] successes = new boolean[environments.size()];
        for (int i = 0; i < successes.length; i++) {
            successes[i] = environments.get(i).succeeded();
        }
        return new Outcome(successes, chunks, calls, evaluations, policyNanos / 1e9);
    }

    private static void execute(
            PolicyEnvironment environment, ObservationHistory history, float[] chunk, PolicyShape shape) {
        int size = shape.actionSize();
        for (int j = 0; j < shape.execute() && !environment.done(); j++) {
            environment.step(Arrays.copyOfRange(chunk, j * size, (j + 1) * size));
            history.add(environment.observation());
        }
    }
}
