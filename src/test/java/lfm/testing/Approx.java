package lfm.testing;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Tolerance comparison for numeric tests: every element must satisfy |a − e| ≤ atol + rtol·|e|.
 * On failure the message names the check, the count of mismatches and the first few with their
 * indices, expected and actual values (NaN on either side is a mismatch unless both are NaN).
 */
public final class Approx {
    private static final int SHOWN = 5;

    private Approx() {}

    public static void assertClose(String what, double[] expected, double[] actual, double atol, double rtol) {
        if (expected.length != actual.length) {
            fail(what + ": length " + actual.length + ", expected " + expected.length);
        }
        StringBuilder first = new StringBuilder();
        int mismatches = 0;
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i], a = actual[i];
            boolean bothNaN = Double.isNaN(e) && Double.isNaN(a);
            double error = Math.abs(a - e);
            double allowed = atol + rtol * Math.abs(e);
            if (!bothNaN && !(error <= allowed)) {
                if (mismatches < SHOWN) {
                    first.append(String.format(
                            "%n  [%d] expected %.9g, got %.9g (|diff| %.3g > %.3g)", i, e, a, error, allowed));
                }
                mismatches++;
                worst = Math.max(worst, Double.isNaN(error) ? Double.POSITIVE_INFINITY : error / allowed);
            }
        }
        if (mismatches > 0) {
            fail(String.format(
                    "%s: %d of %d elements off (atol %.2g, rtol %.2g, worst %.3g× the tolerance); first:%s",
                    what, mismatches, expected.length, atol, rtol, worst, first));
        }
    }

    public static void assertClose(String what, float[] expected, float[] actual, double atol, double rtol) {
        assertClose(what, toDoubles(expected), toDoubles(actual), atol, rtol);
    }

    public static void assertClose(String what, double[] expected, float[] actual, double atol, double rtol) {
        assertClose(what, expected, toDoubles(actual), atol, rtol);
    }

    public static void assertClose(String what, double expected, double actual, double atol, double rtol) {
        assertClose(what, new double[] {expected}, new double[] {actual}, atol, rtol);
    }

    public static double[] toDoubles(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
