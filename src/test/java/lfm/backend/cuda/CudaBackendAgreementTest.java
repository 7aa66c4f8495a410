package lfm.backend.cuda;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import lfm.backend.Backend;
import lfm.backend.BackendAgreementTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The shared agreement harness (lfm.backend.BackendAgreementTest, every op against the reference at
 * sizes 1, 7, 33, 1000, 4097) run on the CUDA backend. Skipped with the reason where no GPU is usable.
 */
@Tag("gpu")
class CudaBackendAgreementTest extends BackendAgreementTest {
    private static Backend cuda;

    @Override
    protected Backend candidate() {
        String reason = CudaBackend.unavailableReason();
        assumeTrue(reason == null, () -> "no GPU, CUDA agreement tests skipped: " + reason);
        if (cuda == null) {
            cuda = CudaBackend.open();
        }
        return cuda;
    }

    /**
     * Shows up as one skipped test, with the reason, where there is no GPU (an aborted test factory
     * alone is reported as zero tests, which reads like a harness that found nothing to run).
     */
    @Test
    void aGpuIsPresent() {
        String reason = CudaBackend.unavailableReason();
        assumeTrue(reason == null, () -> "no GPU, CUDA agreement tests skipped: " + reason);
    }

    @AfterAll
    static void close() {
        if (cuda != null) {
            cuda.close();
            cuda = null;
        }
    }
}
