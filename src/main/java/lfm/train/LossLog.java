package lfm.train;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * loss.csv: one row per logging interval, "block,step,loss,learning_rate,gradient_norm,seconds" (the
 * gradient norm ‖g‖ of the interval's last step, before clipping; seconds of training wall time). Appended as
 * training goes; on resume it is cut back to its length at the checkpoint, so rows written after
 * the checkpoint (and a torn last line after a kill) are replaced by the replayed steps.
 */
final class LossLog implements AutoCloseable {
    static final String HEADER = "block,step,loss,learning_rate,gradient_norm,seconds\n";
    private final FileChannel channel; // null: a rank other than 0, which counts bytes but writes nothing
    private long counted;

    private LossLog(long keepBytes) {
        channel = null;
        counted = keepBytes == 0 ? HEADER.length() : keepBytes;
    }

    /** The log of a rank that writes no files: same lengths, no file. */
    static LossLog discarding(long keepBytes) {
        return new LossLog(keepBytes);
    }

    LossLog(Path file, long keepBytes) throws IOException {
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
        if (keepBytes == 0) {
            channel.truncate(0);
            write(HEADER);
        } else {
            channel.truncate(keepBytes);
            channel.position(keepBytes);
        }
    }

    void append(int block, long step, double loss, double learningRate, double gradientNorm, double seconds)
            throws IOException {
        write(String.format(
                Locale.ROOT, "%d,%d,%.6g,%.6g,%.6g,%.3f%n", block, step, loss, learningRate, gradientNorm, seconds));
    }

    /** Bytes written so far (recorded in checkpoints). */
    long length() throws IOException {
        if (channel == null) {
            return counted;
        }
        channel.force(false);
        return channel.position();
    }

    private void write(String line) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
        if (channel == null) {
            counted += bytes.remaining();
            return;
        }
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
        }
    }
}
