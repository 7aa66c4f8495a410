package lfm.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
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
            pool.run(
                    (worker, workers) -> {
                        assertEquals(1, workers);
                        assertEquals(caller, Thread.currentThread());
                    },
                    10,
                    100);
        }
    }

    @Test
    void aFailureInAWorkerReachesTheCaller() {
        try (WorkerPool pool = new WorkerPool(2)) {
            IllegalStateException error = assertThrows(
                    IllegalStateException.class,
                    () -> pool.runAll((worker, workers) -> {
                        if (worker == 1) {
                            throw new IllegalStateException("worker 1 failed");
                        }
                    }));
            assertEquals("worker 1 failed", error.getMessage());
            pool.runAll((worker, workers) -> {}); // still usable
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

    /**
     * A participant that throws never reaches the barrier its partners wait at: they must leave it, and
     * the call must end with that exception (it used to spin forever). Both ways round: a worker thread
     * fails while the caller waits, and the caller fails while the workers wait.
     */
    @Test
    void aFailureBeforeABarrierEndsTheCallWithThatException() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            try (WorkerPool pool = new WorkerPool(3)) {
                for (int failing = 0; failing < 3; failing++) {
                    int culprit = failing;
                    IllegalStateException error = assertThrows(
                            IllegalStateException.class,
                            () -> pool.runAll((worker, workers) -> {
                                pool.barrier(workers); // everyone passes the first barrier
                                if (worker == culprit) {
                                    throw new IllegalStateException("participant " + culprit + " failed");
                                }
                                pool.barrier(workers); // the others wait here for the culprit
                            }));
                    assertEquals("participant " + culprit + " failed", error.getMessage());
                    assertBarriersStillWork(pool);
                }
            }
        });
    }

    @Test
    void onlyTheFirstFailureIsReported() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            try (WorkerPool pool = new WorkerPool(2)) {
                IllegalStateException error = assertThrows(
                        IllegalStateException.class,
                        () -> pool.runAll((worker, workers) -> {
                            if (worker == 1) {
                                throw new IllegalStateException("first");
                            }
                            pool.barrier(workers); // leaves once worker 1 has failed
                            throw new IllegalStateException("never reached");
                        }));
                assertEquals("first", error.getMessage());
                assertBarriersStillWork(pool);
            }
        });
    }

    /** Phases separated by barriers still see each other's writes after a failed call. */
    private static void assertBarriersStillWork(WorkerPool pool) {
        int[] values = new int[pool.size()];
        int[] sums = new int[pool.size()];
        for (int round = 1; round <= 50; round++) {
            int expected = round;
            pool.runAll((worker, workers) -> {
                values[worker] = expected;
                pool.barrier(workers);
                int sum = 0;
                for (int value : values) {
                    sum += value;
                }
                sums[worker] = sum;
                pool.barrier(workers);
            });
            for (int sum : sums) {
                assertEquals(round * pool.size(), sum);
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
