package lfm.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Round trips, files written by others, and a file over 2 GiB. Hostile files: lfm.cli.HostileInputTest. */
class SafeTensorsTest {
    @TempDir
    Path folder;

    @Test
    void roundTripKeepsOrderShapesValuesAndMetadata() throws IOException {
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        tensors.put("net.2.weight", new HostTensor(new int[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}));
        tensors.put("net.0.bias", new HostTensor(new int[] {2}, new float[] {-1.5f, Float.MIN_VALUE}));
        tensors.put("empty", new HostTensor(new int[] {0, 4}, new float[0]));
        tensors.put("scalar", new HostTensor(new int[] {}, new float[] {7}));
        Path file = folder.resolve("t.safetensors");
        SafeTensors.write(file, tensors, Map.of("b", "2", "a", "1"));
        SafeTensors.Contents read = SafeTensors.read(file);
        assertEquals(List.copyOf(tensors.keySet()), List.copyOf(read.tensors().keySet()));
        for (var entry : tensors.entrySet()) {
            assertArrayEquals(
                    entry.getValue().shape(), read.tensors().get(entry.getKey()).shape(), entry.getKey());
            assertArrayEquals(
                    entry.getValue().values(),
                    read.tensors().get(entry.getKey()).values(),
                    entry.getKey());
        }
        assertEquals(Map.of("a", "1", "b", "2"), read.metadata());
    }

    /** The header order need not be the data order (safetensors' Python writer sorts by dtype, then name). */
    @Test
    void readsAFileWhoseHeaderOrderDiffersFromTheDataOrder() throws IOException {
        String header = "{\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"a\":{\"data_offsets\":[4,12],\"shape\":[2],\"dtype\":\"F32\"},\"__metadata__\":{\"format\":\"pt\"}}";
        ByteBuffer data = ByteBuffer.allocate(12)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putFloat(9)
                .putFloat(1)
                .putFloat(2);
        Path file = write("foreign.safetensors", header, data.array());
        SafeTensors.Contents read = SafeTensors.read(file);
        assertArrayEquals(new float[] {9}, read.tensors().get("b").values());
        assertArrayEquals(new float[] {1, 2}, read.tensors().get("a").values());
        assertEquals(Map.of("format", "pt"), read.metadata());
    }

    /**
     * A 2.5 GiB file (sparse: only the header and the last tensor take disk space) maps and reads back
     * its last tensor, which starts beyond 2³¹ bytes. The old reader took the whole file as one byte[]
     * and could not.
     */
    @Test
    void aFileOverTwoGibibytesReadsBack() throws IOException {
        assumeTrue(
                Files.getFileStore(folder).getUsableSpace() > 4L << 30,
                "needs 4 GiB free in case the file system does not keep the file sparse");
        long fillerBytes = 5L << 29; // 2.5 GiB of zeros, never written
        String header = "{\"filler\":{\"dtype\":\"F32\",\"shape\":[" + fillerBytes / 4 + "],\"data_offsets\":[0,"
                + fillerBytes + "]},\"tail\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[" + fillerBytes + ","
                + (fillerBytes + 16) + "]}}";
        Path file = write("big.safetensors", header, new byte[0]);
        long dataStart = Files.size(file);
        ByteBuffer tail = ByteBuffer.allocate(16)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putFloat(1.5f)
                .putFloat(-2)
                .putFloat(3)
                .putFloat(4e-7f)
                .flip();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(tail, dataStart + fillerBytes);
        }
        assertEquals(dataStart + fillerBytes + 16, Files.size(file));
        try (SafeTensors.MappedFile mapped = SafeTensors.open(file)) {
            assertEquals(List.of("filler", "tail"), mapped.names());
            assertArrayEquals(new int[] {(int) (fillerBytes / 4)}, mapped.shape("filler"));
            HostTensor read = mapped.tensor("tail");
            assertArrayEquals(new int[] {2, 2}, read.shape());
            assertArrayEquals(new float[] {1.5f, -2, 3, 4e-7f}, read.values());
        }
    }

    @Test
    void aMissingTensorNamesWhatTheFileHas() throws IOException {
        Path file = folder.resolve("one.safetensors");
        SafeTensors.write(file, Map.of("x", new HostTensor(new int[] {1}, new float[] {1})), Map.of());
        try (SafeTensors.MappedFile mapped = SafeTensors.open(file)) {
            IOException error = assertThrows(IOException.class, () -> mapped.tensor("y"));
            assertEquals(file + ": no tensor 'y' (has [x])", error.getMessage());
        }
    }

    private Path write(String name, String header, byte[] data) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer bytes = ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putLong(json.length).put(json).put(data);
        Path file = folder.resolve(name);
        Files.write(file, bytes.array());
        return file;
    }
}
