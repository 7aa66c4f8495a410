package lfm.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import lfm.run.RunFolder;

/** What a run trained on, for train.json: processor, cores, memory, Java runtime, operating system, host. */
final class MachineDescription {
    private MachineDescription() {}

    static ObjectNode describe() {
        ObjectNode machine = RunFolder.JSON.createObjectNode();
        machine.put("cpu", cpuName());
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            machine.put("memory_gib", Math.round(os.getTotalMemorySize() / (double) (1L << 30) * 10) / 10.0);
        }
        machine.put("java", Runtime.version() + " (" + System.getProperty("java.vm.name") + ")");
        machine.put(
                "os",
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"));
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (IOException unknown) {
                host = "unknown";
            }
        }
        machine.put("host", host);
        return machine;
    }

    /** The "model name" line of /proc/cpuinfo (Linux), else the architecture. */
    private static String cpuName() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            // not Linux, or not readable: fall through
        }
        return System.getProperty("os.arch");
    }
}
