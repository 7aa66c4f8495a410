package lfm.tensorboard;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import lfm.tensorboard.proto.EventProtos.Event;

/**
 * Reads the events of one file written in the TFRecord framing, checking both CRCs of every record. A
 * torn last record (a writer stopped mid-write) ends the list; a CRC that does not match anywhere else
 * is an error naming the file and the byte offset.
 */
public final class EventFileReader {
    private EventFileReader() {}

    /** Every complete event of {@code file}, in order. */
    public static List<Event> read(Path file) throws IOException {
        List<Event> events = new ArrayList<>();
        for (byte[] data : records(file)) {
            events.add(Event.parseFrom(data));
        }
        return events;
    }

    /** The data of every complete record of {@code file}. */
    public static List<byte[]> records(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        List<byte[]> records = new ArrayList<>();
        while (buffer.remaining() >= RecordFraming.HEADER_BYTES) {
            int start = buffer.position();
            long length = buffer.getLong();
            int lengthCrc = buffer.getInt();
            if (RecordFraming.mask(RecordFraming.crc32c(bytes, start, Long.BYTES)) != lengthCrc) {
                throw new IOException(file + ": corrupt record at byte " + start + " (length CRC does not match)");
            }
            if (length > buffer.remaining() - RecordFraming.FOOTER_BYTES) {
                break; // torn last record
            }
            byte[] data = new byte[(int) length];
            buffer.get(data);
            if (RecordFraming.mask(RecordFraming.crc32c(data, 0, data.length)) != buffer.getInt()) {
                throw new IOException(file + ": corrupt record at byte " + start + " (data CRC does not match)");
            }
            records.add(data);
        }
        return records;
    }
}
