package lfm.dist;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import lfm.tensor.Tensor;

/**
 * The collective operations data-parallel training, sampling and evaluation need, over P ranks of one
 * job: rank r ∈ [0, P) runs the same program on its own share of the work and meets the others here.
 * Every rank must call the same operations in the same order (as in MPI); a rank that cannot go on calls
 * {@link #abort} so no other rank waits for it forever.
 *
 * <p>Reductions are deterministic and independent of P's arrival order and of how the library reduces:
 * {@link #allReduceSum} returns, on every rank, the float32 sum taken in rank order,
 * ((v₀ + v₁) + v₂) + … + v_{P−1}, element by element — the same bits a single process gets by adding
 * the P shares one after the other (plain MPI_Allreduce is identical across ranks, but its order is the
 * library's). Implementations: {@link LocalCollective} (one process), {@link ThreadRanks} (threads as
 * ranks, for tests), {@link lfm.dist.mpi.MpiCollective} (MPI, host memory) and
 * {@link lfm.dist.nccl.NcclCollective} (NCCL on the CUDA stream for device tensors, MPI for the rest).
 */
public interface Collective extends AutoCloseable {

    /** This process's rank, 0 ≤ rank &lt; size. */
    int rank();

    /** P, the number of ranks. */
    int size();

    /** The rank among those on this machine (which GPU to use). */
    int localRank();

    /** One line for logs: the implementation, library version, rank and size. */
    String description();

    /** Returns when every rank has called it. */
    void barrier();

    /** Rank {@code root}'s bytes, on every rank ({@code bytes} is read on the root only). */
    byte[] broadcast(byte[] bytes, int root);

    /** Every rank's bytes (any lengths), indexed by rank, on every rank. For small payloads. */
    byte[][] allGather(byte[] mine);

    /**
     * In place: {@code buffer} holds P consecutive parts, part r of {@code byteCounts[r]} bytes; on
     * entry this rank's own part is filled, on return every part is (each rank's own).
     */
    void allGather(MemorySegment buffer, long[] byteCounts);

    /** In place: count float32 values (host memory) become Σᵣ in rank order, on every rank. */
    void allReduceSum(MemorySegment values, long count);

    /** {@link #allReduceSum(MemorySegment, long)} of a Java array. */
    default void allReduceSum(float[] values) {
        if (size() == 1) {
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment segment = arena.allocate(ValueLayout.JAVA_FLOAT, values.length);
            MemorySegment.copy(values, 0, segment, ValueLayout.JAVA_FLOAT, 0, values.length);
            allReduceSum(segment, values.length);
            MemorySegment.copy(segment, ValueLayout.JAVA_FLOAT, 0, values, 0, values.length);
        }
    }

    /**
     * In place: a tensor of any backend becomes Σᵣ in rank order. Staged through the host here;
     * implementations with device collectives (NCCL) reduce device tensors where they are.
     */
    default void allReduceSum(Tensor tensor) {
        if (size() == 1) {
            return;
        }
        float[] values = tensor.backend().toHost(tensor);
        allReduceSum(values);
        tensor.backend().fromHost(values, tensor);
    }

    /**
     * Ends the whole job with {@code status}: every rank stops within seconds. Does not return. The
     * caller prints its one-line reason first.
     */
    void abort(int status);

    /** Leaves the job (MPI_Finalize); called once on every rank after the last collective. */
    @Override
    void close();
}
