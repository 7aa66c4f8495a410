package lfm.run;

import java.io.IOException;

/**
 * Called at every point of a checkpoint where a crash could stop the run: before each file, after its
 * temporary copy is complete (before the rename), after the rename, and after old files are removed.
 * Training passes {@link #NONE}; the fault-injection test throws at each point in turn.
 */
@FunctionalInterface
public interface WritePoints {
    WritePoints NONE = point -> {};

    /** {@code point} names the place, e.g. "block 2 step 20: state/partial-000003.safetensors written". */
    void reached(String point) throws IOException;
}
