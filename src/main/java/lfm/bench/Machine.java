package lfm.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the benchmark runs on: processor name, cores and clock, and the theoretical fp32 peak. */
record Machine(String cpu, int cores, double gigahertz) {

    /** AVX2 + FMA: two 8-wide FMA units per core = 32 FLOPs per cycle. */
    static final int FLOPS_PER_CYCLE = 32;

    static Machine describe(int threads) {
        String name = "unknown";
        double gigahertz = Double.NaN;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name") && name.equals("unknown")) {
                    name = line.substring(line.indexOf(':') + 1).trim();
                    Matcher ghz = Pattern.compile("@\\s*([0-9.]+)GHz").matcher(name);
                    if (ghz.find()) {
                        gigahertz = Double.parseDouble(ghz.group(1));
                    }
                }
                if (line.startsWith("cpu MHz") && Double.isNaN(gigahertz)) {
                    gigahertz = Double.parseDouble(line.substring(line.indexOf(':') + 1).trim()) / 1000;
                }
            }
        } catch (IOException | NumberFormatException unreadable) {
            // leave unknown
        }
        return new Machine(name, threads, gigahertz);
    }

    /** cores × GHz × 32, in GFLOP/s. */
    double theoreticalPeakGflops() {
        return cores * gigahertz * FLOPS_PER_CYCLE;
    }
}
