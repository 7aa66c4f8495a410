package lfm.data.toy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import lfm.data.DataMatrix;
import lfm.data.SamplerDataset;
import org.junit.jupiter.api.Test;

class ToyDistributionsTest {

    @Test
    void allTenBuiltInSetsExist() {
        assertEquals(
                List.of(
                        "branching-tree",
                        "rose-curve",
                        "checkerboard",
                        "8gaussians",
                        "moons",
                        "pinwheel",
                        "2spirals",
                        "rings",
                        "swissroll",
                        "circles"),
                ToyDistributions.names());
    }

    @Test
    void drawsAreSeededPrefixStableAndTrainDiffersFromTest() {
        for (String name : ToyDistributions.names()) {
            SamplerDataset data = ToyDistributions.byName(name);
            DataMatrix train = data.train(2000, 5);
            assertEquals(train, data.train(2000, 5), name + ": same seed, same points");
            assertEquals(train.rows(0, 100), data.train(100, 5), name + ": a smaller draw is a prefix");
            assertNotEquals(train, data.test(2000, 5), name + ": test differs from train");
            assertNotEquals(train, data.train(2000, 6), name + ": seeds differ");
            assertEquals(2, data.dimension());
            assertTrue(fractionInside(train, 4.5) > 0.99, name + ": mostly within [−4.5, 4.5]²");
        }
    }

    @Test
    void largeDrawsMatchSmallOnesAcrossParallelChunks() {
        SamplerDataset rings = ToyDistributions.byName("rings");
        DataMatrix large = rings.train(40_000, 1);
        assertEquals(
                large.rows(20_000, 20_010).row(3)[0], rings.train(20_004, 1).row(20_003)[0]);
        assertThrows(IllegalArgumentException.class, () -> rings.train(0, 1));
    }

    @Test
    void standardSetsHaveTheirKnownMoments() {
        // Checkerboard: uniform on 8 of 16 squares of side 2 in [−4, 4]², mean 0; E x² = 16/3.
        DataMatrix checker = ToyDistributions.byName("checkerboard").train(100_000, 1);
        assertEquals(0, checker.columnMeans()[0], 0.05);
        assertEquals(16.0 / 3, checker.columnStds()[0] * checker.columnStds()[0], 0.1);
        // Same-coloured squares: ⌊x/2⌋ + ⌊y/2⌋ has a fixed parity.
        long odd = 0;
        for (int i = 0; i < checker.rows(); i++) {
            odd += Math.floorMod((int) Math.floor(checker.get(i, 0) / 2) + (int) Math.floor(checker.get(i, 1) / 2), 2);
        }
        assertTrue(odd == 0 || odd == checker.rows(), "one colour of the board only, got " + odd);
        // 8 Gaussians: radius 4/1.414 ≈ 2.83, spread 0.5/1.414.
        DataMatrix gaussians = ToyDistributions.byName("8gaussians").train(50_000, 1);
        assertEquals(4 / 1.414, meanRadius(gaussians), 0.05);
        // Circles: radii 3 and 1.5, equal mass.
        assertEquals(2.25, meanRadius(ToyDistributions.byName("circles").train(50_000, 1)), 0.03);
        // Rings: radii 3·{1, 0.75, 0.5, 0.25}, mean 1.875.
        assertEquals(1.875, meanRadius(ToyDistributions.byName("rings").train(50_000, 1)), 0.03);
    }

    @Test
    void roseInkLiesOnTheRoseCurve() {
        DataMatrix rose = ToyDistributions.byName("rose-curve").train(5_000, 3);
        int curvePoints = 4000;
        double[] curveX = new double[curvePoints];
        double[] curveY = new double[curvePoints];
        for (int k = 0; k < curvePoints; k++) {
            double theta = Math.PI * k / curvePoints;
            double r = RoseCurve.RADIUS * Math.cos(RoseCurve.PETALS * theta);
            curveX[k] = r * Math.cos(theta);
            curveY[k] = r * Math.sin(theta);
        }
        int near = 0;
        for (int i = 0; i < rose.rows(); i++) {
            double nearest = Double.MAX_VALUE;
            for (int k = 0; k < curvePoints; k++) {
                nearest = Math.min(nearest, Math.hypot(rose.get(i, 0) - curveX[k], rose.get(i, 1) - curveY[k]));
            }
            if (nearest < 4 * RoseCurve.THICKNESS) {
                near++;
            }
        }
        assertTrue(near > 0.99 * rose.rows(), near + " of " + rose.rows() + " within 4σ of the curve");
    }

    @Test
    void treeHasATrunkBelowAndACrownAbove() {
        DataMatrix tree = ToyDistributions.byName("branching-tree").train(20_000, 3);
        int trunk = 0;
        int crown = 0;
        for (int i = 0; i < tree.rows(); i++) {
            float x = tree.get(i, 0);
            float y = tree.get(i, 1);
            if (y < -2.5 && Math.abs(x) < 0.6) {
                trunk++;
            }
            if (y > 0 && Math.abs(x) > 1.5) {
                crown++;
            }
        }
        assertTrue(trunk > 1000, "trunk points: " + trunk);
        assertTrue(crown > 2000, "wide crown points: " + crown);
    }

    private static double fractionInside(DataMatrix data, double half) {
        int inside = 0;
        for (int i = 0; i < data.rows(); i++) {
            if (Math.abs(data.get(i, 0)) <= half && Math.abs(data.get(i, 1)) <= half) {
                inside++;
            }
        }
        return inside / (double) data.rows();
    }

    private static double meanRadius(DataMatrix data) {
        double sum = 0;
        for (int i = 0; i < data.rows(); i++) {
            sum += Math.hypot(data.get(i, 0), data.get(i, 1));
        }
        return sum / data.rows();
    }
}
