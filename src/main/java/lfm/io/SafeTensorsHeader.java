package lfm.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON header of a safetensors file, parsed and checked against the file before any tensor byte is
 * read. Everything the format requires is enforced, so a damaged or hostile file fails with one line
 * naming the file, the tensor and the problem:
 * <ul>
 * <li>the header is valid UTF-8 and one JSON object (no duplicate names, nothing after it but the
 *     space padding the format allows);</li>
 * <li>each tensor has exactly {@code dtype}, {@code shape} and {@code data_offsets}; the dtype is one
 *     the format defines (only F32 is read); dimensions are non-negative integers whose product, in
 *     bytes, fits 63 bits and equals end − begin;</li>
 * <li>the byte ranges, sorted by start, tile the data section exactly: the first starts at 0, each
 *     starts where the previous ended (no overlap, no gap), and the last ends at the end of the file.</li>
 * </ul>
 *
 * @param tensors  each tensor's entry, in header order
 * @param metadata the {@code __metadata__} strings (empty if none)
 */
record SafeTensorsHeader(Map<String, Entry> tensors, Map<String, String> metadata) {
    /** Every dtype the safetensors format defines. */
    static final List<String> DTYPES = List.of(
            "BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3", "I16", "U16", "F16", "BF16", "I32", "U32", "F32", "F64", "I64",
            "U64");

    private static final Set<String> FIELDS = Set.of("dtype", "shape", "data_offsets");
    private static final ObjectReader JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .reader();

    /** One tensor: its shape and its byte range [begin, end) within the data section. */
    record Entry(String name, int[] shape, long elements, long begin, long end) {}

    /**
     * Parses {@code header} (the bytes after the 8-byte length) of a file whose data section (the bytes
     * after the header) is {@code dataLength} bytes long.
     */
    static SafeTensorsHeader parse(Path file, byte[] header, long dataLength) throws IOException {
        JsonNode root = json(file, utf8(file, header));
        Map<String, Entry> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (field.getKey().equals("__metadata__")) {
                readMetadata(file, field.getValue(), metadata);
            } else {
                tensors.put(field.getKey(), entry(file, field.getKey(), field.getValue()));
            }
        }
        checkTiling(file, tensors.values(), dataLength);
        return new SafeTensorsHeader(tensors, metadata);
    }

    private static String utf8(Path file, byte[] header) throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer input = ByteBuffer.wrap(header);
        CharBuffer output = CharBuffer.allocate(header.length);
        CoderResult result = decoder.decode(input, output, true);
        if (result.isError()) {
            throw problem(
                    file, "the header is not valid UTF-8 (at byte offset " + input.position() + " of the header)");
        }
        return output.flip().toString();
    }

    private static JsonNode json(Path file, String text) throws IOException {
        if (!text.startsWith("{")) {
            throw problem(file, "the header is not a JSON object (it must start with '{')");
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException malformed) {
            throw problem(
                    file,
                    "malformed header JSON: "
                            + malformed.getOriginalMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.isObject()) {
            throw problem(file, "the header is not a JSON object");
        }
        return root;
    }

    private static void readMetadata(Path file, JsonNode node, Map<String, String> metadata) throws IOException {
        if (!node.isObject()) {
            throw problem(file, "__metadata__ must be an object of strings");
        }
        for (Map.Entry<String, JsonNode> item : node.properties()) {
            if (!item.getValue().isTextual()) {
                throw problem(
                        file,
                        "__metadata__ must map names to strings; '" + item.getKey() + "' is "
                                + item.getValue().getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
            }
            metadata.put(item.getKey(), item.getValue().asText());
        }
    }

    private static Entry entry(Path file, String name, JsonNode node) throws IOException {
        if (!node.isObject()) {
            throw problem(file, "tensor '" + name + "': its entry is not an object");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!FIELDS.contains(key)) {
                throw problem(
                        file,
                        "tensor '" + name + "': unknown field '" + key + "' (expected dtype, shape, data_offsets)");
            }
        }
        String dtype = required(file, name, node, "dtype").asText();
        if (!node.get("dtype").isTextual() || !DTYPES.contains(dtype)) {
            throw problem(
                    file,
                    "tensor '" + name + "' has unknown dtype " + node.get("dtype") + " (safetensors defines "
                            + String.join(", ", DTYPES) + ")");
        }
        if (!dtype.equals("F32")) {
            throw problem(
                    file,
                    "tensor '" + name + "' is " + dtype + "; only F32 is supported (save it with " + "tensor.float())");
        }
        int[] shape = shape(file, name, required(file, name, node, "shape"));
        long elements = 1;
        long bytes;
        try {
            for (int dimension : shape) {
                elements = Math.multiplyExact(elements, dimension);
            }
            bytes = Math.multiplyExact(elements, 4L);
        } catch (ArithmeticException overflow) {
            throw problem(file, "tensor '" + name + "': shape " + Arrays.toString(shape) + " overflows 64 bits");
        }
        long[] offsets = offsets(file, name, required(file, name, node, "data_offsets"));
        if (offsets[1] - offsets[0] != bytes) {
            throw problem(
                    file,
                    "tensor '" + name + "': data_offsets " + Arrays.toString(offsets) + " hold "
                            + (offsets[1] - offsets[0]) + " bytes, but shape " + Arrays.toString(shape)
                            + " of F32 needs "
                            + bytes);
        }
        return new Entry(name, shape, elements, offsets[0], offsets[1]);
    }

    private static JsonNode required(Path file, String name, JsonNode node, String key) throws IOException {
        JsonNode value = node.get(key);
        if (value == null) {
            throw problem(file, "tensor '" + name + "' has no '" + key + "'");
        }
        return value;
    }

    private static int[] shape(Path file, String name, JsonNode node) throws IOException {
        if (!node.isArray()) {
            throw problem(file, "tensor '" + name + "': shape " + node + " is not a list of integers");
        }
        int[] shape = new int[node.size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode dimension = node.get(i);
            if (!dimension.isIntegralNumber() || !dimension.canConvertToInt()) {
                throw problem(
                        file,
                        "tensor '" + name + "': dimension " + dimension + " of shape " + node
                                + " is not an integer below 2³¹");
            }
            shape[i] = dimension.intValue();
            if (shape[i] < 0) {
                throw problem(file, "tensor '" + name + "': negative dimension " + shape[i] + " in shape " + node);
            }
        }
        return shape;
    }

    private static long[] offsets(Path file, String name, JsonNode node) throws IOException {
        if (!node.isArray() || node.size() != 2) {
            throw problem(file, "tensor '" + name + "': data_offsets " + node + " is not a pair [begin, end]");
        }
        long[] offsets = new long[2];
        for (int i = 0; i < 2; i++) {
            JsonNode value = node.get(i);
            if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
                throw problem(file, "tensor '" + name + "': data_offsets " + node + " must be two integers ≥ 0");
            }
            offsets[i] = value.longValue();
        }
        if (offsets[1] < offsets[0]) {
            throw problem(
                    file,
                    "tensor '" + name + "': data_offsets " + Arrays.toString(offsets) + " end before they " + "begin");
        }
        return offsets;
    }

    /** The ranges, by start, must cover [0, dataLength) exactly once. */
    private static void checkTiling(Path file, Iterable<Entry> entries, long dataLength) throws IOException {
        List<Entry> sorted = new ArrayList<>();
        entries.forEach(sorted::add);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long position = 0;
        Entry previous = null;
        for (Entry entry : sorted) {
            if (entry.begin() < position) {
                throw problem(
                        file,
                        "tensor '" + entry.name() + "' " + range(entry) + " overlaps tensor '" + previous.name() + "' "
                                + range(previous));
            }
            if (entry.begin() > position) {
                throw problem(
                        file,
                        "a gap of " + (entry.begin() - position) + " bytes before tensor '" + entry.name() + "' "
                                + range(entry) + ": tensors must be packed one after another");
            }
            if (entry.end() > dataLength) {
                throw problem(
                        file,
                        "tensor '" + entry.name() + "' " + range(entry) + " lies past the end of the file ("
                                + dataLength + " data bytes): truncated?");
            }
            position = entry.end();
            previous = entry;
        }
        if (position != dataLength) {
            throw problem(file, (dataLength - position) + " bytes after the last tensor belong to no tensor");
        }
    }

    private static String range(Entry entry) {
        return "(bytes " + entry.begin() + ".." + entry.end() + ")";
    }

    static IOException problem(Path file, String what) {
        return new IOException(file + ": " + what);
    }
}
