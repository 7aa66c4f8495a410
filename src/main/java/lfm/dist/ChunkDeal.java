package lfm.dist;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import lfm.tensor.Tensor;

/**
 * Work over many rows (pushing the pool, sampling, NLL) dealt to ranks so that the result does not
 * depend on P: the rows are cut into fixed chunks of {@code chunkRows} (the chunks a single process
 * solves one by one), rank r takes the consecutive chunks [⌊K·r/P⌋, ⌊K·(r+1)/P⌋) of the K chunks, and
 * the ranks' rows are gathered back in chunk order. Each chunk is solved exactly as one process solves
 * it (an adaptive solver adapts its steps per chunk), so the gathered rows are the single process's.
 */
public final class ChunkDeal {
    private ChunkDeal() {}

    /** P + 1 row boundaries: rank r owns rows [bounds[r], bounds[r + 1]), each a multiple of chunkRows or the end. */
    public static int[] bounds(int rows, int chunkRows, int ranks) {
        if (chunkRows < 1 || ranks < 1 || rows < 0) {
            throw new IllegalArgumentException("rows " + rows + ", chunk " + chunkRows + ", ranks " + ranks);
        }
        long chunks = (rows + (long) chunkRows - 1) / chunkRows;
        int[] bounds = new int[ranks + 1];
        for (int r = 0; r <= ranks; r++) {
            bounds[r] = (int) Math.min(rows, chunks * r / ranks * chunkRows);
        }
        return bounds;
    }

    /**
     * In place: {@code rows} (N, D), of which this rank has filled rows [bounds[rank], bounds[rank + 1]),
     * ends with every rank's rows on every rank. Host tensors are gathered where they are; device
     * tensors through a host copy.
     */
    public static void allGatherRows(Collective collective, Tensor rows, int[] bounds) {
        if (collective.size() == 1) {
            return;
        }
        long rowBytes = (long) rows.cols() * Float.BYTES;
        long[] counts = new long[collective.size()];
        for (int r = 0; r < counts.length; r++) {
            counts[r] = (bounds[r + 1] - bounds[r]) * rowBytes;
        }
        long bytes = rows.size() * Float.BYTES;
        if (!rows.backend().name().equals("cuda")) { // reference and cpu tensors are host memory
            collective.allGather(rows.data().asSlice(0, bytes), counts);
            return;
        }
        float[] values = rows.backend().toHost(rows);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment host = arena.allocate(ValueLayout.JAVA_FLOAT, values.length);
            MemorySegment.copy(values, 0, host, ValueLayout.JAVA_FLOAT, 0, values.length);
            collective.allGather(host, counts);
            MemorySegment.copy(host, ValueLayout.JAVA_FLOAT, 0, values, 0, values.length);
        }
        rows.backend().fromHost(values, rows);
    }

    /** Σ over ranks of each rank's longs (counters such as solver evaluations), the same on every rank. */
    public static long[] sumOverRanks(Collective collective, long... mine) {
        if (collective.size() == 1) {
            return mine.clone();
        }
        java.nio.ByteBuffer own = java.nio.ByteBuffer.allocate(mine.length * Long.BYTES);
        for (long value : mine) {
            own.putLong(value);
        }
        long[] total = new long[mine.length];
        for (byte[] part : collective.allGather(own.array())) {
            java.nio.ByteBuffer values = java.nio.ByteBuffer.wrap(part);
            for (int i = 0; i < total.length; i++) {
                total[i] += values.getLong();
            }
        }
        return total;
    }
}
