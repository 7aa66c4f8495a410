package lfm.backend.conformance;

import java.util.List;

/**
 * Outcome of one conformance case: whether every output element was within tolerance, the largest
 * absolute error and the largest error as a multiple of the allowed one (≤ 1 passes), and the first
 * mismatches with their output name, flat index, expected (reference) and actual (candidate) values.
 * {@code failure} holds the exception message when an op threw instead of computing.
 *
 * @param compared number of elements compared over all outputs
 */
public record CaseResult(
        String name,
        String op,
        Tolerance tolerance,
        boolean passed,
        long compared,
        double maxError,
        double worstRatio,
        List<Mismatch> mismatches,
        int mismatchCount,
        String failure) {

    /** One element that differs: {@code output[index]}, reference value {@code expected}. */
    public record Mismatch(String output, long index, double expected, double actual) {
        @Override
        public String toString() {
            return String.format(
                    "%s[%d]: expected %.9g, got %.9g (|diff| %.3g)",
                    output, index, expected, actual, Math.abs(actual - expected));
        }
    }

    /** A multi-line description for test failures and {@code lfm check --verbose}. */
    public String describe() {
        StringBuilder text = new StringBuilder(name)
                .append(" (")
                .append(op)
                .append(", ")
                .append(tolerance)
                .append("): ");
        if (failure != null) {
            return text.append("threw ").append(failure).toString();
        }
        text.append(passed ? "pass" : "FAIL")
                .append(String.format(", max |diff| %.3g, worst %.3g× allowed", maxError, worstRatio));
        if (!passed) {
            text.append(String.format(", %d of %d elements off; first:", mismatchCount, compared));
            for (Mismatch mismatch : mismatches) {
                text.append("\n  ").append(mismatch);
            }
        }
        return text.toString();
    }
}
