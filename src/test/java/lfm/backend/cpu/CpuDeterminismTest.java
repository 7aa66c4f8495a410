package lfm.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A seeded sequence of ops (a few training steps of a small velocity field) reproduces bit for bit:
 * twice with the same thread count, and, since reductions use fixed chunks and matrix products never
 * split k, also across thread counts and with the same kernels.
 */
class CpuDeterminismTest {
    private static final int STEPS = 3;

    private static List<float[]> train(int threads, List<Float> losses) {
        try (CpuBackend backend = new CpuBackend(threads, false);
                TrainingStepFixture fixture = new TrainingStepFixture(backend, 1500, 64, 42)) {
            for (int s = 0; s < STEPS; s++) {
                losses.add(fixture.step());
            }
            return fixture.parameters();
        }
    }

    private static void assertSame(List<Float> lossesA, List<float[]> a, List<Float> lossesB, List<float[]> b) {
        assertEquals(lossesA, lossesB);
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i), "parameter " + i);
        }
    }

    @Test
    void twoRunsWithTheSameThreadCountAreBitIdentical() {
        List<Float> lossesA = new ArrayList<>();
        List<Float> lossesB = new ArrayList<>();
        List<float[]> a = train(2, lossesA);
        List<float[]> b = train(2, lossesB);
        assertSame(lossesA, a, lossesB, b);
        assertTrue(lossesA.get(0) > 0 && Float.isFinite(lossesA.get(STEPS - 1)), lossesA::toString);
    }

    @Test
    void theThreadCountDoesNotChangeTheResult() {
        List<Float> lossesA = new ArrayList<>();
        List<Float> lossesB = new ArrayList<>();
        List<float[]> a = train(1, lossesA);
        List<float[]> b = train(3, lossesB);
        assertSame(lossesA, a, lossesB, b);
    }
}
