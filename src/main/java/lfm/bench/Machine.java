package lfm.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What the benchmark runs on, and the theoretical fp32 peak the workloads are compared with:
 * <pre>
 *   peak = cores × measured GHz × FMA ports × lanes × 2      (an FMA is 2 FLOPs)
 * </pre>
 * <ul>
 *   <li>cores: the backend's threads (one per core);</li>
 *   <li>GHz: measured, {@link #measureGigahertz()}: a chain of dependent 1-cycle integer operations
 *       timed in thread CPU time, so it shows the clock the core really runs at (boost included),
 *       not the nominal one /proc/cpuinfo reports. Assumes 1-cycle add and xor latency (true of every
 *       x86-64 core) and that the vector units run at that clock;</li>
 *   <li>FMA ports: assumed {@value #FMA_PORTS} (Intel since Haswell, AMD since Zen 2 for 256 bits;
 *       Zen 5 and Intel server cores for 512 bits). Zen 4 splits 512-bit operations in two, so its
 *       AVX-512 peak is half of what this formula says;</li>
 *   <li>lanes: the floats per vector the kernels use (8 AVX2, 16 AVX-512, 1 scalar).</li>
 * </ul>
 *
 * @param cpu              the processor's name from /proc/cpuinfo
 * @param cores            cores (threads) the peak counts
 * @param gigahertz        measured clock
 * @param nominalGigahertz the clock /proc/cpuinfo reports (NaN if none)
 * @param lanes            floats per vector
 */
record Machine(String cpu, int cores, double gigahertz, double nominalGigahertz, int lanes) {

    /** Assumed FMA pipes per core. */
    static final int FMA_PORTS = 2;

    static Machine describe(int threads, int lanes) {
        String name = "unknown";
        double nominal = Double.NaN;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name") && name.equals("unknown")) {
                    name = line.substring(line.indexOf(':') + 1).trim();
                }
                if (line.startsWith("cpu MHz") && Double.isNaN(nominal)) {
                    nominal = Double.parseDouble(
                                    line.substring(line.indexOf(':') + 1).trim())
                            / 1000;
                }
            }
        } catch (IOException | NumberFormatException unreadable) {
            // leave unknown
        }
        return new Machine(name, threads, measureGigahertz(), nominal, lanes);
    }

    /** FLOPs per cycle per core: FMA ports × lanes × 2. */
    int flopsPerCycle() {
        return FMA_PORTS * lanes * 2;
    }

    /** cores × GHz × FMA ports × lanes × 2, in GFLOP/s. */
    double theoreticalPeakGflops() {
        return cores * gigahertz * flopsPerCycle();
    }

    /** One line: the model with its figures. */
    String peakModel() {
        return String.format(
                Locale.ROOT,
                "%d cores × %.2f GHz (measured; nominal %.2f) × %d FMA ports (assumed) × %d "
                        + "lanes × 2 = %.1f GFLOP/s",
                cores,
                gigahertz,
                nominalGigahertz,
                FMA_PORTS,
                lanes,
                theoreticalPeakGflops());
    }

    /**
     * The clock of the calling thread's core in GHz: the best of several timed runs of a chain of
     * dependent add/xor pairs (2 cycles per pair), in thread CPU time so that waiting for a shared core
     * does not count. The first runs warm the method up for the JIT.
     */
    static double measureGigahertz() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (!threads.isCurrentThreadCpuTimeSupported()) {
            return Double.NaN;
        }
        long sink = 0;
        double best = 0;
        int pairs = 4_000_000;
        for (int run = 0; run < 40; run++) {
            long start = threads.getCurrentThreadCpuTime();
            sink += dependentChain(pairs, run);
            long nanos = threads.getCurrentThreadCpuTime() - start;
            if (run >= 10 && nanos > 0) {
                best = Math.max(best, 2.0 * pairs / nanos);
            }
        }
        return sink == 42 ? best + 1e-12 : best; // keeps the chain's result alive
    }

    /** {@code pairs} dependent (x + c) ^ d steps: 2 cycles each on any x86-64 core. */
    private static long dependentChain(int pairs, long seed) {
        long x = seed;
        for (int i = 0; i < pairs; i++) {
            x = (x + 0x9E3779B97F4A7C15L) ^ 0x5851F42D4C957F2DL;
        }
        return x;
    }
}
