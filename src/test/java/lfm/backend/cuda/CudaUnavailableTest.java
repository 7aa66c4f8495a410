package lfm.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import lfm.backend.Backend;
import lfm.backend.BackendUnavailableException;
import lfm.backend.Backends;
import org.junit.jupiter.api.Test;

/** Without a GPU: --backend cuda is an error naming the cause, auto falls back to the CPU with one line. */
class CudaUnavailableTest {

    @Test
    void cudaByNameFailsWithTheCause() {
        String reason = CudaBackend.unavailableReason();
        assumeTrue(reason != null, "a GPU is present; the no-GPU behaviour is not testable here");
        BackendUnavailableException error =
                assertThrows(BackendUnavailableException.class, () -> Backends.create("cuda", 1, message -> {}));
        assertTrue(error.getMessage().startsWith("cuda: "), error.getMessage());
        assertTrue(error.getMessage().contains(reason), error.getMessage());
    }

    @Test
    void autoFallsBackToTheCpuWithOneLine() {
        String reason = CudaBackend.unavailableReason();
        assumeTrue(reason != null, "a GPU is present; the fallback is not testable here");
        List<String> notices = new ArrayList<>();
        try (Backend backend = Backends.create("auto", 1, notices::add)) {
            assertEquals("cpu", backend.name());
        }
        assertEquals(1, notices.size(), notices.toString());
        assertTrue(notices.get(0).contains(reason), notices.get(0));
    }

    @Test
    void theReasonIsOneDecodedLine() {
        String reason = CudaBackend.unavailableReason();
        assumeTrue(reason != null, "a GPU is present");
        assertTrue(!reason.contains("\n"), reason);
        // Here: either a library is missing (with where we looked) or cudaGetDeviceCount failed, decoded.
        assertTrue(reason.contains("not found") || reason.contains("cudaGetDeviceCount"), reason);
    }
}
