package lfm.backend;

import java.util.Locale;
import java.util.function.Consumer;
import lfm.backend.reference.ReferenceBackend;

/**
 * Chooses and creates a backend by name, once per run: {@code reference}, {@code cpu}, {@code cuda} or
 * {@code auto} (CUDA when a GPU answers, else the CPU, with one line saying why). A backend asked for by
 * name that cannot start is an error, never a silent fallback.
 */
public final class Backends {
    private Backends() {}

    /**
     * Opens the backend of that name.
     *
     * @param name    reference | cpu | cuda | auto
     * @param threads worker threads for the CPU backend (0 = one per core)
     * @param notices receives the one-line explanation when {@code auto} falls back
     */
    public static Backend create(String name, int threads, Consumer<String> notices) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "reference" -> new ReferenceBackend();
            case "cpu" -> createCpu(threads);
            case "cuda" -> createCuda();
            case "auto" -> {
                String reason = cudaUnavailableReason();
                if (reason == null) {
                    yield createCuda();
                }
                notices.accept("backend auto: using cpu (" + reason + ")");
                yield createCpu(threads);
            }
            default ->
                throw new IllegalArgumentException(
                        "unknown backend '" + name + "' (expected auto, cpu, cuda or reference)");
        };
    }

    /** The CPU backend, or an error naming what is missing (the Vector API module). */
    public static Backend createCpu(int threads) {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            throw new BackendUnavailableException("the cpu backend needs the Vector API: start the JVM with "
                    + "--add-modules jdk.incubator.vector (bin/lfm and the jar's launcher do this)");
        }
        return new lfm.backend.cpu.CpuBackend(threads);
    }

    /** The CUDA backend; fails with the cause when no usable GPU is present. */
    public static Backend createCuda() {
        return lfm.backend.cuda.CudaBackend.open();
    }

    /** Null when a CUDA GPU is usable, else one line saying why not. */
    public static String cudaUnavailableReason() {
        return lfm.backend.cuda.CudaBackend.unavailableReason();
    }
}
