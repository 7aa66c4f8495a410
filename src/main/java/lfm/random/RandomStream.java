package lfm.random;

/**
 * Hands out one {@link RandomKey} per draw: the seed is fixed, the stream number counts up. The whole
 * state is (seed, next stream), which checkpoints store so that a resumed run draws exactly what the
 * uninterrupted run would have drawn.
 */
public final class RandomStream {
    private final long seed;
    private long nextStream;

    public RandomStream(long seed) {
        this(seed, 0);
    }

    public RandomStream(long seed, long nextStream) {
        this.seed = seed;
        this.nextStream = nextStream;
    }

    /** The key of the next draw. */
    public RandomKey next() {
        return new RandomKey(seed, nextStream++);
    }

    /** An independent child stream (for a sub-task that must not shift this stream's sequence). */
    public RandomStream fork(long label) {
        return new RandomStream(Distributions.mix(seed, label), 0);
    }

    public long seed() {
        return seed;
    }

    /** Stream number the next draw will use (checkpointed). */
    public long position() {
        return nextStream;
    }
}
