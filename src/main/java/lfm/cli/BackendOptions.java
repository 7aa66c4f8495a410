package lfm.cli;

import lfm.backend.Backend;
import lfm.backend.Backends;
import picocli.CommandLine.Option;

/** --backend, --threads and --debug, shared by every command that computes. */
public final class BackendOptions {

    @Option(names = "--backend", defaultValue = "auto",
            description = "auto | cpu | cuda | reference (default: ${DEFAULT-VALUE})")
    String backend;

    @Option(names = "--threads", defaultValue = "0",
            description = "CPU worker threads, 0 = one per core (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--debug", description = "print stack traces on errors")
    boolean debug;

    /** Creates the chosen backend and logs the choice on stderr. */
    public Backend open() {
        if (threads < 0) {
            throw new IllegalArgumentException("--threads must be ≥ 0, got " + threads);
        }
        Backend created = Backends.create(backend, threads, line -> System.err.println(line));
        System.err.println("backend: " + created.description());
        return created;
    }
}
