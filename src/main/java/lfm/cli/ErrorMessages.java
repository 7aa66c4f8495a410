package lfm.cli;

import java.io.FileNotFoundException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/** Turns an exception into the one line a user sees. */
final class ErrorMessages {
    private ErrorMessages() {}

    static String describe(Throwable error) {
        Throwable cause = error;
        while ((cause.getMessage() == null || cause instanceof java.io.UncheckedIOException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof NoSuchFileException missing) {
            return missing.getReason() != null
                    ? missing.getFile() + ": " + missing.getReason()
                    : "no such file: " + missing.getFile();
        }
        if (cause instanceof AccessDeniedException denied) {
            return "cannot read " + denied.getFile() + ": permission denied";
        }
        if (cause instanceof FileNotFoundException missing) {
            return missing.getMessage();
        }
        if (cause instanceof OutOfMemoryError) {
            return "out of memory: lower --batch or the chunk size, or raise the heap (JAVA_OPTS=-Xmx...)";
        }
        String message = cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : message;
    }
}
