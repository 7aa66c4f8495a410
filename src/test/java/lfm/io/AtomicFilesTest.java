package lfm.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path folder;

    @Test
    void writesAndReplacesWithoutLeavingTemporaryFiles() throws IOException {
        Path target = folder.resolve("sub").resolve("run.json");
        AtomicFiles.write(target, out -> out.write("first".getBytes(StandardCharsets.UTF_8)));
        AtomicFiles.write(target, out -> out.write("second".getBytes(StandardCharsets.UTF_8)));
        assertEquals("second", Files.readString(target));
        try (Stream<Path> files = Files.list(target.getParent())) {
            assertEquals(1, files.count(), "only the target remains");
        }
    }

    @Test
    void aFailedWriteLeavesTheOldContentAndNoTemporaryFile() throws IOException {
        Path target = folder.resolve("weights.bin");
        AtomicFiles.write(target, out -> out.write("old".getBytes(StandardCharsets.UTF_8)));
        IOException failure = assertThrows(
                IOException.class,
                () -> AtomicFiles.write(target, stream -> {
                    stream.write(new byte[] {1, 2, 3});
                    throw new IOException("disk full");
                }));
        assertEquals("disk full", failure.getMessage());
        assertEquals("old", Files.readString(target));
        try (Stream<Path> files = Files.list(folder)) {
            assertEquals(1, files.count(), "the temporary file was removed");
        }
    }

    @Test
    void sweepRemovesOnlyTheLeftoversOfKilledWrites() throws IOException {
        Files.writeString(folder.resolve(".pool.safetensors.3fa9c1d2e4b5.tmp"), "torn");
        Files.writeString(folder.resolve(".checkpoint.json.0.tmp"), "torn");
        Files.writeString(folder.resolve("pool.safetensors"), "kept");
        Files.writeString(folder.resolve("notes.tmp"), "kept: not a name AtomicFiles gives");
        assertEquals(2, AtomicFiles.sweepTemporaries(folder));
        try (Stream<Path> files = Files.list(folder)) {
            assertEquals(
                    java.util.List.of("notes.tmp", "pool.safetensors"),
                    files.map(file -> file.getFileName().toString()).sorted().toList());
        }
        assertEquals(0, AtomicFiles.sweepTemporaries(folder.resolve("missing")));
    }
}
