package lfm.cli;

import java.util.concurrent.Callable;
import lfm.backend.Backend;
import lfm.backend.Backends;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lfm info}: the runtime, the CPU backend's vector shape and threads, and the GPU or why none. */
@Command(
        name = "info",
        mixinStandardHelpOptions = true,
        abbreviateSynopsis = true,
        description = "Show the Java runtime, the CPU backend and the GPU (or why there is none).")
final class InfoCommand implements Callable<Integer> {

    @Option(
            names = "--threads",
            defaultValue = "0",
            description = "CPU worker threads, 0 = one per core (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--debug", description = "print stack traces on errors")
    boolean debug;

    @Override
    public Integer call() {
        System.out.println("lfm-engine " + Version.ENGINE);
        System.out.println("java:       " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ", "
                + System.getProperty("os.arch") + ")");
        System.out.println("cores:      " + Runtime.getRuntime().availableProcessors());
        System.out.println("max heap:   " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB");
        try (Backend cpu = Backends.createCpu(threads)) {
            System.out.println("cpu:        " + cpu.description());
            if (cpu instanceof lfm.backend.cpu.CpuBackend vectorBackend) {
                System.out.println("sgemm:      " + vectorBackend.gemmDescription());
            }
        } catch (RuntimeException unavailable) {
            System.out.println("cpu:        unavailable: " + unavailable.getMessage());
        }
        System.out.println("reference:  available (scalar oracle)");
        String reason = Backends.cudaUnavailableReason();
        if (reason == null) {
            try (Backend cuda = Backends.createCuda()) {
                System.out.println("cuda:       " + cuda.description());
            }
        } else {
            System.out.println("cuda:       unavailable: " + reason);
        }
        return 0;
    }
}
