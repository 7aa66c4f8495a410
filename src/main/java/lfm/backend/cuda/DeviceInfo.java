package lfm.backend.cuda;

import java.util.Locale;

/**
 * What {@code lfm info} and the backend's description say about the GPU. Read through calls whose
 * layout is stable across CUDA versions: cudaDeviceGetAttribute (compute capability, SM count),
 * cudaMemGetInfo (memory) and the first field of cudaDeviceProp (the name, char[256]).
 */
public record DeviceInfo(
        int ordinal,
        String name,
        long totalBytes,
        long freeBytes,
        int major,
        int minor,
        int multiprocessors,
        int runtimeVersion,
        int driverVersion) {

    /** True for the CPU emulator of native/emu, which reports compute capability 0.0. */
    public boolean emulated() {
        return major == 0;
    }

    public String summary() {
        return String.format(
                Locale.ROOT,
                "%s, %.1f GiB (%.1f free), compute capability %d.%d, %d SMs, " + "CUDA runtime %s, driver %s",
                name,
                totalBytes / (double) (1L << 30),
                freeBytes / (double) (1L << 30),
                major,
                minor,
                multiprocessors,
                version(runtimeVersion),
                version(driverVersion));
    }

    private static String version(int code) {
        return code / 1000 + "." + code % 1000 / 10;
    }
}
