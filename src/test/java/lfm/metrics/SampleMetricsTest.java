package lfm.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import lfm.data.DataMatrix;
import lfm.data.toy.ToyDistributions;
import org.junit.jupiter.api.Test;

class SampleMetricsTest {

    @Test
    void rendersOneJsonObjectWithEveryMetric() throws Exception {
        DataMatrix generated = MetricsTest.gaussian(400, 2, 1, 0.2);
        DataMatrix reference = MetricsTest.gaussian(500, 2, 2, 0);
        SampleMetrics metrics = SampleMetrics.compare(generated, reference, 3);
        String json = metrics.toJson();
        assertTrue(!json.contains("\n"), "one line");
        JsonNode node = new ObjectMapper().readTree(json);
        for (String key : new String[] {
            "dimension",
            "generated_points",
            "reference_points",
            "pair_points_generated",
            "pair_points_reference",
            "energy_distance",
            "mmd_squared",
            "mmd_bandwidth",
            "sliced_wasserstein1",
            "projections"
        }) {
            assertTrue(node.has(key), key + " in " + json);
        }
        assertEquals(metrics.energyDistance(), node.get("energy_distance").asDouble());
        assertEquals(metrics.energyDistance(), EnergyDistance.of(generated, reference), 1e-12);
        assertEquals(metrics.mmdSquared(), Mmd.squared(generated, reference, metrics.mmdBandwidth()), 1e-12);
        assertEquals(metrics, SampleMetrics.compare(generated, reference, 3), "seeded, so repeatable");
        assertTrue(metrics.table().startsWith("metric"), metrics.table());
    }

    @Test
    void capsThePairMetricsAndSaysSo() {
        DataMatrix generated = MetricsTest.gaussian(300, 2, 1, 0);
        DataMatrix reference = MetricsTest.gaussian(250, 2, 2, 0);
        SampleMetrics metrics = SampleMetrics.compare(generated, reference, 1, 100);
        assertEquals(100, metrics.pairPointsGenerated());
        assertEquals(100, metrics.pairPointsReference());
        assertEquals(300, metrics.generatedPoints());
        assertTrue(metrics.table().contains("subsampled"), metrics.table());
        assertThrows(IllegalArgumentException.class, () -> SampleMetrics.compare(generated, DataMatrix.zeros(5, 3), 1));
    }

    @Test
    void twentyThousandPointsCompareInSeconds() {
        DataMatrix generated = ToyDistributions.byName("branching-tree").train(20_000, 1);
        DataMatrix reference = ToyDistributions.byName("branching-tree").test(20_000, 1);
        long start = System.nanoTime();
        SampleMetrics metrics = SampleMetrics.compare(generated, reference, 1);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("SampleMetrics.compare at n = m = 20,000, D = 2: %.2f s%n%s%n", seconds, metrics.table());
        assertEquals(SampleMetrics.DEFAULT_PAIR_CAP, metrics.pairPointsGenerated());
        assertTrue(Math.abs(metrics.energyDistance()) < 2e-3, metrics.toJson());
        assertTrue(seconds < 30, "took " + seconds + " s");
    }
}
