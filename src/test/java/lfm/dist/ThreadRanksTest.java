package lfm.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Threads as ranks (the collective the in-process training tests use) and the one-process collective
 * pass the same checks as MPI ({@link CollectiveProbe.CollectiveChecks}); a rank that aborts or throws
 * fails the others at their next collective instead of leaving them waiting.
 */
class ThreadRanksTest {

    @Test
    void everyOperationAgreesWithItsDefinition() {
        for (int ranks : new int[] {1, 2, 3, 4}) {
            List<List<String>> lines = ThreadRanks.run(ranks, CollectiveProbe.CollectiveChecks::all);
            for (int r = 0; r < ranks; r++) {
                for (String line : lines.get(r)) {
                    assertTrue(line.startsWith("ok "), ranks + " ranks, rank " + r + ": " + line);
                }
            }
        }
        for (String line : CollectiveProbe.CollectiveChecks.all(new LocalCollective())) {
            assertTrue(line.startsWith("ok "), "local: " + line);
        }
    }

    @Test
    void aRankThatAbortsFailsTheOthers() {
        CollectiveException failure = assertThrows(
                CollectiveException.class,
                () -> ThreadRanks.run(3, c -> {
                    if (c.rank() == 1) {
                        c.abort(2);
                    }
                    c.barrier();
                    return null;
                }));
        assertTrue(failure.getMessage().contains("rank 1"), failure.getMessage());
    }

    @Test
    void aRankThatThrowsFailsTheOthersWithItsMessage() {
        long start = System.nanoTime();
        IllegalStateException failure = assertThrows(
                IllegalStateException.class,
                () -> ThreadRanks.run(2, c -> {
                    if (c.rank() == 0) {
                        throw new IllegalStateException("rank 0 broke");
                    }
                    c.barrier();
                    return null;
                }));
        assertEquals("rank 0 broke", failure.getMessage());
        assertTrue(System.nanoTime() - start < 30e9, "the other rank waited for the timeout");
    }
}
