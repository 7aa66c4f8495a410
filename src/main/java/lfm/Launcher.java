package lfm;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Entry point of the jar. The CPU backend needs the incubator module {@code jdk.incubator.vector},
 * which a jar manifest cannot add; so when the JVM was started without it ({@code java -jar
 * lfm-engine.jar ...}), this class starts the same JVM once more with
 * {@code --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED} and the caller's own JVM
 * options, forwards the exit status, and otherwise stays out of the way. {@code bin/lfm} and the
 * {@code make dist} runtime pass the flags directly, so they never pay for the second start.
 * Set {@code LFM_NO_RELAUNCH=1} to forbid the relaunch (the CPU backend then reports itself missing).
 */
public final class Launcher {
    static final String VECTOR_MODULE = "jdk.incubator.vector";
    private static final String GUARD = "LFM_RELAUNCHED";

    private Launcher() {}

    public static void main(String[] args) throws Exception {
        boolean hasVector = ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
        if (!hasVector && System.getenv(GUARD) == null && System.getenv("LFM_NO_RELAUNCH") == null) {
            System.exit(relaunch(args));
        }
        lfm.cli.Main.main(args);
    }

    private static int relaunch(String[] args) throws Exception {
        String java = ProcessHandle.current()
                .info()
                .command()
                .orElse(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("--add-modules");
        command.add(VECTOR_MODULE);
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("lfm.cli.Main");
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().put(GUARD, "1");
        Process child = builder.start();
        Thread forwarder = new Thread(child::destroy, "lfm-relaunch-stop");
        Runtime.getRuntime().addShutdownHook(forwarder);
        int status = child.waitFor();
        Runtime.getRuntime().removeShutdownHook(forwarder);
        return status;
    }
}
