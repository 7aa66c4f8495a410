package lfm.cli;

import java.util.List;
import java.util.Locale;
import lfm.backend.Backend;
import lfm.backend.Backends;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** --backend, --threads and --debug, shared by every command that computes. */
public final class BackendOptions {
    private static final List<String> NAMES = List.of("auto", "cpu", "cuda", "reference");

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(
            names = "--backend",
            defaultValue = "auto",
            description = "auto | cpu | cuda | reference (default: ${DEFAULT-VALUE})")
    String backend;

    @Option(
            names = "--threads",
            defaultValue = "0",
            description = "CPU worker threads, 0 = one per core (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--debug", description = "print stack traces on errors")
    boolean debug;

    /** Creates the chosen backend and logs the choice on stderr. */
    public Backend open() {
        if (threads < 0) {
            throw new ParameterException(spec.commandLine(), "--threads must be ≥ 0, got " + threads);
        }
        if (!NAMES.contains(backend.toLowerCase(Locale.ROOT))) {
            throw new ParameterException(
                    spec.commandLine(), "unknown backend '" + backend + "' (expected auto, cpu, cuda or reference)");
        }
        Backend created = Backends.create(backend, threads, line -> System.err.println(line));
        System.err.println("backend: " + created.description());
        return created;
    }
}
