package lfm.data;

import java.util.Optional;
import lfm.random.Distributions;
import lfm.random.RandomKey;

/** Resolves --data values (interim: only 8gaussians; the data package replaces this). */
public final class Datasets {
    private Datasets() {
    }

    public static Dataset open(String spec) {
        if (!spec.equals("8gaussians")) {
            throw new IllegalArgumentException("unknown data set '" + spec + "' (expected 8gaussians)");
        }
        return new Dataset() {
            public String name() {
                return "8gaussians";
            }

            public int dimension() {
                return 2;
            }

            public DataMatrix train(int n, long seed) {
                return sample(n, seed * 2);
            }

            public DataMatrix test(int n, long seed) {
                return sample(n, seed * 2 + 1);
            }

            public Optional<DataMatrix> validation() {
                return Optional.empty();
            }

            public boolean standardize() {
                return false;
            }
        };
    }

    private static DataMatrix sample(int n, long seed) {
        float[] values = new float[2 * n];
        RandomKey key = new RandomKey(seed, 0);
        double scale = 4 / Math.sqrt(2);
        for (int i = 0; i < n; i++) {
            int mode = Distributions.uniformIndex(key, 3L * i, 8);
            double angle = 2 * Math.PI * mode / 8;
            values[2 * i] = (float) ((scale * Math.cos(angle) + 0.5 * Distributions.normal(key, 3L * i + 1)) / 1.414);
            values[2 * i + 1] = (float) ((scale * Math.sin(angle) + 0.5 * Distributions.normal(key, 3L * i + 2)) / 1.414);
        }
        return new DataMatrix(n, 2, values);
    }
}
