package lfm.random;

/**
 * Identifies one draw of random numbers: the run's seed (the Philox key) and a stream number (counter
 * words 2–3). Element i of the draw comes from the counter (i / 4, 0, stream low, stream high) for
 * uniforms and normals, so every backend and every thread produces the same numbers for the same key.
 * The element-to-word mapping of each distribution is fixed in {@link Distributions}.
 */
public record RandomKey(long seed, long stream) {

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
