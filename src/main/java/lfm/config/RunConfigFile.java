package lfm.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * The JSON form of the spec records and of a run's config.json:
 * <pre>
 *   { "format": 2, "dimension": 2, "standardization": null | {"mean": [...], "std": [...]},
 *     "spec": { "model": {"kind": "mlp", ...}, "flow": {...}, "optimization": {...}, "data": {...}, "run": {...} } }
 * </pre>
 * Reading is strict: a missing field, an unknown field, a value the records reject, or a format newer
 * than {@link #FORMAT} fails with one line that names the file, the problem, the format found and the
 * format this build reads. Older formats are migrated on read (the file is left as it is): format 1 is
 * the flat layout written before the spec was grouped ({@link LegacyFormat}); a field added later
 * ({@link Since}) takes its default when a file predates it.
 */
public final class RunConfigFile {
    /** The format of the grouped layout; {@link #FORMAT} grows past it as {@code @Since} fields are added. */
    public static final int BASE_FORMAT = 2;
    /** The format this build writes, and the newest it reads. */
    public static final int FORMAT = Math.max(BASE_FORMAT, SinceFields.latest(RunConfig.class));

    static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private RunConfigFile() {}

    /** Writes {@code config} with the current format number first. */
    public static void write(RunConfig config, OutputStream out) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.setAll((ObjectNode) JSON.valueToTree(config));
        JSON.writeValue(out, root);
    }

    /** Reads and, where needed, migrates a config.json; every failure is one line naming the file. */
    public static RunConfig read(Path file) throws IOException {
        String found = "no readable format";
        try {
            JsonNode root = JSON.readTree(Files.readString(file));
            if (!(root instanceof ObjectNode object)) {
                throw new IllegalArgumentException("expected a JSON object");
            }
            int format = formatOf(object);
            found = "format " + format;
            if (format > FORMAT) {
                throw new IllegalArgumentException("it was written by a newer lfm-engine");
            }
            ObjectNode current = format == 1 ? LegacyFormat.migrate(object) : object;
            current.remove("format");
            SinceFields.fill(current, RunConfig.class, Math.max(format, BASE_FORMAT), JSON);
            return JSON.treeToValue(current, RunConfig.class);
        } catch (JacksonException | IllegalArgumentException problem) {
            throw new IOException(file + ": cannot read the run configuration: " + describe(problem) + " (file has "
                    + found + ", this lfm-engine reads format " + FORMAT + ")");
        }
    }

    /** One record (or any value) as JSON. */
    public static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JacksonException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** Reads the JSON form of a record strictly; a bad document is an {@link IllegalArgumentException}. */
    public static <T> T fromJson(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JacksonException problem) {
            throw new IllegalArgumentException(describe(problem), problem);
        }
    }

    /**
     * Converts a JSON tree into a record. A value the record rejects throws the record's own
     * {@link IllegalArgumentException}; any other problem one with a one-line description.
     */
    public static <T> T fromTree(JsonNode tree, Class<T> type) {
        try {
            return JSON.treeToValue(tree, type);
        } catch (ValueInstantiationException invalid) {
            if (invalid.getCause() instanceof IllegalArgumentException rejected) {
                throw rejected;
            }
            throw new IllegalArgumentException(describe(invalid), invalid);
        } catch (JacksonException problem) {
            throw new IllegalArgumentException(describe(problem), problem);
        }
    }

    /** The JSON tree of a record or value (to be changed and read back with {@link #fromTree}). */
    public static JsonNode toTree(Object value) {
        return JSON.valueToTree(value);
    }

    private static int formatOf(ObjectNode object) {
        JsonNode format = object.get("format");
        if (format == null) {
            return 1; // the flat layout had no format field
        }
        if (!format.canConvertToExactIntegral() || format.asInt() < 1) {
            throw new IllegalArgumentException("\"format\" must be a positive integer, got " + format);
        }
        return format.asInt();
    }

    /** One line for a Jackson or validation failure, naming the field by its path. */
    static String describe(Exception problem) {
        if (problem instanceof ValueInstantiationException invalid && invalid.getCause() != null) {
            return invalid.getCause().getMessage() + " (at '" + path(invalid) + "')";
        }
        if (problem instanceof UnrecognizedPropertyException unknown) {
            return "unknown field '" + path(unknown) + "'";
        }
        if (problem instanceof InvalidTypeIdException kind) {
            return kind.getTypeId() == null
                    ? "missing \"kind\" at '" + path(kind) + "'"
                    : "unknown kind '" + kind.getTypeId() + "' at '" + path(kind) + "'";
        }
        String message =
                problem instanceof JacksonException jackson ? jackson.getOriginalMessage() : problem.getMessage();
        String line = String.valueOf(message).lines().findFirst().orElse("");
        if (problem instanceof JsonMappingException mapping
                && line.matches("^Missing (required )?creator property '.*")) {
            String name = line.replaceFirst("^Missing (required )?creator property '([^']*)'.*$", "$2");
            String path = path(mapping);
            return "missing field '" + (path.endsWith(name) ? path : prefix(mapping) + name) + "'";
        }
        return problem instanceof JsonMappingException mapping
                        && !mapping.getPath().isEmpty()
                ? line + " at '" + path(mapping) + "'"
                : line;
    }

    private static String path(JsonMappingException problem) {
        return problem.getPath().stream()
                .map(reference ->
                        reference.getFieldName() != null ? reference.getFieldName() : "[" + reference.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    private static String prefix(JsonMappingException problem) {
        String path = path(problem);
        return path.isEmpty() ? "" : path + ".";
    }
}
