package lfm.backend.cuda;

/**
 * A CUDA runtime call or one of our kernel launchers returned a failure status. The message names the
 * call and decodes the status: "cudaMalloc: error 2 (cudaErrorMemoryAllocation), out of memory".
 * Kernel faults surface asynchronously, at the next call that waits (a copy to the host, a synchronize).
 */
public class CudaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String call;
    private final int status;

    public CudaException(String call, int status, String decoded) {
        super(call + ": error " + status + " " + decoded);
        this.call = call;
        this.status = status;
    }

    /** The C function that failed. */
    public String call() {
        return call;
    }

    /** Its status code (cudaError_t, or an LFM_STATUS_* of native/lfm_kernels.h). */
    public int status() {
        return status;
    }
}
