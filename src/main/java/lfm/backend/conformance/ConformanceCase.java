package lfm.backend.conformance;

import java.util.ArrayList;
import java.util.List;
import lfm.backend.Backend;

/**
 * One named agreement check: a program (inputs, one or a few backend calls, recorded outputs) that is
 * run on the candidate backend and on the reference, whose outputs must agree within the tolerance.
 *
 * @param name      readable and unique, e.g. "matmul NT 33x65x17 beta=0 (NaN c)"
 * @param op        the {@link Backend} method under test (coverage is checked by this name)
 * @param tolerance per-element tolerance
 * @param program   the calls, written once against {@link Workspace}
 */
public record ConformanceCase(String name, String op, Tolerance tolerance, Program program) {
    private static final int SHOWN = 5;

    /** The calls of a case. */
    @FunctionalInterface
    public interface Program {
        void run(Workspace workspace);
    }

    /** Runs the program on both backends and compares every recorded output. */
    public CaseResult run(Backend candidate, Backend reference) {
        try (Workspace expected = new Workspace(reference);
                Workspace actual = new Workspace(candidate)) {
            program.run(expected);
            try {
                program.run(actual);
                candidate.synchronize();
            } catch (RuntimeException error) {
                return new CaseResult(
                        name,
                        op,
                        tolerance,
                        false,
                        0,
                        Double.NaN,
                        Double.NaN,
                        List.of(),
                        0,
                        error.getClass().getSimpleName() + ": " + error.getMessage());
            }
            return compare(expected, actual);
        }
    }

    private CaseResult compare(Workspace expected, Workspace actual) {
        List<CaseResult.Mismatch> first = new ArrayList<>();
        long compared = 0;
        int mismatches = 0;
        double maxError = 0;
        double worstRatio = 0;
        if (!expected.names().equals(actual.names())) {
            return new CaseResult(
                    name,
                    op,
                    tolerance,
                    false,
                    0,
                    Double.NaN,
                    Double.NaN,
                    List.of(),
                    0,
                    "outputs " + actual.names() + ", expected " + expected.names());
        }
        for (int output = 0; output < expected.values().size(); output++) {
            float[] e = expected.values().get(output);
            float[] a = actual.values().get(output);
            for (int i = 0; i < e.length; i++) {
                compared++;
                double error = Math.abs((double) a[i] - e[i]);
                boolean ok = tolerance.accepts(e[i], a[i]);
                if (!Double.isNaN(error)) {
                    maxError = Math.max(maxError, error);
                }
                double allowed = tolerance.allowed(e[i]);
                double ratio = ok ? (allowed == 0 ? 0 : error / allowed) : Double.POSITIVE_INFINITY;
                if (!ok && !Double.isNaN(error) && allowed > 0) {
                    ratio = error / allowed;
                }
                worstRatio = Math.max(worstRatio, ratio);
                if (!ok) {
                    if (first.size() < SHOWN) {
                        first.add(new CaseResult.Mismatch(expected.names().get(output), i, e[i], a[i]));
                    }
                    mismatches++;
                }
            }
        }
        return new CaseResult(
                name,
                op,
                tolerance,
                mismatches == 0,
                compared,
                maxError,
                worstRatio,
                List.copyOf(first),
                mismatches,
                null);
    }

    @Override
    public String toString() {
        return name;
    }
}
