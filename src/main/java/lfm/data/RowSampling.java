package lfm.data;

import lfm.random.Distributions;
import lfm.random.RandomKey;

/** Seeded permutations and subsamples of rows (Philox, so results are reproducible everywhere). */
public final class RowSampling {
    private RowSampling() {}

    /** A uniformly random permutation of 0..size−1 (Fisher–Yates from the end), a function of the key. */
    public static int[] permutation(int size, RandomKey key) {
        return firstOfPermutation(size, size, key);
    }

    /**
     * The first {@code count} entries of a random permutation of 0..size−1 (partial Fisher–Yates from
     * the front: O(size) memory, O(count) draws).
     */
    public static int[] firstOfPermutation(int size, int count, RandomKey key) {
        int[] order = new int[size];
        for (int k = 0; k < size; k++) {
            order[k] = k;
        }
        for (int i = 0; i < count && i < size - 1; i++) {
            int j = i + Distributions.uniformIndex(key, i, size - i);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return count == size ? order : java.util.Arrays.copyOf(order, count);
    }

    /**
     * {@code n} rows drawn without replacement, in random order; the whole matrix (same object) when
     * n ≤ 0 or n ≥ rows.
     */
    public static DataMatrix subsample(DataMatrix data, int n, long seed) {
        int[] chosen = subsampleIndices(data.rows(), n, seed);
        return chosen == null ? data : data.select(chosen);
    }

    /** The rows {@link #subsample} takes from {@code rows}, or null when it takes them all (n ≤ 0 or n ≥ rows). */
    public static int[] subsampleIndices(int rows, int n, long seed) {
        if (n <= 0 || n >= rows) {
            return null;
        }
        return firstOfPermutation(rows, n, new RandomKey(seed, 0x5AB5A3L));
    }
}
