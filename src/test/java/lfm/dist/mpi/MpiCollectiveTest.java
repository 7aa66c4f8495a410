package lfm.dist.mpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lfm.dist.MpiRun;
import org.junit.jupiter.api.Test;

/**
 * The MPI collective under a real {@code mpirun} (Open MPI, loopback), in one launch of 3 ranks: every
 * operation against the answer the inputs define (the all-reduce bit for bit equal to the sequential
 * rank-order sum), the JVM's own SIGSEGV handling intact after MPI_Init, then MPI_Abort on rank 1 ending
 * the whole job within seconds. Two ranks run the same operations end to end in DistributedRunTest, and
 * here under MPICH where it is installed. Skipped, with the reason, where Open MPI's mpirun is missing.
 */
class MpiCollectiveTest {

    @Test
    void everyOperationAgreesWithItsDefinitionThenAnAbortEndsTheJob() {
        assumeTrue(MpiRun.unavailableReason() == null, MpiRun.unavailableReason());
        int ranks = 3;
        MpiRun.Result result = MpiRun.launch(ranks, MpiRun.java("lfm.dist.CollectiveProbe", List.of("then-fail")), 120);
        long ended = System.currentTimeMillis();
        assertFalse(result.timedOut(), "the job hung after MPI_Abort:\n" + result.output());
        assertNotEquals(0, result.status(), result.output());
        assertFalse(result.output().contains("FAILED"), result.output());
        for (int r = 0; r < ranks; r++) {
            assertTrue(result.output().contains("rank " + r + " of " + ranks + ", local rank " + r), result.output());
            assertEquals(7, count(result.output(), "rank " + r + ": ok "), result.output());
        }
        assertTrue(result.output().contains("Open MPI"), result.output());
        Matcher abort = Pattern.compile("lfm: error: rank 1 of 3: failing on purpose at (\\d+) ms")
                .matcher(result.output());
        assertTrue(abort.find(), result.output());
        assertFalse(result.output().contains("passed a barrier"), result.output());
        double seconds = (ended - Long.parseLong(abort.group(1))) / 1e3;
        assertTrue(seconds < 30, "the job ended " + seconds + " s after rank 1 aborted");
    }

    /** MPICH's integer handles, where MPICH is installed beside Open MPI (the library follows the launcher). */
    @Test
    void mpichToo() {
        assumeTrue(
                MpiRun.mpichLauncher() != null,
                "MPICH's mpirun.mpich is not installed (optional: apt-get install " + "--no-install-recommends mpich)");
        MpiRun.Result result = MpiRun.launchMpich(2, MpiRun.java("lfm.dist.CollectiveProbe", List.of()), 120);
        assertEquals(0, result.status(), result.output());
        assertFalse(result.output().contains("FAILED"), result.output());
        assertTrue(result.output().contains("MPICH"), result.output());
        assertEquals(14, count(result.output(), ": ok "), result.output());
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }
}
