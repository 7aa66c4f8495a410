package lfm.backend.cpu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Per-core data cache sizes in bytes, as the kernel reports them in
 * /sys/devices/system/cpu/cpu0/cache/index* (what lscpu shows). Virtual machines often hide them; then
 * each missing level takes a modest default (32 KiB L1d, 512 KiB L2), and {@link #detected} says so.
 *
 * @param level1   L1 data cache per core
 * @param level2   L2 per core
 * @param detected whether both came from the system
 */
record CacheSizes(long level1, long level2, boolean detected) {
    static final long DEFAULT_LEVEL1 = 32 << 10;
    static final long DEFAULT_LEVEL2 = 512 << 10;
    private static final Path CACHE_DIRECTORY = Path.of("/sys/devices/system/cpu/cpu0/cache");

    static CacheSizes detect() {
        long level1 = -1;
        long level2 = -1;
        for (int index = 0; index < 8; index++) {
            Path entry = CACHE_DIRECTORY.resolve("index" + index);
            try {
                String type = Files.readString(entry.resolve("type")).trim();
                int level = Integer.parseInt(
                        Files.readString(entry.resolve("level")).trim());
                long size = parseSize(Files.readString(entry.resolve("size")));
                if (level == 1 && !type.equals("Instruction")) {
                    level1 = size;
                } else if (level == 2 && !type.equals("Instruction")) {
                    level2 = size;
                }
            } catch (IOException | RuntimeException absent) {
                // this index (or the whole directory) is not there: keep what we have
            }
        }
        boolean detected = level1 > 0 && level2 > 0;
        return new CacheSizes(level1 > 0 ? level1 : DEFAULT_LEVEL1, level2 > 0 ? level2 : DEFAULT_LEVEL2, detected);
    }

    /** "48K", "1024K", "1M" or a plain byte count. */
    static long parseSize(String text) {
        String value = text.trim().toUpperCase(Locale.ROOT);
        long unit = 1;
        if (value.endsWith("K")) {
            unit = 1 << 10;
        } else if (value.endsWith("M")) {
            unit = 1 << 20;
        }
        String digits = unit == 1 ? value : value.substring(0, value.length() - 1);
        return Long.parseLong(digits) * unit;
    }

    @Override
    public String toString() {
        return "L1d " + (level1 >> 10) + " KiB, L2 " + (level2 >> 10) + " KiB" + (detected ? "" : " (assumed)");
    }
}
