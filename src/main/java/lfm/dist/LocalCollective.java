package lfm.dist;

import java.lang.foreign.MemorySegment;

/** One process, no communication: P = 1, every collective returns its input. */
public final class LocalCollective implements Collective {

    @Override
    public int rank() {
        return 0;
    }

    @Override
    public int size() {
        return 1;
    }

    @Override
    public int localRank() {
        return 0;
    }

    @Override
    public String description() {
        return "local (one process)";
    }

    @Override
    public void barrier() {}

    @Override
    public byte[] broadcast(byte[] bytes, int root) {
        RankOrderSum.checkRank(root, 1);
        return bytes.clone();
    }

    @Override
    public byte[][] allGather(byte[] mine) {
        return new byte[][] {mine.clone()};
    }

    @Override
    public void allGather(MemorySegment buffer, long[] byteCounts) {
        RankOrderSum.checkParts(buffer, byteCounts, 1);
    }

    @Override
    public void allReduceSum(MemorySegment values, long count) {}

    @Override
    public void abort(int status) {
        System.err.flush();
        Runtime.getRuntime().halt(status);
    }

    @Override
    public void close() {}
}
