package lfm.dist;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The rank-order reduction every {@link Collective} implements, and the argument checks they share.
 *
 * <p>The scheme of the message-passing implementations (bandwidth of a ring all-reduce, 2·(P−1)/P of
 * the vector per rank): the n values are padded to P chunks of c = ⌈n/P⌉; an all-to-all gives rank q
 * chunk q of every rank; rank q adds them in rank order, s = ((x₀ + x₁) + x₂) + …; an all-gather
 * returns every summed chunk to every rank. Each element is summed in the same order wherever it lands,
 * so the result is bit for bit the single process's sequential sum of the P shares.
 */
public final class RankOrderSum {
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT;

    private RankOrderSum() {}

    /** c = ⌈n/P⌉, the chunk each rank sums; refuses a chunk past an int count (MPI's limit). */
    public static int chunk(long count, int ranks) {
        long chunk = (count + ranks - 1) / ranks;
        if (chunk > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("an all-reduce of " + count + " values over " + ranks
                    + " ranks needs chunks above 2³¹ − 1 elements");
        }
        return (int) chunk;
    }

    /**
     * out[j] = Σ_q parts[q·chunk + j] for q = 0..ranks−1, added in that order in float32 (the first part
     * copied, so −0 stays −0 as in the sequential sum).
     */
    public static void sum(MemorySegment parts, int ranks, int chunk, MemorySegment out) {
        MemorySegment.copy(parts, 0, out, 0, (long) chunk * Float.BYTES);
        for (int q = 1; q < ranks; q++) {
            long base = (long) q * chunk;
            for (long j = 0; j < chunk; j++) {
                out.setAtIndex(FLOAT, j, out.getAtIndex(FLOAT, j) + parts.getAtIndex(FLOAT, base + j));
            }
        }
    }

    static void checkRank(int root, int size) {
        if (root < 0 || root >= size) {
            throw new IllegalArgumentException("root rank " + root + " is outside [0, " + size + ")");
        }
    }

    /** The parts of an in-place all-gather must fill the buffer, one per rank. */
    public static long[] checkParts(MemorySegment buffer, long[] byteCounts, int size) {
        if (byteCounts.length != size) {
            throw new IllegalArgumentException(byteCounts.length + " part sizes for " + size + " ranks");
        }
        long[] offsets = new long[size + 1];
        for (int r = 0; r < size; r++) {
            if (byteCounts[r] < 0) {
                throw new IllegalArgumentException("negative part size " + byteCounts[r] + " for rank " + r);
            }
            offsets[r + 1] = offsets[r] + byteCounts[r];
        }
        if (offsets[size] != buffer.byteSize()) {
            throw new IllegalArgumentException(
                    "parts of " + offsets[size] + " bytes for a buffer of " + buffer.byteSize());
        }
        return offsets;
    }
}
