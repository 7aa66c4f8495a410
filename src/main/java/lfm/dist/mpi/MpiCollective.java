package lfm.dist.mpi;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import lfm.dist.Collective;
import lfm.dist.RankOrderSum;
import lfm.tensor.DType;
import lfm.tensor.Tensor;

/**
 * {@link Collective} over MPI_COMM_WORLD, through FFM (Open MPI or MPICH, see {@link MpiLibrary}), on
 * host memory. The rank-order all-reduce is an MPI_Alltoall of padded chunks, an in-order sum of each
 * chunk and an MPI_Allgather ({@link RankOrderSum}). Errors return a status (MPI_ERRORS_RETURN) that
 * becomes an {@link MpiException} naming the call and MPI's message. Only the thread that initialised
 * MPI calls it (MPI_THREAD_FUNNELED).
 */
public final class MpiCollective implements Collective {
    private static final int MAX_MESSAGE = 1 << 30; // bytes per MPI call (counts are C ints)

    private final MpiCalls mpi;
    private final Arena arena = Arena.ofShared();
    private final int rank;
    private final int size;
    private final int localRank;
    private final String library;
    private final boolean initializedHere;
    private MemorySegment scratch = MemorySegment.NULL;
    private boolean closed;

    private MpiCollective(MpiCalls mpi) {
        this.mpi = mpi;
        MemorySegment flag = arena.allocate(ValueLayout.JAVA_INT);
        check("MPI_Initialized", mpi.initialized(flag));
        initializedHere = flag.get(ValueLayout.JAVA_INT, 0) == 0;
        if (initializedHere) {
            check("MPI_Init_thread", mpi.initThreadFunneled(flag));
        }
        check("MPI_Comm_set_errhandler", mpi.errorsReturn());
        check("MPI_Comm_rank", mpi.rank(flag));
        rank = flag.get(ValueLayout.JAVA_INT, 0);
        check("MPI_Comm_size", mpi.size(flag));
        size = flag.get(ValueLayout.JAVA_INT, 0);
        library = text(mpi.maxLibraryVersion(), "MPI_Get_library_version", mpi::libraryVersion);
        localRank = localRank(text(mpi.maxProcessorName(), "MPI_Get_processor_name", mpi::processorName));
    }

    /**
     * Joins the MPI job this process was launched in (mpirun, mpiexec or srun), or a job of one rank when
     * started alone (MPI's singleton start).
     */
    public static MpiCollective initialize() {
        return new MpiCollective(MpiLibrary.load());
    }

    @Override
    public int rank() {
        return rank;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int localRank() {
        return localRank;
    }

    @Override
    public String description() {
        // "Open MPI v4.1.4, package: ...", "MPICH Version: 4.0.2 ...": the name and version come first
        String version = library.lines()
                .findFirst()
                .orElse(mpi.family())
                .split(",", -1)[0]
                .replaceAll("\\s+", " ")
                .strip();
        return "MPI (" + (version.isEmpty() ? mpi.family() : version) + "), rank " + rank + " of " + size;
    }

    @Override
    public void barrier() {
        check("MPI_Barrier", mpi.barrier());
    }

    @Override
    public byte[] broadcast(byte[] bytes, int root) {
        MemorySegment length = scratch(Long.BYTES);
        length.set(ValueLayout.JAVA_LONG, 0, rank == root ? bytes.length : 0);
        check("MPI_Bcast", mpi.broadcastBytes(length, Long.BYTES, root));
        long count = length.get(ValueLayout.JAVA_LONG, 0);
        try (Arena call = Arena.ofConfined()) {
            MemorySegment data = call.allocate(Math.max(1, count));
            if (rank == root) {
                MemorySegment.copy(bytes, 0, data, ValueLayout.JAVA_BYTE, 0, bytes.length);
            }
            for (long from = 0; from < count; from += MAX_MESSAGE) {
                int part = (int) Math.min(MAX_MESSAGE, count - from);
                check("MPI_Bcast", mpi.broadcastBytes(data.asSlice(from, part), part, root));
            }
            return data.asSlice(0, count).toArray(ValueLayout.JAVA_BYTE);
        }
    }

    @Override
    public byte[][] allGather(byte[] mine) {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment lengths = call.allocate(ValueLayout.JAVA_INT, size);
            MemorySegment own = call.allocate(ValueLayout.JAVA_INT);
            own.set(ValueLayout.JAVA_INT, 0, mine.length);
            check("MPI_Allgather", mpi.allGatherInts(own, lengths));
            long[] counts = new long[size];
            for (int r = 0; r < size; r++) {
                counts[r] = lengths.getAtIndex(ValueLayout.JAVA_INT, r);
            }
            long total = Arrays.stream(counts).sum();
            MemorySegment all = call.allocate(Math.max(1, total)).asSlice(0, total);
            long offset = Arrays.stream(counts, 0, rank).sum();
            MemorySegment.copy(mine, 0, all, ValueLayout.JAVA_BYTE, offset, mine.length);
            allGather(all, counts);
            byte[][] result = new byte[size][];
            offset = 0;
            for (int r = 0; r < size; r++) {
                result[r] = all.asSlice(offset, counts[r]).toArray(ValueLayout.JAVA_BYTE);
                offset += counts[r];
            }
            return result;
        }
    }

    @Override
    public void allGather(MemorySegment buffer, long[] byteCounts) {
        long[] offsets = RankOrderSum.checkParts(buffer, byteCounts, size);
        if (offsets[size] > Integer.MAX_VALUE) {
            throw new MpiException("an all-gather of " + offsets[size] + " bytes is more than MPI_Allgatherv's int "
                    + "displacements reach; use fewer points per call");
        }
        if (size == 1) {
            return;
        }
        try (Arena call = Arena.ofConfined()) {
            MemorySegment counts = call.allocate(ValueLayout.JAVA_INT, size);
            MemorySegment displacements = call.allocate(ValueLayout.JAVA_INT, size);
            for (int r = 0; r < size; r++) {
                counts.setAtIndex(ValueLayout.JAVA_INT, r, (int) byteCounts[r]);
                displacements.setAtIndex(ValueLayout.JAVA_INT, r, (int) offsets[r]);
            }
            // MPI forbids a send buffer inside the receive buffer (short of MPI_IN_PLACE): send a copy
            MemorySegment own = call.allocate(Math.max(1, byteCounts[rank]));
            MemorySegment.copy(buffer, offsets[rank], own, 0, byteCounts[rank]);
            check("MPI_Allgatherv", mpi.allGatherBytes(own, (int) byteCounts[rank], buffer, counts, displacements));
        }
    }

    @Override
    public void allReduceSum(MemorySegment values, long count) {
        if (size == 1 || count == 0) {
            return;
        }
        int chunk = RankOrderSum.chunk(count, size);
        long padded = (long) chunk * size * Float.BYTES;
        MemorySegment buffers = scratch(2 * padded + (long) chunk * Float.BYTES);
        MemorySegment send = buffers.asSlice(0, padded);
        MemorySegment receive = buffers.asSlice(padded, padded);
        MemorySegment sum = buffers.asSlice(2 * padded, (long) chunk * Float.BYTES);
        send.fill((byte) 0);
        MemorySegment.copy(values, 0, send, 0, count * Float.BYTES);
        check("MPI_Alltoall", mpi.allToAllFloats(send, chunk, receive));
        RankOrderSum.sum(receive, size, chunk, sum);
        check("MPI_Allgather", mpi.allGatherFloats(sum, chunk, send));
        MemorySegment.copy(send, 0, values, 0, count * Float.BYTES);
    }

    /** Host tensors (reference, cpu) are reduced where they are; device tensors through a host copy. */
    @Override
    public void allReduceSum(Tensor tensor) {
        if (size == 1) {
            return;
        }
        if (tensor.backend().name().equals("cuda") || tensor.dtype() != DType.F32) {
            Collective.super.allReduceSum(tensor);
        } else {
            allReduceSum(tensor.data(), tensor.size());
        }
    }

    @Override
    public void abort(int status) {
        System.out.flush();
        System.err.flush();
        mpi.abort(status);
        Runtime.getRuntime().halt(status); // MPI_Abort returned: make sure this rank at least ends
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        MemorySegment flag = arena.allocate(ValueLayout.JAVA_INT);
        if (initializedHere && mpi.finalized(flag) == 0 && flag.get(ValueLayout.JAVA_INT, 0) == 0) {
            check("MPI_Finalize", mpi.finalizeMpi());
        }
        arena.close();
    }

    /** The first {@code length} bytes of a reusable scratch segment, grown (doubling) as needed. */
    private MemorySegment scratch(long length) {
        if (scratch.byteSize() < length) {
            long grown = Math.max(length, 2 * scratch.byteSize());
            scratch = arena.allocate(grown, 64); // the old one is freed with the arena (growth is rare)
        }
        return scratch.asSlice(0, length);
    }

    private int localRank(String host) {
        byte[][] hosts = allGather(host.getBytes(StandardCharsets.UTF_8));
        int local = 0;
        for (int r = 0; r < rank; r++) {
            if (Arrays.equals(hosts[r], hosts[rank])) {
                local++;
            }
        }
        return local;
    }

    private interface StringCall {
        int call(MemorySegment text, MemorySegment length);
    }

    private String text(int capacity, String name, StringCall call) {
        try (Arena scope = Arena.ofConfined()) {
            MemorySegment text = scope.allocate(capacity + 1L);
            MemorySegment length = scope.allocate(ValueLayout.JAVA_INT);
            check(name, call.call(text, length));
            return cString(text, Math.max(0, Math.min(capacity, length.get(ValueLayout.JAVA_INT, 0))));
        }
    }

    /** The text of the first n bytes, up to a NUL (some libraries count the terminator in the length). */
    private static String cString(MemorySegment text, int n) {
        byte[] bytes = text.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8).strip();
    }

    private void check(String call, int status) {
        if (status != 0) {
            throw new MpiException(call + " failed on rank " + rank + ": " + describe(status));
        }
    }

    /** MPI's message for a status, read without {@link #check} (a failing MPI_Error_string must not recurse). */
    private String describe(int status) {
        try (Arena scope = Arena.ofConfined()) {
            MemorySegment text = scope.allocate(mpi.maxErrorString() + 1L);
            MemorySegment length = scope.allocate(ValueLayout.JAVA_INT);
            if (mpi.errorString(status, text, length) != 0) {
                return "MPI error " + status;
            }
            int n = Math.max(0, Math.min(mpi.maxErrorString(), length.get(ValueLayout.JAVA_INT, 0)));
            return cString(text, n) + " (MPI error " + status + ")";
        }
    }
}
