package lfm.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {

    @Test
    void everyParticipantRunsItsShareOnce() {
        try (WorkerPool pool = new WorkerPool(3)) {
            AtomicIntegerArray seen = new AtomicIntegerArray(3);
            for (int round = 0; round < 1000; round++) {
                pool.runAll((worker, workers) -> {
                    assertEquals(3, workers);
                    seen.incrementAndGet(worker);
                });
            }
            assertArrayEquals(new int[] {1000, 1000, 1000}, new int[] {seen.get(0), seen.get(1), seen.get(2)});
        }
    }

    @Test
    void smallWorkRunsOnTheCaller() {
        try (WorkerPool pool = new WorkerPool(2)) {
            Thread caller = Thread.currentThread();
            pool.run((worker, workers) -> {
                assertEquals(1, workers);
                assertEquals(caller, Thread.currentThread());
            }, 10, 100);
        }
    }

    @Test
    void aFailureInAWorkerReachesTheCaller() {
        try (WorkerPool pool = new WorkerPool(2)) {
            IllegalStateException error = assertThrows(IllegalStateException.class, () -> pool.runAll((worker, workers) -> {
                if (worker == 1) {
                    throw new IllegalStateException("worker 1 failed");
                }
            }));
            assertEquals("worker 1 failed", error.getMessage());
            pool.runAll((worker, workers) -> { });   // still usable
        }
    }

    @Test
    void theBarrierSeparatesPhases() {
        try (WorkerPool pool = new WorkerPool(2)) {
            int[] values = new int[2];
            int[] observed = new int[2];
            for (int round = 0; round < 200; round++) {
                int expected = round;
                pool.runAll((worker, workers) -> {
                    values[worker] = expected;
                    pool.barrier(workers);
                    observed[worker] = values[1 - worker];
                    pool.barrier(workers);
                });
                assertArrayEquals(new int[] {round, round}, observed);
            }
        }
    }

    @Test
    void splitPointsCoverTheRangeInOrder() {
        assertEquals(0, WorkerPool.splitPoint(10, 0, 3));
        assertEquals(3, WorkerPool.splitPoint(10, 1, 3));
        assertEquals(6, WorkerPool.splitPoint(10, 2, 3));
        assertEquals(10, WorkerPool.splitPoint(10, 3, 3));
    }
}
