package lfm.policy.reach;

import java.util.ArrayList;
import java.util.List;
import lfm.policy.Demonstrations;
import lfm.policy.PolicyShape;
import lfm.random.Distributions;
import lfm.random.RandomKey;

/**
 * The reach task's demonstrations and held-out starts. Layout families are chosen by seed: training
 * demonstrations use seed {@code s}, evaluation uses a different seed, so held-out starts are new.
 * The expert's side is a fair coin per episode and its executed action carries N(0, σ²) noise
 * (σ = {@link #ACTION_NOISE} per coordinate); the recorded action is the executed one. The expert
 * succeeds on every layout; an episode it fails is an error, not a silently dropped demonstration.
 */
public final class ReachTask {
    public static final double ACTION_NOISE = 0.003;
    /** Seed of the held-out evaluation layouts (training demonstrations use other seeds). */
    public static final long EVALUATION_SEED = 1_000_003;

    private ReachTask() {}

    /** Diffusion Policy's shape: 2 observations in, 16 actions out, 8 executed. */
    public static PolicyShape defaultShape() {
        return new PolicyShape(ReachEnvironment.OBSERVATION_SIZE, ReachEnvironment.ACTION_SIZE, 2, 16, 8);
    }

    /** Expert episodes on layouts 0..episodes−1 of family {@code seed}. */
    public static Demonstrations demonstrations(int episodes, long seed) {
        Demonstrations.Builder builder =
                new Demonstrations.Builder(ReachEnvironment.OBSERVATION_SIZE, ReachEnvironment.ACTION_SIZE);
        for (int e = 0; e < episodes; e++) {
            RandomKey key = new RandomKey(Distributions.mix(seed, 0x4578706572L), e);
            ReachEnvironment environment = new ReachEnvironment(ReachLayout.draw(seed, e));
            ReachExpert expert = new ReachExpert(Distributions.uniform(key, 0) < 0.5f ? 1 : -1);
            long draw = 1;
            while (!environment.done()) {
                float[] observation = environment.observation();
                float[] action = expert.action(observation);
                for (int k = 0; k < action.length; k++) {
                    action[k] += (float) (ACTION_NOISE * Distributions.normal(key, draw++));
                }
                builder.step(observation, action);
                environment.step(action);
            }
            if (!environment.succeeded()) {
                throw new IllegalStateException("the reach expert failed on layout " + e + " of seed " + seed);
            }
            builder.endEpisode();
        }
        return builder.build();
    }

    /** Fresh environments on layouts 0..count−1 of family {@code seed}. */
    public static List<ReachEnvironment> environments(int count, long seed) {
        List<ReachEnvironment> environments = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            environments.add(new ReachEnvironment(ReachLayout.draw(seed, i)));
        }
        return environments;
    }
}
