package lfm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

class CheckCommandTest {

    private static String runCapturing(int expectedStatus, String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true));
        try {
            assertEquals(expectedStatus, Main.run(args));
        } finally {
            System.setOut(old);
        }
        return captured.toString();
    }

    @Test
    void printsATableAndTheTotals() {
        String out = runCapturing(0, "check", "--backend", "cpu", "--threads", "2", "--filter", "fillNormal");
        assertTrue(out.startsWith("case"), out);
        assertTrue(out.contains("fillNormal 4097") && out.contains("exact") && out.contains("pass"), out);
        assertTrue(out.strip().endsWith("10 passed, 0 failed"), out); // 6 sizes + 4 fills from an element offset
    }

    @Test
    void refusesAuto() {
        assertEquals(1, Main.run("check", "--backend", "auto", "--filter", "nothing"));
    }
}
