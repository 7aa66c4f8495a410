package lfm.tensorboard;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleSupplier;
import lfm.tensorboard.proto.EventProtos.Event;
import lfm.tensorboard.proto.EventProtos.Summary;
import lfm.tensorboard.proto.EventProtos.SummaryMetadata;

/**
 * Appends events to one TensorBoard event file ({@code events.out.tfevents.<seconds>.<host>.<pid>.<label>}
 * in a log directory; TensorBoard reads every file of a directory whose name holds "tfevents"). The
 * first record holds the file version "brain.Event:2"; then each call adds one Event with a Summary:
 * scalars as {@code simple_value}, images as PNG bytes with their size. A tag's description (shown by
 * TensorBoard beside its chart) travels with its first value in the file. Records are buffered until
 * {@link #flush}; TensorBoard reads a file while it grows, and ignores a torn last record.
 */
public final class EventFileWriter implements AutoCloseable {
    public static final String FILE_VERSION = "brain.Event:2";

    private final Path file;
    private final OutputStream out;
    private final DoubleSupplier wallClock;
    private final Map<String, String> descriptions = new HashMap<>();
    private final Set<String> written = new HashSet<>();

    /**
     * Opens a new file (never an existing one) and writes the version record.
     *
     * @param wallClock seconds since the epoch for each event (tests pass a fixed clock)
     */
    public EventFileWriter(Path file, DoubleSupplier wallClock) throws IOException {
        this.file = file;
        this.wallClock = wallClock;
        Files.createDirectories(file.toAbsolutePath().getParent());
        this.out = new BufferedOutputStream(
                Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 1 << 16);
        write(Event.newBuilder()
                .setWallTime(wallClock.getAsDouble())
                .setFileVersion(FILE_VERSION)
                .build());
    }

    /** A new file in {@code directory} named after the current time, host, process and {@code label}. */
    public static EventFileWriter create(Path directory, String label) throws IOException {
        Files.createDirectories(directory);
        String stem = String.format(
                Locale.ROOT,
                "events.out.tfevents.%d.%s.%d.%s",
                System.currentTimeMillis() / 1000,
                host(),
                ProcessHandle.current().pid(),
                label);
        for (int copy = 1; ; copy++) {
            try {
                return new EventFileWriter(
                        directory.resolve(copy == 1 ? stem : stem + "." + copy), EventFileWriter::now);
            } catch (FileAlreadyExistsException taken) {
                // a second writer with the same label in the same second: number it
            }
        }
    }

    public Path file() {
        return file;
    }

    /** Sets the text TensorBoard shows for {@code tag}; written with the tag's first value. */
    public void describe(String tag, String description) {
        descriptions.put(tag, description);
    }

    /** One scalar (stored as a 32-bit float, as TensorBoard does). */
    public void scalar(String tag, long step, double value) throws IOException {
        scalars(step, Map.of(tag, value));
    }

    /** Several scalars at one step, in one event. */
    public void scalars(long step, Map<String, Double> values) throws IOException {
        if (values.isEmpty()) {
            return;
        }
        Summary.Builder summary = Summary.newBuilder();
        values.forEach((tag, value) -> summary.addValue(value(tag).setSimpleValue(value.floatValue())));
        writeSummary(step, summary);
    }

    /** A PNG image; its size and colour type are read from its header. */
    public void image(String tag, long step, byte[] png) throws IOException {
        PngHeader header = PngHeader.read(png);
        Summary.Image image = Summary.Image.newBuilder()
                .setWidth(header.width())
                .setHeight(header.height())
                .setColorspace(header.colorspace())
                .setEncodedImageString(com.google.protobuf.ByteString.copyFrom(png))
                .build();
        writeSummary(step, Summary.newBuilder().addValue(value(tag).setImage(image)));
    }

    /** Pushes buffered records to the file. */
    public void flush() throws IOException {
        out.flush();
    }

    /** Writes an event as it is (for copying events between files). */
    public void write(Event event) throws IOException {
        out.write(RecordFraming.frame(event.toByteArray()));
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    private Summary.Value.Builder value(String tag) {
        Summary.Value.Builder value = Summary.Value.newBuilder().setTag(tag);
        String description = descriptions.get(tag);
        if (description != null && written.add(tag)) {
            value.setMetadata(SummaryMetadata.newBuilder().setSummaryDescription(description));
        }
        return value;
    }

    private void writeSummary(long step, Summary.Builder summary) throws IOException {
        write(Event.newBuilder()
                .setWallTime(wallClock.getAsDouble())
                .setStep(step)
                .setSummary(summary)
                .build());
    }

    private static double now() {
        return System.currentTimeMillis() / 1000.0;
    }

    private static String host() {
        String name = System.getenv("HOSTNAME");
        if (name == null || name.isBlank()) {
            try {
                name = java.net.InetAddress.getLocalHost().getHostName();
            } catch (IOException unknown) {
                name = "localhost";
            }
        }
        return name.replaceAll("[^A-Za-z0-9_.-]", "_");
    }
}
