package lfm.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import lfm.backend.Backend;
import lfm.backend.Backends;
import lfm.backend.reference.ReferenceBackend;
import lfm.bench.BackendComparison;
import lfm.bench.LossTrace;
import lfm.bench.TrainingStepWorkload;
import lfm.random.Philox;
import lfm.random.RandomKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The CUDA backend on a real GPU: Philox words equal to Java's bit for bit, every op (the fused Adam
 * step included) against the reference at sizes with tails, and a 200-step W1-shaped training run whose
 * loss trace matches the CPU run's within 1e-3 relative per step (same seed, same noise). Skipped with
 * the reason where no GPU is usable.
 */
@Tag("gpu")
class CudaBackendTest {
    private static CudaBackend cuda;

    /** Per test, so each one reports itself skipped (with the reason) where no GPU is usable. */
    @BeforeEach
    void open() {
        String reason = CudaBackend.unavailableReason();
        assumeTrue(reason == null, () -> "no GPU, CUDA test skipped: " + reason);
        if (cuda == null) {
            cuda = (CudaBackend) CudaBackend.open();
        }
    }

    @AfterAll
    static void close() {
        if (cuda != null) {
            cuda.close();
        }
    }

    @Test
    void philoxWordsEqualJava() {
        for (RandomKey key : new RandomKey[] {new RandomKey(0, 0), new RandomKey(-1, (1L << 32) + 5)}) {
            int count = 4097;
            int[] expected = new int[count];
            int[] words = new int[4];
            for (int i = 0; i < count; i++) {
                long block = i / 4;
                Philox.block(
                        (int) block, (int) (block >>> 32), key.stream0(), key.stream1(), key.key0(), key.key1(), words);
                expected[i] = words[i % 4];
            }
            assertArrayEquals(expected, cuda.philoxWords(key, count), "Philox words for " + key);
        }
    }

    @Test
    void everyOpAgreesWithTheReference() {
        List<BackendComparison.Result> results = new BackendComparison(cuda, new ReferenceBackend()).run();
        StringBuilder failures = new StringBuilder();
        for (BackendComparison.Result result : results) {
            if (!result.passed()) {
                failures.append("\n  ")
                        .append(result.op())
                        .append(" @")
                        .append(result.size())
                        .append(": ")
                        .append(result.detail());
            }
        }
        assertTrue(failures.isEmpty(), "ops off the reference:" + failures);
    }

    @Test
    void lossTraceMatchesTheCpuRun() {
        TrainingStepWorkload.Settings settings =
                TrainingStepWorkload.Settings.w1().withBatch(1000).withWidth(64).withPool(20_000);
        try (Backend cpu = Backends.create("cpu", 0, message -> {})) {
            LossTrace.Comparison comparison = LossTrace.compare(cuda, cpu, settings, 200, 1e-3);
            assertTrue(
                    comparison.passed(),
                    "loss traces differ: worst relative " + comparison.worstRelative() + " at step "
                            + comparison.worstStep());
        }
    }
}
