package lfm.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The 8-float (AVX2) kernels and tiles where the machine prefers 16 floats: `lfm check` on the matrix
 * products and dense-layer ops in a JVM started with {@code -Dlfm.cpu.vectorBits=256}. The species is a
 * per-JVM constant, hence the child process. Skipped where 256 bits already is the preferred width (the
 * in-process conformance tests run that path there).
 */
class NarrowVectorCheckTest {

    @Test
    void the256BitPathPassesTheConformanceChecks() throws Exception {
        Assumptions.assumeTrue(
                FloatVector.SPECIES_PREFERRED.vectorBitSize() > 256,
                "the preferred vector is already 256 bits or narrower here");
        for (String filter : List.of("matmul", "dense", "biasActivation")) {
            Path log = Files.createTempFile("lfm-check-256", ".log");
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process process = new ProcessBuilder(
                            java,
                            "--add-modules",
                            "jdk.incubator.vector",
                            "--enable-native-access=ALL-UNNAMED",
                            "-Dlfm.cpu.vectorBits=256",
                            "-cp",
                            System.getProperty("java.class.path"),
                            "lfm.cli.Main",
                            "check",
                            "--backend",
                            "cpu",
                            "--threads",
                            "2",
                            "--filter",
                            filter,
                            "--failures-only")
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            assertTrue(process.waitFor(5, TimeUnit.MINUTES), "lfm check timed out");
            String output = Files.readString(log);
            Files.delete(log);
            assertEquals(0, process.exitValue(), output);
            assertTrue(output.contains("8 floats per vector"), output);
        }
    }
}
