package lfm.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Random streams derived from purposes: no two purposes (or two indices of one) share a seed, the
 * training streams keep the seeds runs have always used, and the defaults of train (seed 0), eval and
 * sample (seed 1) and distill no longer meet.
 */
class PurposeTest {

    @Test
    void everyPurposeAndIndexHasItsOwnSeed() {
        for (long seed : new long[] {0, 1, 42, -7}) {
            Map<Long, String> seen = new HashMap<>();
            for (Purpose purpose : Purpose.values()) {
                if (purpose.label() != 0) {
                    record(seen, purpose.seed(seed), purpose + " seed " + seed);
                    assertTrue(purpose.label() >= 1L << 62 && purpose.label() > 0, purpose + " label range");
                }
                // Blocks count from 1; students and draws from 0.
                long first = purpose.label() == 0 ? 1 : 0;
                for (long index = first; index <= 64; index++) {
                    record(seen, purpose.seed(seed, index), purpose + "[" + index + "] seed " + seed);
                }
            }
        }
    }

    @Test
    void trainingStreamsKeepTheirSeedsAndDefaultsNoLongerShareStreams() {
        assertEquals(Distributions.mix(0, 3), Purpose.TRAINING_BATCHES.seed(0, 3), "runs resume as before");
        assertEquals(Distributions.mix(0, -3), Purpose.INITIAL_WEIGHTS.seed(0, 3));
        // eval (seed 1): the generation noise was RandomKey(1, 0), the first Hutchinson probes too.
        assertTrue(Purpose.GENERATION_NOISE.seed(1) != Purpose.HUTCHINSON_PROBES.seed(1, 1));
        // distill (seed 0, as train): student g's batches were the teacher's block-g batches.
        for (int group = 0; group < 8; group++) {
            for (int block = 1; block <= 8; block++) {
                assertTrue(Purpose.DISTILLATION_BATCHES.seed(0, group) != Purpose.TRAINING_BATCHES.seed(0, block));
            }
        }
    }

    private static void record(Map<Long, String> seen, long seed, String what) {
        assertNull(seen.put(seed, what), what + " shares its seed with " + seen.get(seed));
    }
}
