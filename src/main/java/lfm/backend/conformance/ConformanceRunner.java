package lfm.backend.conformance;

import java.util.ArrayList;
import java.util.List;
import lfm.backend.Backend;
import lfm.backend.reference.ReferenceBackend;

/** Runs every case (or those whose name contains a filter) against the reference backend. */
public final class ConformanceRunner {
    private ConformanceRunner() {}

    /** Results in case order; a case that throws on the reference itself propagates (a harness bug). */
    public static List<CaseResult> run(Backend candidate, String filter) {
        List<CaseResult> results = new ArrayList<>();
        try (ReferenceBackend reference = new ReferenceBackend()) {
            for (ConformanceCase c : ConformanceCases.all()) {
                if (filter == null || c.name().contains(filter)) {
                    results.add(c.run(candidate, reference));
                }
            }
        }
        return results;
    }
}
