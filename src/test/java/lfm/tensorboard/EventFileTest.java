package lfm.tensorboard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import lfm.tensorboard.proto.EventProtos.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TFRecord framing and the events against bytes written by TensorBoard's own Python writer
 * (tensorboard 2.21, summary.writer.record_writer.RecordWriter with event_pb2.Event):
 * <pre>
 *   Event(wall_time=1700000000.5, step=0, file_version="brain.Event:2")
 *   Event(wall_time=1700000001.25, step=50, summary=Summary(value=[Summary.Value(tag="block_01/loss",
 *         simple_value=0.25, metadata=SummaryMetadata(summary_description="mean loss"))]))
 * </pre>
 * and the CRC-32C check value of "123456789" (0xE3069283, RFC 3720 §B.4).
 */
class EventFileTest {
    private static final String TENSORBOARD_BYTES =
            "1800000000000000a37f4b220900002040fc54d9411a0d627261696e2e4576656e743a322b3531"
                    + "10300000000000000095f5d05f0900005040fc54d94110322a230a210a0d626c6f636b5f30312f6c6f73"
                    + "73150000803e4a0b1a096d65616e206c6f7373899e8388";

    @TempDir
    Path temp;

    @Test
    void crc32cAndMaskMatchKnownValues() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0xE3069283, RecordFraming.crc32c(check, 0, check.length));
        assertEquals(0xC78AB0E5, RecordFraming.mask(RecordFraming.crc32c(check, 0, check.length)));
        assertEquals(0xA282EAD8, RecordFraming.mask(RecordFraming.crc32c(new byte[0], 0, 0)));
        assertEquals(0xE3069283, RecordFraming.unmask(0xC78AB0E5));
    }

    @Test
    void writerProducesTensorBoardsBytes() throws IOException {
        double[] clock = {1700000000.5, 1700000001.25};
        AtomicInteger tick = new AtomicInteger();
        Path file = temp.resolve("events.out.tfevents.test");
        try (EventFileWriter writer = new EventFileWriter(file, () -> clock[tick.getAndIncrement()])) {
            writer.describe("block_01/loss", "mean loss");
            writer.scalar("block_01/loss", 50, 0.25);
        }
        assertEquals(TENSORBOARD_BYTES, HexFormat.of().formatHex(Files.readAllBytes(file)));
    }

    @Test
    void framingOfOneRecord() {
        byte[] data = "abc".getBytes(StandardCharsets.US_ASCII);
        byte[] record = RecordFraming.frame(data);
        assertEquals(RecordFraming.HEADER_BYTES + 3 + RecordFraming.FOOTER_BYTES, record.length);
        assertArrayEquals(new byte[] {3, 0, 0, 0, 0, 0, 0, 0}, java.util.Arrays.copyOf(record, 8));
        int footer = java.nio.ByteBuffer.wrap(record, 15, 4)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .getInt();
        assertEquals(RecordFraming.mask(RecordFraming.crc32c(data, 0, 3)), footer);
    }

    @Test
    void readerReturnsEventsAndStopsAtATornRecord() throws IOException {
        Path file = temp.resolve("events.out.tfevents.read");
        byte[] png = tinyPng();
        try (EventFileWriter writer = new EventFileWriter(file, () -> 5.0)) {
            writer.scalar("a", 1, 1.5);
            writer.image("picture", 2, png);
        }
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(whole, whole.length - 3));
        List<Event> events = EventFileReader.read(file);
        assertEquals(2, events.size(), "the torn image record is left out");
        assertEquals(EventFileWriter.FILE_VERSION, events.get(0).getFileVersion());
        assertEquals(1.5f, events.get(1).getSummary().getValue(0).getSimpleValue());
        Files.write(file, whole);
        var image = EventFileReader.read(file).get(2).getSummary().getValue(0).getImage();
        assertEquals(3, image.getWidth());
        assertEquals(2, image.getHeight());
        assertArrayEquals(png, image.getEncodedImageString().toByteArray());
    }

    @Test
    void corruptRecordIsAnErrorNamingTheFileAndOffset() throws IOException {
        Path file = temp.resolve("events.out.tfevents.corrupt");
        byte[] bytes = HexFormat.of().parseHex(TENSORBOARD_BYTES);
        bytes[50] ^= 1;
        Files.write(file, bytes);
        IOException error = assertThrows(IOException.class, () -> EventFileReader.read(file));
        assertTrue(
                error.getMessage().contains(file.toString())
                        && error.getMessage().contains("byte 40"),
                error.getMessage());
    }

    private static byte[] tinyPng() throws IOException {
        var image = new java.awt.image.BufferedImage(3, 2, java.awt.image.BufferedImage.TYPE_INT_RGB);
        var out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
