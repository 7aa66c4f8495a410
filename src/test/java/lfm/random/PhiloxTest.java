package lfm.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Philox4x32-10 against Random123's known answers, and the moments of the derived distributions. */
class PhiloxTest {

    /** Random123 tests/kat_vectors, the three "philox4x32 10" lines. */
    @Test
    void knownAnswerVectors() {
        assertBlock(
                new int[] {0, 0, 0, 0}, new int[] {0, 0}, new int[] {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8});
        assertBlock(new int[] {-1, -1, -1, -1}, new int[] {-1, -1}, new int[] {
            0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd
        });
        assertBlock(
                new int[] {0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344},
                new int[] {0xa4093822, 0x299f31d0},
                new int[] {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1});
    }

    private static void assertBlock(int[] counter, int[] key, int[] expected) {
        int[] out = new int[4];
        Philox.block(counter, key, out);
        assertArrayEquals(expected, out);
    }

    @Test
    void uniformsStayInsideTheOpenInterval() {
        assertEquals(0x1p-24f, Philox.uniform(0));
        assertEquals(1 - 0x1p-24f, Philox.uniform(-1));
        RandomKey key = new RandomKey(3, 1);
        double sum = 0;
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            float u = Distributions.uniform(key, i);
            assertTrue(u > 0 && u < 1);
            sum += u;
        }
        assertEquals(0.5, sum / n, 4 * Math.sqrt(1.0 / 12 / n));
    }

    /** Mean, variance, skewness and kurtosis of 10⁶ normals, each within ~5 standard errors. */
    @Test
    void normalMoments() {
        RandomKey key = new RandomKey(12345, 9);
        int n = 1_000_000;
        double[] moments = new double[5];
        for (int i = 0; i < n; i++) {
            double z = Distributions.normal(key, i);
            double power = 1;
            for (int k = 1; k <= 4; k++) {
                power *= z;
                moments[k] += power;
            }
        }
        for (int k = 1; k <= 4; k++) {
            moments[k] /= n;
        }
        // Standard errors: mean 1/√n, E z² √(2/n), E z³ √(15/n), E z⁴ √(96/n).
        assertEquals(0, moments[1], 5 / Math.sqrt(n), "mean");
        assertEquals(1, moments[2], 5 * Math.sqrt(2.0 / n), "second moment");
        assertEquals(0, moments[3], 5 * Math.sqrt(15.0 / n), "third moment");
        assertEquals(3, moments[4], 5 * Math.sqrt(96.0 / n), "fourth moment");
    }

    @Test
    void normalBlockMatchesElementwise() {
        RandomKey key = new RandomKey(-77, 123456789012L);
        int[] scratch = new int[4];
        float[] block = new float[4];
        for (long b = 0; b < 50; b++) {
            Distributions.normalBlock(key, b, scratch, block);
            for (int lane = 0; lane < 4; lane++) {
                assertEquals(Distributions.normal(key, 4 * b + lane), block[lane]);
            }
            Distributions.uniformBlock(key, b, scratch, block);
            for (int lane = 0; lane < 4; lane++) {
                assertEquals(Distributions.uniform(key, 4 * b + lane), block[lane]);
            }
        }
    }

    @Test
    void betaMoments() {
        double[][] shapes = {{1, 0.5}, {2, 3}, {0.5, 0.5}, {5, 1}};
        int n = 200_000;
        for (double[] shape : shapes) {
            double a = shape[0], b = shape[1];
            RandomKey key = new RandomKey(5, (long) (a * 10 + b));
            double sum = 0, sumSquares = 0;
            for (int i = 0; i < n; i++) {
                double x = Distributions.beta(key, i, a, b);
                assertTrue(x >= 0 && x <= 1);
                sum += x;
                sumSquares += x * x;
            }
            double mean = a / (a + b);
            double variance = a * b / ((a + b) * (a + b) * (a + b + 1));
            double sampleMean = sum / n;
            assertEquals(mean, sampleMean, 5 * Math.sqrt(variance / n), "Beta(" + a + ", " + b + ") mean");
            assertEquals(
                    variance,
                    sumSquares / n - sampleMean * sampleMean,
                    0.03 * variance,
                    "Beta(" + a + ", " + b + ") variance");
        }
    }

    @Test
    void uniformIndexCoversTheRangeEvenly() {
        RandomKey key = new RandomKey(8, 8);
        int bound = 10;
        int[] counts = new int[bound];
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            counts[Distributions.uniformIndex(key, i, bound)]++;
        }
        for (int count : counts) {
            assertEquals(n / bound, count, 5 * Math.sqrt(n / bound));
        }
    }

    @Test
    void streamsAreReproducibleAndDistinct() {
        RandomStream first = new RandomStream(99);
        RandomStream second = new RandomStream(99);
        RandomKey a = first.next();
        assertEquals(a, second.next());
        RandomKey b = first.next();
        assertTrue(Distributions.normal(a, 0) != Distributions.normal(b, 0));
        assertEquals(2, first.position());
    }
}
