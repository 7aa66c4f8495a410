package lfm.random;

/**
 * The element-wise definitions of every random draw, in plain Java. Backends fill tensors by calling
 * these per element (the CPU backends) or by the same arithmetic in CUDA (native/philox.cuh), so a draw
 * is a pure function of (key, element index): independent of thread count and device.
 *
 * <p>Word layout: element i of a uniform or normal draw uses block i / 4 (counter words 0–1) and lane
 * i % 4 of that block. Normals pair lanes (0, 1) and (2, 3) through Box–Muller, computed in double
 * and rounded to float. Beta draws use one block per element and attempt (see {@link #beta}).
 *
 * <p>Offsets: the element functions ({@link #uniform}, {@link #normal}, {@link #uniformIndex},
 * {@link #beta}) take the index i of an element of a fill with the key, and return element
 * {@code key.offset() + i} of the draw; the block functions ({@link #uniformBlock},
 * {@link #normalBlock}) take a block number of the draw itself (the caller places the offset).
 */
public final class Distributions {
    private static final int MAX_GAMMA_ATTEMPTS = 64;

    private Distributions() {}

    /** Uniform in (0, 1), element {@code index} of a fill with {@code key}. */
    public static float uniform(RandomKey key, long index) {
        long element = key.offset() + index;
        int[] words = new int[4];
        blockFor(key, element >>> 2, words);
        return Philox.uniform(words[(int) (element & 3)]);
    }

    /** Standard normal, element {@code index} of a fill with {@code key}. */
    public static float normal(RandomKey key, long index) {
        long element = key.offset() + index;
        int[] words = new int[4];
        blockFor(key, element >>> 2, words);
        int lane = (int) (element & 3);
        int pair = lane & ~1;
        return boxMuller(words[pair], words[pair + 1], (lane & 1) == 0);
    }

    /** Uniform integer in [0, bound), element {@code index} of a fill (multiply-shift of a 32-bit word). */
    public static int uniformIndex(RandomKey key, long index, int bound) {
        long element = key.offset() + index;
        int[] words = new int[4];
        blockFor(key, element >>> 2, words);
        return (int) (((words[(int) (element & 3)] & 0xFFFFFFFFL) * bound) >>> 32);
    }

    /**
     * Fills a whole block of up to four consecutive elements at once (what the fast backends do):
     * normals for elements [4·block, 4·block + 4) of the draw (the key's offset is not applied).
     */
    public static void normalBlock(RandomKey key, long block, int[] scratch, float[] out4) {
        blockFor(key, block, scratch);
        out4[0] = boxMuller(scratch[0], scratch[1], true);
        out4[1] = boxMuller(scratch[0], scratch[1], false);
        out4[2] = boxMuller(scratch[2], scratch[3], true);
        out4[3] = boxMuller(scratch[2], scratch[3], false);
    }

    /** Uniforms for elements [4·block, 4·block + 4) of the draw (the key's offset is not applied). */
    public static void uniformBlock(RandomKey key, long block, int[] scratch, float[] out4) {
        blockFor(key, block, scratch);
        for (int lane = 0; lane < 4; lane++) {
            out4[lane] = Philox.uniform(scratch[lane]);
        }
    }

    /**
     * Beta(a, b), element {@code index} of a fill (element e = offset + index of the draw): X / (X + Y)
     * with X ~ Gamma(a), Y ~ Gamma(b), each by Marsaglia–Tsang. Attempt k of gamma g (0 for X, 1 for Y)
     * uses the block with counter (e, k + (g ≪ 16), stream low, stream high): words 0–1 give a normal,
     * word 2 the acceptance uniform, word 3 the extra uniform U of the shape-below-one boost
     * Gamma(α) = Gamma(α + 1)·U^{1/α}.
     */
    public static float beta(RandomKey key, long index, double a, double b) {
        long element = key.offset() + index;
        double x = gamma(key, element, 0, a);
        double y = gamma(key, element, 1, b);
        return (float) (x / (x + y));
    }

    private static double gamma(RandomKey key, long index, int which, double shape) {
        boolean boost = shape < 1;
        double d = (boost ? shape + 1 : shape) - 1.0 / 3.0;
        double c = 1 / Math.sqrt(9 * d);
        int[] words = new int[4];
        for (int attempt = 0; attempt < MAX_GAMMA_ATTEMPTS; attempt++) {
            Philox.block(
                    (int) index, attempt + (which << 16), key.stream0(), key.stream1(), key.key0(), key.key1(), words);
            double normal = boxMuller(words[0], words[1], true);
            double v = 1 + c * normal;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = Philox.uniform(words[2]);
            if (Math.log(u) < 0.5 * normal * normal + d - d * v + d * Math.log(v)) {
                double value = d * v;
                return boost ? value * Math.pow(Philox.uniform(words[3]), 1 / shape) : value;
            }
        }
        return boost ? d * Math.pow(0.5, 1 / shape) : d; // reached with probability < 1e-80
    }

    private static void blockFor(RandomKey key, long block, int[] words) {
        Philox.block((int) block, (int) (block >>> 32), key.stream0(), key.stream1(), key.key0(), key.key1(), words);
    }

    /** Box–Muller in double: r = √(−2 ln u₁), θ = 2π u₂; the cosine or the sine branch. */
    static float boxMuller(int word1, int word2, boolean cosine) {
        double radius = Math.sqrt(-2 * Math.log(Philox.uniform(word1)));
        double angle = 2 * Math.PI * Philox.uniform(word2);
        return (float) (radius * (cosine ? Math.cos(angle) : Math.sin(angle)));
    }

    /** SplitMix64 finaliser: derives an independent seed from (seed, label). */
    public static long mix(long seed, long label) {
        long z = seed + 0x9E3779B97F4A7C15L * (label + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
