package lfm.random;

/**
 * Identifies one draw of random numbers and where a fill starts inside it: the run's seed (the Philox
 * key), a stream number (counter words 2–3) and an element offset. Element i of the draw comes from the
 * counter (i / 4, 0, stream low, stream high) for uniforms and normals, so every backend and every
 * thread produces the same numbers for the same key. The element-to-word mapping of each distribution
 * is fixed in {@link Distributions}.
 *
 * <p>The offset makes one draw divisible: a fill of n elements with this key writes elements
 * [offset, offset + n) of the draw. Philox is counter-based, so skipping ahead costs nothing and the
 * pieces of a draw filled by different ranks (rank r from its first row) are bit for bit the
 * corresponding elements of the one draw a single process makes.
 *
 * @param offset first element of the draw that a fill with this key writes (≥ 0; 0 for a whole draw)
 */
public record RandomKey(long seed, long stream, long offset) {

    public RandomKey {
        if (offset < 0) {
            throw new IllegalArgumentException("a random draw's element offset must be ≥ 0, got " + offset);
        }
    }

    /** The whole draw (seed, stream), from element 0. */
    public RandomKey(long seed, long stream) {
        this(seed, stream, 0);
    }

    /** The same draw from {@code elements} further on: element i of a fill is element offset + elements + i. */
    public RandomKey skip(long elements) {
        return elements == 0 ? this : new RandomKey(seed, stream, offset + elements);
    }

    public int key0() {
        return (int) seed;
    }

    public int key1() {
        return (int) (seed >>> 32);
    }

    public int stream0() {
        return (int) stream;
    }

    public int stream1() {
        return (int) (stream >>> 32);
    }
}
