package lfm.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The whole CUDA backend on the CPU emulator of native/emu (every kernel of native/src run thread by
 * thread, cudart and cuBLAS stand-ins): the FFM bindings, the launchers' indexing and reductions, the
 * row-major cuBLAS call and the training step, checked against the reference backend with
 * {@code lfm gpu-check}. Runs in a child JVM because a process binds one cudart for good. Skipped
 * (with the reason) when the emulator is not built: {@code make -C native emu} needs only g++.
 */
class CudaEmulatorTest {
    private static final Path EMULATOR = Path.of("native/build/emu");

    @Test
    void gpuCheckPassesOnTheEmulator() throws IOException, InterruptedException {
        assumeTrue(
                Files.isRegularFile(EMULATOR.resolve("liblfmkernels.so"))
                        && Files.isRegularFile(EMULATOR.resolve("libcudart.so"))
                        && Files.isRegularFile(EMULATOR.resolve("libcublas.so")),
                "CUDA emulator not built (make -C native emu); skipping the emulated CUDA backend check");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(
                "--add-modules",
                "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED",
                "-Dlfm.native.path=" + EMULATOR.toAbsolutePath(),
                "-Dlfm.cuda.libs=" + EMULATOR.toAbsolutePath(),
                "-cp",
                System.getProperty("java.class.path"),
                "lfm.cli.Main",
                "gpu-check",
                "--against",
                "reference",
                "--trace-steps",
                "30",
                "--trace-batch",
                "200",
                "--trace-width",
                "32",
                "--tolerance",
                "1e-4"));
        Path log = Files.createTempFile("lfm-emulated-gpu-check", ".log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        boolean finished = process.waitFor(10, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        assertTrue(finished, "emulated gpu-check did not finish in 10 minutes:\n" + output);
        assertEquals(0, process.exitValue(), "emulated gpu-check failed:\n" + output);
        assertTrue(output.contains("CPU EMULATOR"), "the check did not run on the emulator:\n" + output);
        assertTrue(output.contains("{\"gpu_check\": \"passed\""), output);
    }
}
