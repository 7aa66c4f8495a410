package lfm.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DiagnosticRowsTest {

    @Test
    void lowDimensionalRunsKeepAllTwoThousandPoints() {
        assertEquals(2000, BlockEnergyDistances.rows(4000, 2));
        assertEquals(2000, BlockEnergyDistances.rows(4000, 64));
        assertEquals(150, BlockEnergyDistances.rows(150, 2));
    }

    @Test
    void imageRunsUseFewerPointsSoTheCostIsBounded() {
        assertEquals(571, BlockEnergyDistances.rows(4000, 784)); // ⌊√(2000² · 64 / 784)⌋
        assertEquals(288, BlockEnergyDistances.rows(4000, 3072)); // ⌊√(2000² · 64 / 3072)⌋
        assertEquals(100, BlockEnergyDistances.rows(100, 3072));
        for (int dimension : new int[] {1, 2, 65, 784, 3072, 12_288, 1 << 20}) {
            long rows = BlockEnergyDistances.rows(1_000_000, dimension);
            assertTrue(rows >= 2, "dimension " + dimension);
            assertTrue(rows * rows * dimension <= BlockEnergyDistances.BUDGET, "dimension " + dimension);
        }
    }
}
