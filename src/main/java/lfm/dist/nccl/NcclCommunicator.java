package lfm.dist.nccl;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import lfm.bindings.nccl.Nccl;

/**
 * One NCCL communicator (ncclComm_t) of a job of {@code ranks} ranks: made by every rank with the same
 * unique id, on the CUDA device current in the calling thread. Collectives are queued on the stream
 * they are given and complete in its order.
 */
public final class NcclCommunicator implements AutoCloseable {
    private final MemorySegment communicator;
    private final int rank;
    private final int ranks;
    private boolean closed;

    private NcclCommunicator(MemorySegment communicator, int rank, int ranks) {
        this.communicator = communicator;
        this.rank = rank;
        this.ranks = ranks;
    }

    /**
     * ncclCommInitRank: joins the communicator named by {@code uniqueId} as {@code rank} of {@code ranks}
     * (blocks until every rank has joined). Without a usable GPU NCCL returns an error, which becomes an
     * {@link NcclException} naming it.
     */
    public static NcclCommunicator join(byte[] uniqueId, int rank, int ranks) {
        NcclLibrary.load();
        if (uniqueId.length != Nccl.NCCL_UNIQUE_ID_BYTES()) {
            throw new IllegalArgumentException(
                    "an ncclUniqueId has " + Nccl.NCCL_UNIQUE_ID_BYTES() + " bytes, got " + uniqueId.length);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            MemorySegment id = arena.allocate(Nccl.ncclUniqueId_LAYOUT);
            MemorySegment.copy(uniqueId, 0, id, ValueLayout.JAVA_BYTE, 0, uniqueId.length);
            NcclLibrary.check("ncclCommInitRank", Nccl.ncclCommInitRank(out, ranks, id, rank), MemorySegment.NULL);
            return new NcclCommunicator(out.get(ValueLayout.ADDRESS, 0), rank, ranks);
        }
    }

    public int rank() {
        return rank;
    }

    public int ranks() {
        return ranks;
    }

    /** recv (ranks·count floats) ← every rank's send (count floats), in rank order. */
    public void allGatherFloats(MemorySegment send, MemorySegment receive, long count, MemorySegment stream) {
        check("ncclAllGather", Nccl.ncclAllGather(send, receive, count, Nccl.ncclFloat32(), communicator, stream));
    }

    /**
     * All-to-all of float chunks by grouped point-to-point calls (NCCL ≥ 2.7): chunk q of {@code send}
     * goes to rank q, chunk q of {@code receive} comes from rank q; chunks of {@code count} floats.
     */
    public void allToAllFloats(MemorySegment send, MemorySegment receive, long count, MemorySegment stream) {
        long bytes = count * Float.BYTES;
        check("ncclGroupStart", Nccl.ncclGroupStart());
        for (int peer = 0; peer < ranks; peer++) {
            check(
                    "ncclSend",
                    Nccl.ncclSend(
                            send.asSlice(peer * bytes, bytes), count, Nccl.ncclFloat32(), peer, communicator, stream));
            check(
                    "ncclRecv",
                    Nccl.ncclRecv(
                            receive.asSlice(peer * bytes, bytes),
                            count,
                            Nccl.ncclFloat32(),
                            peer,
                            communicator,
                            stream));
        }
        check("ncclGroupEnd", Nccl.ncclGroupEnd());
    }

    /** Ends the communicator after a failure without waiting for other ranks (ncclCommAbort). */
    public synchronized void abort() {
        if (!closed) {
            closed = true;
            Nccl.ncclCommAbort(communicator);
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            check("ncclCommDestroy", Nccl.ncclCommDestroy(communicator));
        }
    }

    private void check(String call, int status) {
        NcclLibrary.check(call, status, communicator);
    }
}
