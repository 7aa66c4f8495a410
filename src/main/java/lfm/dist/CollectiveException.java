package lfm.dist;

/** A collective operation failed or the job was aborted: names the operation and the rank. */
public class CollectiveException extends RuntimeException {
    public CollectiveException(String message) {
        super(message);
    }

    public CollectiveException(String message, Throwable cause) {
        super(message, cause);
    }
}
