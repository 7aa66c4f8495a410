package lfm.dist.mpi;

import lfm.dist.CollectiveException;

/** An MPI call returned an error, or MPI could not be found or started: names the call and the reason. */
public final class MpiException extends CollectiveException {
    private static final long serialVersionUID = 1L;

    public MpiException(String message) {
        super(message);
    }

    public MpiException(String message, Throwable cause) {
        super(message, cause);
    }
}
