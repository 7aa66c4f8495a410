package lfm.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/**
 * A field added in a later format ({@code @Since}) takes its default when an older file lacks it, is
 * required in files of its own format, and raises the format this build writes.
 */
class SinceFieldsTest {

    /** A group as it might look after a flag was added in format 3. */
    record Group(int old, @Since(3) double added) {
        public static Group defaults() {
            return new Group(1, 0.5);
        }
    }

    record Root(String name, Group group) {}

    @Test
    void olderFilesGetTheDefaultNewerOnesMustHaveTheField() throws Exception {
        assertEquals(3, SinceFields.latest(Root.class));
        ObjectNode format2 = (ObjectNode) RunConfigFile.JSON.readTree("{\"name\": \"x\", \"group\": {\"old\": 7}}");
        SinceFields.fill(format2, Root.class, 2, RunConfigFile.JSON);
        assertEquals(new Root("x", new Group(7, 0.5)), RunConfigFile.fromTree(format2, Root.class));

        ObjectNode format3 = (ObjectNode) RunConfigFile.JSON.readTree("{\"name\": \"x\", \"group\": {\"old\": 7}}");
        SinceFields.fill(format3, Root.class, 3, RunConfigFile.JSON);
        IllegalArgumentException missing =
                assertThrows(IllegalArgumentException.class, () -> RunConfigFile.fromTree(format3, Root.class));
        assertEquals("missing field 'group.added'", missing.getMessage());
    }

    @Test
    void fillingFollowsTheModelKind() throws Exception {
        ObjectNode spec = (ObjectNode) RunConfigFile.toTree(TrainSpec.defaults());
        SinceFields.fill(spec, TrainSpec.class, 2, RunConfigFile.JSON);
        assertEquals(TrainSpec.defaults(), RunConfigFile.fromTree(spec, TrainSpec.class));
    }
}
