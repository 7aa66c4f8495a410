package lfm.data.maf;

import lfm.data.DoubleMatrix;

/**
 * numpy's legacy {@code np.random.RandomState(seed)}, the parts the MAF preprocessing uses, bit for
 * bit: the MT19937 Mersenne Twister seeded by {@code init_genrand(seed)}, {@code rand} (53-bit doubles)
 * and {@code shuffle}/{@code permutation} (Fisher–Yates from the end with numpy's masked rejection
 * sampler {@code random_interval}).
 *
 * <p>Not used for anything but reproducing published preprocessing: the engine's own draws use
 * Philox ({@link lfm.random.Distributions}).
 */
public final class NumpyRandomState {
    private static final int STATE_WORDS = 624;
    private static final int SHIFT = 397;
    private static final int MATRIX_A = 0x9908B0DF;
    private static final int UPPER_MASK = 0x80000000;
    private static final int LOWER_MASK = 0x7FFFFFFF;

    private final int[] state = new int[STATE_WORDS];
    private int position;

    /** Like {@code np.random.RandomState(seed)}; seed in [0, 2³² − 1]. */
    public NumpyRandomState(long seed) {
        if (seed < 0 || seed > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("numpy seeds lie in [0, 2^32 - 1], got " + seed);
        }
        state[0] = (int) seed;
        for (int k = 1; k < STATE_WORDS; k++) {
            int previous = state[k - 1];
            state[k] = 1812433253 * (previous ^ (previous >>> 30)) + k;
        }
        position = STATE_WORDS;
    }

    /** The next 32-bit output (MT19937 genrand_int32), as an unsigned value in a long. */
    public long nextUint32() {
        if (position >= STATE_WORDS) {
            twist();
        }
        int y = state[position++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9D2C5680;
        y ^= (y << 15) & 0xEFC60000;
        y ^= y >>> 18;
        return y & 0xFFFFFFFFL;
    }

    /** {@code rand()}: a double in [0, 1) from two words, (a ≫ 5, b ≫ 6) → (a·2²⁶ + b)/2⁵³. */
    public double nextDouble() {
        long a = nextUint32() >>> 5;
        long b = nextUint32() >>> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /** {@code rand(count)}: count doubles in order (rand(N, k) is the same stream read row-major). */
    public double[] rand(int count) {
        double[] out = new double[count];
        for (int k = 0; k < count; k++) {
            out[k] = nextDouble();
        }
        return out;
    }

    /** numpy's {@code random_interval(max)}: uniform in [0, max] by masking to the next power of two and rejecting. */
    public long randomInterval(long max) {
        if (max == 0) {
            return 0;
        }
        long mask = max;
        mask |= mask >>> 1;
        mask |= mask >>> 2;
        mask |= mask >>> 4;
        mask |= mask >>> 8;
        mask |= mask >>> 16;
        mask |= mask >>> 32;
        long value;
        if (max <= 0xFFFFFFFFL) {
            do {
                value = nextUint32() & mask;
            } while (value > max);
        } else {
            // numpy's rk_ulong: two 32-bit draws, the first one the high word.
            do {
                long high = nextUint32();
                value = ((high << 32) | nextUint32()) & mask;
            } while (value > max);
        }
        return value;
    }

    /** {@code permutation(n)}: arange(n) shuffled. */
    public int[] permutation(int n) {
        int[] order = new int[n];
        for (int k = 0; k < n; k++) {
            order[k] = k;
        }
        for (int i = n - 1; i >= 1; i--) {
            int j = (int) randomInterval(i);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }

    /** {@code shuffle(a)} of a 2-D array's rows, in place (the same swaps as {@link #permutation}). */
    public void shuffleRows(DoubleMatrix matrix) {
        int cols = matrix.cols();
        double[] values = matrix.values();
        double[] buffer = new double[cols];
        for (int i = matrix.rows() - 1; i >= 1; i--) {
            int j = (int) randomInterval(i);
            if (i == j) {
                continue;
            }
            System.arraycopy(values, j * cols, buffer, 0, cols);
            System.arraycopy(values, i * cols, values, j * cols, cols);
            System.arraycopy(buffer, 0, values, i * cols, cols);
        }
    }

    private void twist() {
        for (int k = 0; k < STATE_WORDS; k++) {
            int y = (state[k] & UPPER_MASK) | (state[(k + 1) % STATE_WORDS] & LOWER_MASK);
            state[k] = state[(k + SHIFT) % STATE_WORDS] ^ (y >>> 1) ^ ((y & 1) != 0 ? MATRIX_A : 0);
        }
        position = 0;
    }
}
