package lfm.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The safetensors format (huggingface/safetensors), float32 only: an 8-byte little-endian header
 * length n, n bytes of JSON {name: {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]},
 * "__metadata__": {string: string}}, then the raw little-endian data. Readable by PyTorch
 * ({@code safetensors.torch.load_file}) and others. Writes are atomic. Reads map the file (no
 * whole-file byte[], so files over 2 GiB read back) and check the header first
 * ({@link SafeTensorsHeader}).
 */
public final class SafeTensors {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_HEADER = 100L << 20;

    private SafeTensors() {}

    /** The tensors of a file, in file order, and its metadata. */
    public record Contents(Map<String, HostTensor> tensors, Map<String, String> metadata) {}

    public static void write(Path file, Map<String, HostTensor> tensors, Map<String, String> metadata)
            throws IOException {
        write(file, tensors, metadata, () -> {});
    }

    /** As {@link #write(Path, Map, Map)}, calling {@code beforeRename} as {@link AtomicFiles} does. */
    public static void write(
            Path file,
            Map<String, HostTensor> tensors,
            Map<String, String> metadata,
            AtomicFiles.IORunnable beforeRename)
            throws IOException {
        ObjectNode header = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            // Sorted keys: Map.of iterates in a per-JVM order, and files must be byte-identical across runs.
            new TreeMap<>(metadata).forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, HostTensor> entry : tensors.entrySet()) {
            ObjectNode info = header.putObject(entry.getKey());
            info.put("dtype", "F32");
            var shape = info.putArray("shape");
            for (int d : entry.getValue().shape()) {
                shape.add(d);
            }
            long bytes = 4L * entry.getValue().values().length;
            info.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] json = JSON.writeValueAsBytes(header);
        int padding = (8 - json.length % 8) % 8; // the format allows trailing spaces; keeps data aligned
        byte[] headerBytes = new byte[json.length + padding];
        System.arraycopy(json, 0, headerBytes, 0, json.length);
        java.util.Arrays.fill(headerBytes, json.length, headerBytes.length, (byte) ' ');
        AtomicFiles.write(
                file,
                out -> {
                    ByteBuffer length = ByteBuffer.allocate(8)
                            .order(ByteOrder.LITTLE_ENDIAN)
                            .putLong(headerBytes.length);
                    out.write(length.array());
                    out.write(headerBytes);
                    ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
                    for (HostTensor tensor : tensors.values()) {
                        for (float value : tensor.values()) {
                            if (!chunk.hasRemaining()) {
                                out.write(chunk.array(), 0, chunk.position());
                                chunk.clear();
                            }
                            chunk.putFloat(value);
                        }
                    }
                    out.write(chunk.array(), 0, chunk.position());
                },
                beforeRename);
    }

    /**
     * Reads every tensor of a file; a truncated, malformed or hostile file fails with one line naming
     * it (see {@link SafeTensorsHeader} for what is checked).
     */
    public static Contents read(Path file) throws IOException {
        try (MappedFile mapped = open(file)) {
            Map<String, HostTensor> tensors = new LinkedHashMap<>();
            for (String name : mapped.names()) {
                tensors.put(name, mapped.tensor(name));
            }
            return new Contents(tensors, mapped.metadata());
        }
    }

    /**
     * Maps a file and checks its header; tensors are then copied out one at a time, so files larger
     * than 2 GiB (and larger than the heap) read back.
     */
    public static MappedFile open(Path file) throws IOException {
        return MappedFile.open(file);
    }

    /** A safetensors file mapped read-only, its header checked. Close it to unmap. */
    public static final class MappedFile implements AutoCloseable {
        private static final ValueLayout.OfFloat FLOAT =
                ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
        private static final ValueLayout.OfLong LENGTH =
                ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

        private final Path file;
        private final Arena arena;
        private final MemorySegment data;
        private final SafeTensorsHeader header;

        private MappedFile(Path file, Arena arena, MemorySegment data, SafeTensorsHeader header) {
            this.file = file;
            this.arena = arena;
            this.data = data;
            this.header = header;
        }

        static MappedFile open(Path file) throws IOException {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                long size = channel.size();
                if (size < 8) {
                    throw SafeTensorsHeader.problem(
                            file,
                            "not a safetensors file (" + size + " bytes; it must start with an 8-byte header length)");
                }
                Arena arena = Arena.ofShared();
                try {
                    MemorySegment whole = channel.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
                    long headerLength = whole.get(LENGTH, 0);
                    if (headerLength < 0 || headerLength > size - 8) {
                        throw SafeTensorsHeader.problem(
                                file,
                                "the header length " + Long.toUnsignedString(headerLength)
                                        + " is larger than the file (" + size
                                        + " bytes): truncated or not a safetensors file");
                    }
                    if (headerLength > MAX_HEADER) {
                        throw SafeTensorsHeader.problem(
                                file,
                                "a header of " + headerLength + " bytes is over the " + "limit of " + MAX_HEADER
                                        + " bytes");
                    }
                    byte[] headerBytes = whole.asSlice(8, headerLength).toArray(ValueLayout.JAVA_BYTE);
                    MemorySegment data = whole.asSlice(8 + headerLength);
                    SafeTensorsHeader header = SafeTensorsHeader.parse(file, headerBytes, data.byteSize());
                    return new MappedFile(file, arena, data, header);
                } catch (IOException | RuntimeException failure) {
                    arena.close();
                    throw failure;
                }
            }
        }

        /** Tensor names in header order. */
        public List<String> names() {
            return List.copyOf(header.tensors().keySet());
        }

        public Map<String, String> metadata() {
            return header.metadata();
        }

        /** The shape of tensor {@code name}. */
        public int[] shape(String name) throws IOException {
            return entry(name).shape().clone();
        }

        /** Copies tensor {@code name} to the heap (at most 2³¹ − 1 values, one Java array). */
        public HostTensor tensor(String name) throws IOException {
            SafeTensorsHeader.Entry entry = entry(name);
            if (entry.elements() > Integer.MAX_VALUE - 8) {
                throw SafeTensorsHeader.problem(
                        file,
                        "tensor '" + name + "' has " + entry.elements() + " values, more than one Java array holds");
            }
            float[] values = new float[(int) entry.elements()];
            MemorySegment.copy(data, FLOAT, entry.begin(), values, 0, values.length);
            return new HostTensor(entry.shape().clone(), values);
        }

        private SafeTensorsHeader.Entry entry(String name) throws IOException {
            SafeTensorsHeader.Entry entry = header.tensors().get(name);
            if (entry == null) {
                throw SafeTensorsHeader.problem(
                        file,
                        "no tensor '" + name + "' (has " + header.tensors().keySet() + ")");
            }
            return entry;
        }

        @Override
        public void close() {
            arena.close();
        }
    }
}
