package lfm.dist.nccl;

import lfm.dist.CollectiveException;

/** An NCCL call failed, or NCCL could not be found: names the call, NCCL's status and its last error. */
public final class NcclException extends CollectiveException {
    private static final long serialVersionUID = 1L;

    private final int status;

    public NcclException(String message, int status) {
        super(message);
        this.status = status;
    }

    /** NCCL's ncclResult_t (0 when the failure was not a call's status). */
    public int status() {
        return status;
    }
}
