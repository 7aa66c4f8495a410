package lfm.config;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.HashSet;
import java.util.Set;

/**
 * The {@link Since} fields of a tree of spec records: the newest format they need, and filling them in
 * from the records' {@code defaults()} when a file of an older format is read. The tree is walked by
 * type: record components, and for a sealed interface the record its "kind" names ({@link JsonSubTypes}).
 */
final class SinceFields {
    private SinceFields() {}

    /** The largest {@code @Since} anywhere under {@code type} (0 when there is none). */
    static int latest(Class<?> type) {
        return latest(type, new HashSet<>());
    }

    private static int latest(Class<?> type, Set<Class<?>> seen) {
        if (!seen.add(type)) {
            return 0;
        }
        int newest = 0;
        if (type.isSealed()) {
            for (Class<?> permitted : type.getPermittedSubclasses()) {
                newest = Math.max(newest, latest(permitted, seen));
            }
        }
        if (type.isRecord()) {
            for (RecordComponent component : type.getRecordComponents()) {
                Since since = component.getAnnotation(Since.class);
                newest = Math.max(
                        newest, Math.max(since == null ? 0 : since.value(), latest(component.getType(), seen)));
            }
        }
        return newest;
    }

    /**
     * Adds every field of {@code node} (a JSON object of {@code type}) that is newer than
     * {@code fileFormat} and absent, with its default value; recurses into nested records.
     */
    static void fill(JsonNode node, Class<?> type, int fileFormat, ObjectMapper json) {
        if (!(node instanceof ObjectNode object)) {
            return;
        }
        Class<?> concrete = type.isInterface() ? named(type, object) : type;
        if (concrete == null || !concrete.isRecord()) {
            return;
        }
        JsonNode defaults = null;
        for (RecordComponent component : concrete.getRecordComponents()) {
            Since since = component.getAnnotation(Since.class);
            String name = component.getName();
            if (since != null && since.value() > fileFormat && !object.has(name)) {
                if (defaults == null) {
                    defaults = json.valueToTree(defaults(concrete));
                }
                object.set(name, defaults.get(name).deepCopy());
            }
            fill(object.get(name), component.getType(), fileFormat, json);
        }
    }

    /** The record a sealed interface's JSON object names by its "kind" (null when it names none). */
    private static Class<?> named(Class<?> type, ObjectNode object) {
        JsonSubTypes subtypes = type.getAnnotation(JsonSubTypes.class);
        JsonNode kind = object.get("kind");
        if (subtypes == null || kind == null) {
            return null;
        }
        for (JsonSubTypes.Type subtype : subtypes.value()) {
            if (subtype.name().equals(kind.asText())) {
                return subtype.value();
            }
        }
        return null;
    }

    private static Object defaults(Class<?> record) {
        try {
            return record.getMethod("defaults").invoke(null);
        } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException missing) {
            throw new IllegalStateException(
                    record.getSimpleName() + " has @Since fields but no public static defaults()", missing);
        }
    }
}
