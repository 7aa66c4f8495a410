package lfm.run;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a run folder for as long as one process trains in it, so that a second
 * {@code lfm train --resume} on the same folder stops with one line instead of writing the same
 * checkpoint files at once. The lock is the operating system's on {@code state/lock} (released when the
 * process ends, {@code kill -9} included, so a killed run never leaves the folder locked); the file itself
 * is empty and may stay.
 */
public final class RunLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of {@code folder}'s run.
     *
     * @throws IllegalStateException with one line naming the folder when another training holds it
     */
    public static RunLock acquire(RunFolder folder) throws IOException {
        Path file = folder.state("lock");
        Files.createDirectories(file.getParent());
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException heldHere) {
            lock = null; // this process already trains in the folder
        } catch (IOException | RuntimeException failed) {
            channel.close();
            throw failed;
        }
        if (lock == null) {
            channel.close();
            throw new IllegalStateException(folder.root() + " is in use by another lfm train (lock on " + file
                    + "); wait for it to finish or stop it first");
        }
        return new RunLock(channel, lock);
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
