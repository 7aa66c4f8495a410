package lfm.random;

/**
 * Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC'11): a counter-based
 * generator. A 128-bit counter and a 64-bit key give 128 random bits with no state, so element i of a
 * draw can be computed independently on any thread or GPU core. The CUDA kernels implement the same
 * function (native/philox.cuh); both are checked against Random123's published known-answer vectors.
 *
 * <p>How the engine uses it (see {@link RandomKey}): key = the run's seed, counter words 2 and 3 = the
 * draw's stream number, counter words 0 and 1 = the index of the 4-word block inside the draw.
 */
public final class Philox {
    private static final long MULTIPLIER_0 = 0xD2511F53L;
    private static final long MULTIPLIER_1 = 0xCD9E8D57L;
    private static final int WEYL_0 = 0x9E3779B9;
    private static final int WEYL_1 = 0xBB67AE85;
    private static final int ROUNDS = 10;

    private Philox() {}

    /**
     * One Philox4x32-10 block.
     *
     * @param counter four 32-bit counter words
     * @param key     two 32-bit key words
     * @param out     receives four 32-bit random words
     */
    public static void block(int[] counter, int[] key, int[] out) {
        block(counter[0], counter[1], counter[2], counter[3], key[0], key[1], out);
    }

    /** One block with the counter and key given as words; writes four words into {@code out}. */
    public static void block(int c0, int c1, int c2, int c3, int k0, int k1, int[] out) {
        for (int round = 0; round < ROUNDS; round++) {
            long product0 = MULTIPLIER_0 * (c0 & 0xFFFFFFFFL);
            long product1 = MULTIPLIER_1 * (c2 & 0xFFFFFFFFL);
            int next0 = (int) (product1 >>> 32) ^ c1 ^ k0;
            int next1 = (int) product1;
            int next2 = (int) (product0 >>> 32) ^ c3 ^ k1;
            int next3 = (int) product0;
            c0 = next0;
            c1 = next1;
            c2 = next2;
            c3 = next3;
            k0 += WEYL_0;
            k1 += WEYL_1;
        }
        out[0] = c0;
        out[1] = c1;
        out[2] = c2;
        out[3] = c3;
    }

    /**
     * A 32-bit word mapped to a uniform float in the open interval (0, 1): the top 24 bits with the
     * lowest forced to 1, times 2⁻²⁴. Exact in float32; never 0 (safe for log) nor 1.
     */
    public static float uniform(int word) {
        return ((word >>> 8) | 1) * 0x1p-24f;
    }
}
