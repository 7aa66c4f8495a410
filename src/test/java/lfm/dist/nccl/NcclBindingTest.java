package lfm.dist.nccl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import lfm.backend.Backends;
import org.junit.jupiter.api.Test;

/**
 * The NCCL bindings that work without a GPU: the library's version, unique ids (what rank 0 broadcasts
 * over MPI), and the clean, named error of ncclCommInitRank where there is no CUDA device. Skipped, with
 * the reason, where libnccl.so.2 cannot be found (point LFM_NCCL_LIB at it; .ci/run does where the
 * nvidia-nccl wheel is installed).
 */
class NcclBindingTest {

    @Test
    void versionIsReadable() {
        assumeTrue(NcclLibrary.unavailableReason() == null, NcclLibrary.unavailableReason());
        int version = NcclLibrary.version();
        assertTrue(version >= 21800, "NCCL " + version + " is older than 2.18");
        assertTrue(NcclLibrary.versionText().matches("\\d+\\.\\d+\\.\\d+"), NcclLibrary.versionText());
    }

    @Test
    void uniqueIdsAre128FreshBytes() {
        assumeTrue(NcclLibrary.unavailableReason() == null, NcclLibrary.unavailableReason());
        byte[] first = NcclLibrary.uniqueId();
        byte[] second = NcclLibrary.uniqueId();
        assertEquals(128, first.length);
        assertFalse(Arrays.equals(first, new byte[128]), "an all-zero unique id");
        assertFalse(Arrays.equals(first, second), "two calls gave the same unique id");
    }

    @Test
    void joiningWithoutADeviceIsANamedError() {
        assumeTrue(NcclLibrary.unavailableReason() == null, NcclLibrary.unavailableReason());
        assumeTrue(Backends.cudaUnavailableReason() != null, "a GPU is present: ncclCommInitRank would succeed");
        NcclException error =
                assertThrows(NcclException.class, () -> NcclCommunicator.join(NcclLibrary.uniqueId(), 0, 1));
        assertNotEquals(0, error.status());
        assertTrue(error.getMessage().startsWith("ncclCommInitRank failed: "), error.getMessage());
        System.out.println("without a device: " + error.getMessage());
    }

    @Test
    void aWrongSizedIdIsRefusedBeforeNcclSeesIt() {
        assumeTrue(NcclLibrary.unavailableReason() == null, NcclLibrary.unavailableReason());
        assertThrows(IllegalArgumentException.class, () -> NcclCommunicator.join(new byte[16], 0, 1));
    }
}
