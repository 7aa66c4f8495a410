package lfm.backend.cuda;

import java.util.Map;

/** A cuBLAS call returned a failure status; the message names the call and the decoded status. */
public class CublasException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(1, "CUBLAS_STATUS_NOT_INITIALIZED"),
            Map.entry(3, "CUBLAS_STATUS_ALLOC_FAILED"),
            Map.entry(7, "CUBLAS_STATUS_INVALID_VALUE"),
            Map.entry(8, "CUBLAS_STATUS_ARCH_MISMATCH"),
            Map.entry(11, "CUBLAS_STATUS_MAPPING_ERROR"),
            Map.entry(13, "CUBLAS_STATUS_EXECUTION_FAILED"),
            Map.entry(14, "CUBLAS_STATUS_INTERNAL_ERROR"),
            Map.entry(15, "CUBLAS_STATUS_NOT_SUPPORTED"),
            Map.entry(16, "CUBLAS_STATUS_LICENSE_ERROR"));

    private final String call;
    private final int status;

    public CublasException(String call, int status) {
        super(call + ": error " + status + " (" + NAMES.getOrDefault(status, "unknown cuBLAS status") + ")");
        this.call = call;
        this.status = status;
    }

    public String call() {
        return call;
    }

    public int status() {
        return status;
    }

    /** Throws when {@code status} is not CUBLAS_STATUS_SUCCESS. */
    static void check(String call, int status) {
        if (status != 0) {
            throw new CublasException(call, status);
        }
    }
}
