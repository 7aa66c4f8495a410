package lfm.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Per-thread standard output while {@code lfm sweep} runs commands in-process: System.out and
 * System.err are replaced by streams that write to the current thread's target (set with
 * {@link #route}; inherited by threads it starts) or, where none is set, to the original streams.
 * Closing restores the original streams.
 */
final class ThreadOutput implements AutoCloseable {
    private static final InheritableThreadLocal<PrintStream> TARGET = new InheritableThreadLocal<>();

    private final PrintStream originalOut = System.out;
    private final PrintStream originalErr = System.err;

    private ThreadOutput() {
        System.setOut(router(originalOut));
        System.setErr(router(originalErr));
    }

    static ThreadOutput install() {
        return new ThreadOutput();
    }

    /** The original standard output (for the sweep's own lines). */
    PrintStream console() {
        return originalOut;
    }

    /** Sends this thread's (and its new threads') output and errors to {@code target}; null: back to the console. */
    static void route(PrintStream target) {
        if (target == null) {
            TARGET.remove();
        } else {
            TARGET.set(target);
        }
    }

    @Override
    public void close() {
        System.out.flush();
        System.err.flush();
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    private static PrintStream router(PrintStream fallback) {
        OutputStream routed = new OutputStream() {
            @Override
            public void write(int b) {
                target().write(b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                target().write(bytes, offset, length);
            }

            @Override
            public void flush() throws IOException {
                target().flush();
            }

            private PrintStream target() {
                PrintStream target = TARGET.get();
                return target != null ? target : fallback;
            }
        };
        return new PrintStream(routed, true, StandardCharsets.UTF_8);
    }
}
