package lfm.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import lfm.testing.Approx;
import org.junit.jupiter.api.Test;

class StandardizationTest {
    private final DataMatrix data = DataMatrix.of(
            new float[] {1, 10, 5}, new float[] {3, 20, 5}, new float[] {5, 60, 5}, new float[] {7, 30, 5});

    @Test
    void fitsPopulationMeanAndStdAndKeepsConstantColumnsCentred() {
        Standardization s = Standardization.fit(data);
        Approx.assertClose("mean", new double[] {4, 30, 5}, s.mean(), 0, 1e-15);
        Approx.assertClose("std", new double[] {Math.sqrt(5), Math.sqrt(350), 1}, s.std(), 0, 1e-15);
        DataMatrix z = s.apply(data);
        Approx.assertClose("standardised means", new double[] {0, 0, 0}, z.columnMeans(), 1e-7, 0);
        Approx.assertClose("standardised stds", new double[] {1, 1, 0}, z.columnStds(), 1e-6, 0);
        Approx.assertClose("round trip", data.values(), s.invert(z).values(), 1e-5, 1e-6);
    }

    @Test
    void logAbsDetIsMinusTheSumOfLogStds() {
        Standardization s = new Standardization(new double[] {0, 1}, new double[] {2, 0.5});
        assertEquals(-Math.log(2) - Math.log(0.5), s.logAbsDet(), 1e-15);
        assertEquals(0, Standardization.identity(3).logAbsDet());
        // Change of variables: a N(μ, σ²) density at x equals the N(0, 1) density at z times 1/σ.
        Standardization one = new Standardization(new double[] {3}, new double[] {2});
        double x = 4.2;
        double z = (x - 3) / 2;
        double logNormalZ = -0.5 * z * z - 0.5 * Math.log(2 * Math.PI);
        double logNormalX = -0.5 * z * z - Math.log(2) - 0.5 * Math.log(2 * Math.PI);
        assertEquals(logNormalX, logNormalZ + one.logAbsDet(), 1e-12);
    }

    @Test
    void roundTripsThroughJson() {
        Standardization s = Standardization.fit(data);
        String json = s.toJson();
        assertEquals(s, Standardization.fromJson(json));
        assertEquals(
                "{\"mean\":[0.5],\"std\":[2.0]}", new Standardization(new double[] {0.5}, new double[] {2}).toJson());
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> new Standardization(new double[] {0}, new double[] {0}));
        assertThrows(
                IllegalArgumentException.class, () -> Standardization.fit(data).apply(DataMatrix.zeros(2, 2)));
        assertThrows(IllegalArgumentException.class, () -> Standardization.fromJson("{\"mean\": [1]"));
    }
}
