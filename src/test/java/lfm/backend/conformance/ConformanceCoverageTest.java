package lfm.backend.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import lfm.backend.reference.ReferenceBackend;
import org.junit.jupiter.api.Test;

class ConformanceCoverageTest {

    @Test
    void everyBackendOpHasACase() {
        assertEquals(Set.of(), ConformanceCases.uncoveredOps(), "Backend ops without a conformance case");
        assertTrue(ConformanceCases.requiredOps().contains("matmul"));
    }

    @Test
    void caseNamesAreUnique() {
        List<ConformanceCase> cases = ConformanceCases.all();
        Set<String> names = new HashSet<>();
        for (ConformanceCase c : cases) {
            assertTrue(names.add(c.name()), "duplicate case name: " + c.name());
        }
    }

    @Test
    void theReferenceAgreesWithItself() {
        try (ReferenceBackend one = new ReferenceBackend();
                ReferenceBackend two = new ReferenceBackend()) {
            CaseResult result = ConformanceCases.all().get(0).run(one, two);
            assertTrue(result.passed(), result::describe);
        }
    }

    @Test
    void aWrongBackendFailsWithTheFirstMismatches() {
        Tolerance tolerance = new Tolerance(1e-6, 0);
        ConformanceCase c = new ConformanceCase("fill differs", "fill", tolerance, w -> {
            var out = w.output(1, 10);
            w.backend().fill(out, w.backend().name().equals("reference") ? 1f : 1.5f);
            w.record("out", out);
        });
        try (ReferenceBackend reference = new ReferenceBackend();
                lfm.backend.cpu.CpuBackend cpu = new lfm.backend.cpu.CpuBackend(1)) {
            CaseResult result = c.run(cpu, reference);
            assertFalse(result.passed());
            assertEquals(10, result.mismatchCount());
            assertEquals(5, result.mismatches().size());
            assertEquals(
                    new CaseResult.Mismatch("out", 0, 1.0, 1.5),
                    result.mismatches().get(0));
            assertTrue(result.describe().contains("out[0]: expected 1.00000000, got 1.50000000"), result.describe());
        }
    }
}
