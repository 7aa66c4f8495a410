package lfm.io;

import java.io.IOException;

/** A consumer that may throw {@link IOException} (what a file writer needs). */
@FunctionalInterface
public interface IOConsumer<T> {
    void accept(T value) throws IOException;
}
