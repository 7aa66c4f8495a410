package lfm.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The safetensors format (huggingface/safetensors), float32 only: an 8-byte little-endian header
 * length n, n bytes of JSON {name: {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]},
 * "__metadata__": {string: string}}, then the raw little-endian data. Readable by PyTorch
 * ({@code safetensors.torch.load_file}) and others. Writes are atomic.
 */
public final class SafeTensors {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_HEADER = 100L << 20;

    private SafeTensors() {
    }

    /** The tensors of a file, in file order, and its metadata. */
    public record Contents(Map<String, HostTensor> tensors, Map<String, String> metadata) {
        public HostTensor require(String name, Path file) {
            HostTensor tensor = tensors.get(name);
            if (tensor == null) {
                throw new IllegalArgumentException(file + ": no tensor '" + name + "' (has " + tensors.keySet() + ")");
            }
            return tensor;
        }
    }

    public static void write(Path file, Map<String, HostTensor> tensors, Map<String, String> metadata) throws IOException {
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
        int padding = (8 - json.length % 8) % 8;   // the format allows trailing spaces; keeps data aligned
        byte[] headerBytes = new byte[json.length + padding];
        System.arraycopy(json, 0, headerBytes, 0, json.length);
        java.util.Arrays.fill(headerBytes, json.length, headerBytes.length, (byte) ' ');
        AtomicFiles.write(file, out -> {
            ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(headerBytes.length);
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
        });
    }

    /** Reads a whole file; a truncated or malformed file fails with a message naming it. */
    public static Contents read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length < 8) {
            throw new IOException(file + ": not a safetensors file (only " + bytes.length + " bytes)");
        }
        long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (headerLength <= 0 || headerLength > MAX_HEADER || 8 + headerLength > bytes.length) {
            throw new IOException(file + ": truncated or not a safetensors file (header length " + headerLength
                    + ", file " + bytes.length + " bytes)");
        }
        JsonNode header;
        try {
            header = JSON.readTree(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8));
        } catch (IOException malformed) {
            throw new IOException(file + ": malformed safetensors header: " + malformed.getMessage().lines().findFirst().orElse(""));
        }
        long dataStart = 8 + headerLength;
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (entry.getKey().equals("__metadata__")) {
                entry.getValue().fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
                continue;
            }
            tensors.put(entry.getKey(), readTensor(file, entry.getKey(), entry.getValue(), bytes, dataStart));
        }
        return new Contents(tensors, metadata);
    }

    private static HostTensor readTensor(Path file, String name, JsonNode info, byte[] bytes, long dataStart)
            throws IOException {
        String dtype = info.path("dtype").asText();
        if (!dtype.equals("F32")) {
            throw new IOException(file + ": tensor '" + name + "' is " + dtype + "; only F32 is supported");
        }
        JsonNode shapeNode = info.path("shape");
        int[] shape = new int[shapeNode.size()];
        long size = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asInt();
            size *= shape[i];
        }
        long begin = info.path("data_offsets").path(0).asLong(-1);
        long end = info.path("data_offsets").path(1).asLong(-1);
        if (begin < 0 || end - begin != 4 * size || dataStart + end > bytes.length) {
            throw new IOException(file + ": tensor '" + name + "' lies outside the file (truncated?)");
        }
        float[] values = new float[Math.toIntExact(size)];
        ByteBuffer.wrap(bytes, (int) (dataStart + begin), (int) (end - begin)).order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer().get(values);
        return new HostTensor(shape, values);
    }
}
