package lfm.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The table native/test/math_test.cpp checks the CUDA headers against must match the Java side. */
class NativeMathTableTest {

    @Test
    void committedTableMatchesTheJavaDefinitions() throws IOException {
        String committed = Files.readString(NativeMathTable.FILE, StandardCharsets.UTF_8);
        assertEquals(
                NativeMathTable.render(),
                committed,
                "native/test/java_values.inc is stale: regenerate it with "
                        + "java -cp target/classes:target/test-classes lfm.backend.cuda.NativeMathTable");
    }
}
