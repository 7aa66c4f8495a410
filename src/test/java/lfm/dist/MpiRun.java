package lfm.dist;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Launches Java under Open MPI's mpirun for tests, on loopback only: {@code --mca btl self,vader --mca
 * oob_tcp_if_include lo}, {@code --oversubscribe} (more ranks than cores), {@code --bind-to none}, and
 * {@code --allow-run-as-root} where the tests run as root. {@link #unavailableReason()} says why a test
 * must skip (no mpirun on PATH, or an mpirun that is not Open MPI's).
 */
public final class MpiRun {
    private static String reason;
    private static String launcher;
    private static boolean probed;

    private MpiRun() {}

    /** The outcome of one launch. */
    public record Result(int status, String output, boolean timedOut) {}

    /** Null when Open MPI's mpirun can be used, else why not. */
    public static synchronized String unavailableReason() {
        if (!probed) {
            probed = true;
            launcher = find("mpirun.openmpi", "mpirun");
            if (launcher == null) {
                reason = "no mpirun on PATH (install Open MPI: apt-get install --no-install-recommends openmpi-bin; "
                        + ".ci/run does this)";
            } else {
                Result version = run(List.of(launcher, "--version"), Map.of(), 30);
                String text = version.output();
                if (version.status() != 0
                        || !(text.contains("Open MPI") || text.contains("OpenRTE") || text.contains("open-mpi.org"))) {
                    reason = launcher + " is not Open MPI's mpirun (the tests use its --mca options): "
                            + version.output().strip();
                }
            }
        }
        return reason;
    }

    /** The Java command of this test JVM (modules, native access, class path) for {@code main} and its arguments. */
    public static List<String> java(String main, List<String> arguments) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules",
                "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED",
                "-Xmx512m",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                main));
        command.addAll(arguments);
        return command;
    }

    /** mpirun -np {@code ranks} {@code command}, killed after {@code timeoutSeconds}. */
    public static Result launch(int ranks, List<String> command, int timeoutSeconds) {
        List<String> full = new ArrayList<>(prefix(ranks));
        full.addAll(command);
        return run(full, Map.of(), timeoutSeconds);
    }

    /** MPICH's launcher (Hydra's mpirun.mpich), or null where MPICH is not installed beside Open MPI. */
    public static String mpichLauncher() {
        return find("mpirun.mpich", "mpiexec.hydra");
    }

    /** {@code mpirun.mpich -np ranks command} (Hydra starts local ranks by fork; no network setup needed). */
    public static Result launchMpich(int ranks, List<String> command, int timeoutSeconds) {
        List<String> full = new ArrayList<>(List.of(mpichLauncher(), "-np", Integer.toString(ranks)));
        full.addAll(command);
        return run(full, Map.of(), timeoutSeconds);
    }

    /** mpirun with one command per rank (MPMD: {@code -np 1 a : -np 1 b}). */
    public static Result launchEach(List<List<String>> commands, int timeoutSeconds) {
        List<String> full = new ArrayList<>(prefix(1));
        for (int r = 0; r < commands.size(); r++) {
            if (r > 0) {
                full.addAll(List.of(":", "-np", "1"));
            }
            full.addAll(commands.get(r));
        }
        return run(full, Map.of(), timeoutSeconds);
    }

    /** The mpirun command line (launcher and options) for {@code ranks} ranks, to start a job by hand. */
    public static List<String> command(int ranks) {
        return prefix(ranks);
    }

    private static List<String> prefix(int ranks) {
        if (unavailableReason() != null) {
            throw new IllegalStateException(unavailableReason());
        }
        List<String> prefix = new ArrayList<>(List.of(
                launcher,
                "--oversubscribe",
                "--bind-to",
                "none",
                "--mca",
                "btl",
                "self,vader",
                "--mca",
                "oob_tcp_if_include",
                "lo"));
        if ("root".equals(System.getProperty("user.name"))) {
            prefix.add("--allow-run-as-root");
        }
        prefix.addAll(List.of("-np", Integer.toString(ranks)));
        return prefix;
    }

    /** Runs a command with its output in a temporary file; a timed-out command is killed. */
    public static Result run(List<String> command, Map<String, String> environment, int timeoutSeconds) {
        try {
            Path log = Files.createTempFile("lfm-mpi", ".log");
            try {
                ProcessBuilder builder =
                        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
                builder.environment().putAll(environment);
                Process process = builder.start();
                boolean finished = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
                if (!finished) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
                return new Result(
                        finished ? process.exitValue() : -1, Files.readString(log, StandardCharsets.UTF_8), !finished);
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException failure) {
            return new Result(-1, command.get(0) + ": " + failure.getMessage(), false);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted", false);
        }
    }

    private static String find(String... names) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String name : names) {
            for (String folder : path.split(File.pathSeparator)) {
                File candidate = new File(folder, name);
                if (candidate.canExecute()) {
                    return candidate.getAbsolutePath();
                }
            }
        }
        return null;
    }
}
