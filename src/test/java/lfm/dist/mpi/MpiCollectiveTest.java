package lfm.dist.mpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import lfm.dist.MpiRun;
import org.junit.jupiter.api.Test;

/**
 * The MPI collective under a real {@code mpirun} (Open MPI, loopback): every operation on 2 and 3
 * ranks against the answer the inputs define (the all-reduce bit for bit equal to the sequential
 * rank-order sum), the JVM's own SIGSEGV handling intact after MPI_Init, and MPI_Abort ending the
 * whole job. Skipped, with the reason, where Open MPI's mpirun is not installed.
 */
class MpiCollectiveTest {

    @Test
    void everyOperationAgreesWithItsDefinitionOnTwoAndThreeRanks() {
        assumeTrue(MpiRun.unavailableReason() == null, MpiRun.unavailableReason());
        for (int ranks : new int[] {2, 3}) {   // one rank (MPI's singleton start): DistributedRunTest
            MpiRun.Result result = MpiRun.launch(ranks, MpiRun.java("lfm.dist.CollectiveProbe", List.of()), 120);
            assertEquals(0, result.status(), result.output());
            assertFalse(result.output().contains("FAILED"), result.output());
            for (int r = 0; r < ranks; r++) {
                assertTrue(result.output().contains("rank " + r + " of " + ranks + ", local rank " + r), result.output());
                assertEquals(7, count(result.output(), "rank " + r + ": ok "), result.output());
            }
            assertTrue(result.output().contains("Open MPI"), result.output());
        }
    }

    /** MPICH's integer handles, where MPICH is installed beside Open MPI (the library follows the launcher). */
    @Test
    void mpichToo() {
        assumeTrue(MpiRun.mpichLauncher() != null, "MPICH's mpirun.mpich is not installed (optional: apt-get install "
                + "--no-install-recommends mpich)");
        MpiRun.Result result = MpiRun.launchMpich(2, MpiRun.java("lfm.dist.CollectiveProbe", List.of()), 120);
        assertEquals(0, result.status(), result.output());
        assertFalse(result.output().contains("FAILED"), result.output());
        assertTrue(result.output().contains("MPICH"), result.output());
        assertEquals(14, count(result.output(), ": ok "), result.output());
    }

    @Test
    void aRankThatAbortsEndsTheJob() {
        assumeTrue(MpiRun.unavailableReason() == null, MpiRun.unavailableReason());
        long start = System.nanoTime();
        MpiRun.Result result = MpiRun.launch(2, MpiRun.java("lfm.dist.CollectiveProbe", List.of("fail")), 60);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertFalse(result.timedOut(), "the job hung after MPI_Abort:\n" + result.output());
        assertNotEquals(0, result.status(), result.output());
        assertTrue(result.output().contains("lfm: error: rank 1 of 2: failing on purpose"), result.output());
        assertFalse(result.output().contains("passed a barrier"), result.output());
        assertTrue(seconds < 30, "the job took " + seconds + " s to end");
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }
}
