package lfm.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import lfm.policy.reach.ReachEnvironment;
import lfm.policy.reach.ReachExpert;
import lfm.policy.reach.ReachLayout;
import lfm.policy.reach.ReachTask;
import org.junit.jupiter.api.Test;

class ReachTaskTest {

    @Test
    void expertSucceedsOnEveryHeldOutStartOnBothSides() {
        for (int side : new int[] {1, -1}) {
            List<ReachEnvironment> environments = ReachTask.environments(50, ReachTask.EVALUATION_SEED);
            for (ReachEnvironment environment : environments) {
                ReachExpert expert = new ReachExpert(side);
                while (!environment.done()) {
                    environment.step(expert.action(environment.observation()));
                }
                assertTrue(
                        environment.succeeded(),
                        "side " + side + ", " + environment.layout() + " after " + environment.steps() + " steps");
            }
        }
    }

    @Test
    void demonstrationsSplitEvenlyBetweenTheTwoRoutes() {
        Demonstrations demos = ReachTask.demonstrations(200, 1);
        assertEquals(200, demos.episodes());
        int counterClockwise = 0;
        for (int e = 0; e < demos.episodes(); e++) {
            // The sign of the cross product of the first action with the line of sight to the goal.
            float[] observation = demos.observations().row(demos.episodeStart(e));
            float[] action = demos.actions().row(demos.episodeStart(e));
            counterClockwise += observation[0] * action[1] - observation[1] * action[0] > 0 ? 1 : 0;
        }
        assertTrue(counterClockwise > 80 && counterClockwise < 120, counterClockwise + " of 200 counter-clockwise");
    }

    @Test
    void goingStraightTouchesTheObstacle() {
        ReachEnvironment environment = new ReachEnvironment(ReachLayout.draw(7, 3));
        while (!environment.done()) {
            float[] observation = environment.observation();
            double distance = Math.hypot(observation[0], observation[1]);
            environment.step(
                    new float[] {(float) (0.05 * observation[0] / distance), (float) (0.05 * observation[1] / distance)
                    });
        }
        assertTrue(environment.touched());
        assertFalse(environment.succeeded());
    }

    @Test
    void windowsRepeatTheFirstObservationAndTheLastAction() {
        Demonstrations demos = new Demonstrations(
                lfm.data.DataMatrix.of(new float[] {1}, new float[] {2}, new float[] {3}, new float[] {4}),
                lfm.data.DataMatrix.of(new float[] {10}, new float[] {20}, new float[] {30}, new float[] {40}),
                new int[] {3, 4});
        PolicyWindows.Windows windows = PolicyWindows.build(demos, new PolicyShape(1, 1, 2, 3, 2));
        assertArrayEquals(
                new float[] {1, 1, 1, 2, 2, 3, 4, 4}, windows.conditions().values());
        assertArrayEquals(
                new float[] {10, 20, 30, 20, 30, 30, 30, 30, 30, 40, 40, 40},
                windows.chunks().values());
    }
}
