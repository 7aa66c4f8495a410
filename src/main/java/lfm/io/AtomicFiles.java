package lfm.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Writes a file so that readers see either the old content or the complete new content, never a
 * half-written file (a crash or Ctrl-C mid-write leaves the old file in place). The content goes to a
 * hidden temporary file in the same directory, is flushed to disk, then renamed over the target with
 * {@code ATOMIC_MOVE}, and the directory is flushed so the rename itself survives a power cut. Used for
 * plots, checkpoints and run metadata. A process killed mid-write leaves its temporary file behind:
 * {@link #sweepTemporaries} removes such leftovers (a run folder does it when it is locked for training).
 */
public final class AtomicFiles {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The name {@link #createTemporary} gives: "." + target name + "." + hex + ".tmp". */
    private static final Pattern TEMPORARY = Pattern.compile("\\..+\\.[0-9a-f]{1,16}\\.tmp");

    private AtomicFiles() {}

    /**
     * Writes {@code target} atomically; parent directories are created. On any failure the temporary
     * file is removed and the target is left as it was.
     *
     * @param target the file to create or replace
     * @param writer writes the whole content to the stream it is given (closing it only flushes)
     */
    public static void write(Path target, IOConsumer<OutputStream> writer) throws IOException {
        write(target, writer, () -> {});
    }

    /**
     * As {@link #write(Path, IOConsumer)}, calling {@code beforeRename} once the temporary file is complete
     * and flushed and before it replaces the target (a crash there leaves the old target and a leftover).
     */
    public static void write(Path target, IOConsumer<OutputStream> writer, IORunnable beforeRename) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path directory = absolute.getParent();
        Files.createDirectories(directory);
        Path temporary = createTemporary(directory, absolute.getFileName().toString());
        try {
            try (FileChannel channel =
                    FileChannel.open(temporary, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream stream = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                writer.accept(new FilterOutputStream(stream) {
                    @Override
                    public void write(byte[] bytes, int offset, int length) throws IOException {
                        stream.write(bytes, offset, length);
                    }

                    @Override
                    public void close() throws IOException {
                        stream.flush(); // writers such as Jackson close their target; the file is closed here
                    }
                });
                stream.flush();
                channel.force(true);
            }
            beforeRename.run();
            move(temporary, absolute);
            syncDirectory(directory);
        } catch (IOException | RuntimeException | Error failure) {
            Files.deleteIfExists(temporary);
            throw failure;
        }
    }

    /**
     * A new empty hidden file beside the target. Files.createFile (unlike createTempFile, which makes
     * files readable by the owner only) gives the usual permissions, so the renamed file has them too.
     */
    private static Path createTemporary(Path directory, String name) throws IOException {
        while (true) {
            Path candidate = directory.resolve("." + name + "." + Long.toHexString(RANDOM.nextLong() >>> 16) + ".tmp");
            try {
                return Files.createFile(candidate);
            } catch (FileAlreadyExistsException taken) {
                // another writer picked the same name: draw again
            }
        }
    }

    /** An action that may throw {@link IOException}. */
    @FunctionalInterface
    public interface IORunnable {
        void run() throws IOException;
    }

    /**
     * Deletes the temporary files {@link #write} leaves in {@code directory} when a process is killed
     * mid-write (".NAME.HEX.tmp"); returns how many. Call it only while no other writer uses the directory.
     */
    public static int sweepTemporaries(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        int removed = 0;
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(
                directory,
                entry -> TEMPORARY.matcher(entry.getFileName().toString()).matches())) {
            for (Path leftover : leftovers) {
                removed += Files.deleteIfExists(leftover) ? 1 : 0;
            }
        }
        return removed;
    }

    /**
     * Flushes {@code directory}'s entries (the renames into it) to disk. Where a directory cannot be
     * opened for that (not on Linux or macOS) the rename is as durable as the file system makes it.
     */
    public static void syncDirectory(Path directory) throws IOException {
        Optional<FileChannel> opened = openDirectory(directory);
        if (opened.isPresent()) {
            try (FileChannel channel = opened.get()) {
                channel.force(true);
            }
        }
    }

    /** The directory as a channel, or empty where the platform cannot open one (Windows). */
    private static Optional<FileChannel> openDirectory(Path directory) throws IOException {
        try {
            return Optional.of(FileChannel.open(directory, StandardOpenOption.READ));
        } catch (UnsupportedOperationException | AccessDeniedException directoryNotOpenable) {
            return Optional.empty();
        }
    }

    private static void move(Path temporary, Path target) throws IOException {
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException unsupported) {
            // Some file systems (a few network mounts) cannot rename atomically: a plain replace is
            // the best they offer.
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
