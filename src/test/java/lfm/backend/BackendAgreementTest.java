package lfm.backend;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import lfm.backend.conformance.CaseResult;
import lfm.backend.conformance.ConformanceCase;
import lfm.backend.conformance.ConformanceCases;
import lfm.backend.reference.ReferenceBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * Every conformance case ({@link ConformanceCases#all()}) as one dynamic test: the candidate backend
 * against the reference, failing with the first mismatches (index, expected, actual). Subclasses say
 * which backend; the candidate is created once per class and closed at the end.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class BackendAgreementTest {
    private Backend candidate;
    private final ReferenceBackend reference = new ReferenceBackend();

    /** The backend under test (called once per test class). */
    protected abstract Backend candidate();

    @TestFactory
    Stream<DynamicTest> agreesWithTheReference() {
        candidate = candidate();
        return ConformanceCases.all().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
    }

    private void check(ConformanceCase c) {
        CaseResult result = c.run(candidate, reference);
        assertTrue(result.passed(), () -> candidate.description() + ": " + result.describe());
    }

    @AfterAll
    void closeBackends() {
        if (candidate != null) {
            candidate.close();
        }
        reference.close();
    }
}
