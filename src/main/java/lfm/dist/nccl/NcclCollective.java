package lfm.dist.nccl;

import java.lang.foreign.MemorySegment;
import lfm.backend.Backend;
import lfm.backend.cuda.CudaBackend;
import lfm.dist.Collective;
import lfm.dist.RankOrderSum;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;

/**
 * {@link Collective} whose tensor all-reduce runs on the GPU with NCCL, queued on the CUDA backend's
 * stream after the ops that produced the tensor; everything else (barriers, broadcasts, host buffers)
 * goes through the MPI collective that launched the job, which also bootstraps NCCL: rank 0 makes the
 * ncclUniqueId and broadcasts it, then every rank joins the communicator on its own GPU.
 *
 * <p>The device all-reduce keeps the rank-order guarantee with the same scheme as MPI
 * ({@link RankOrderSum}): grouped ncclSend/ncclRecv as an all-to-all of padded chunks, the chunk's P
 * parts added in rank order by the backend's own add kernel (float32, one rounding per add), then
 * ncclAllGather. NCCL's own ncclAllReduce is faster but its summation order depends on the topology.
 */
public final class NcclCollective implements Collective {
    private final Collective host;
    private final CudaBackend backend;
    private final NcclCommunicator communicator;
    private final TensorArena buffers;
    private Tensor send;
    private Tensor receive;
    private Tensor sum;

    private NcclCollective(Collective host, CudaBackend backend, NcclCommunicator communicator) {
        this.host = host;
        this.backend = backend;
        this.communicator = communicator;
        this.buffers = backend.newArena("nccl all-reduce");
    }

    /**
     * Joins an NCCL communicator of the ranks of {@code host} on the backend's GPU. Fails (on every rank,
     * naming NCCL's error) where NCCL or a device is missing.
     */
    public static NcclCollective initialize(Collective host, Backend backend) {
        if (!(backend instanceof CudaBackend cuda)) {
            throw new IllegalArgumentException("--distributed nccl reduces on the GPU: it needs --backend cuda, got "
                    + backend.name() + " (use --distributed mpi on CPUs)");
        }
        byte[] id = host.broadcast(host.rank() == 0 ? NcclLibrary.uniqueId() : new byte[0], 0);
        return new NcclCollective(host, cuda, NcclCommunicator.join(id, host.rank(), host.size()));
    }

    @Override
    public int rank() {
        return host.rank();
    }

    @Override
    public int size() {
        return host.size();
    }

    @Override
    public int localRank() {
        return host.localRank();
    }

    @Override
    public String description() {
        return "NCCL " + NcclLibrary.versionText() + " on " + backend.device().summary() + " over "
                + host.description();
    }

    @Override
    public void barrier() {
        host.barrier();
    }

    @Override
    public byte[] broadcast(byte[] bytes, int root) {
        return host.broadcast(bytes, root);
    }

    @Override
    public byte[][] allGather(byte[] mine) {
        return host.allGather(mine);
    }

    @Override
    public void allGather(MemorySegment buffer, long[] byteCounts) {
        host.allGather(buffer, byteCounts);
    }

    @Override
    public void allReduceSum(MemorySegment values, long count) {
        host.allReduceSum(values, count);
    }

    /** A tensor of the CUDA backend is reduced on the device; any other through the host. */
    @Override
    public void allReduceSum(Tensor tensor) {
        if (size() == 1) {
            return;
        }
        if (tensor.backend() != backend) {
            Collective.super.allReduceSum(tensor);
            return;
        }
        long count = tensor.size();
        int chunk = RankOrderSum.chunk(count, size());
        reserve(chunk);
        Tensor padded = send.view(Shape.matrix(chunk * size(), 1));
        backend.fill(send, 0f);
        backend.copy(tensor, padded.rowSlice(0, (int) count).view(tensor.shape()));
        communicator.allToAllFloats(send.data(), receive.data(), chunk, backend.stream());
        // receive: (P, chunk), row q = rank q's share of this rank's chunk; add the rows in rank order
        backend.copy(receive.rowSlice(0, 1), sum);
        for (int q = 1; q < size(); q++) {
            backend.add(sum, receive.rowSlice(q, 1), sum);
        }
        communicator.allGatherFloats(sum.data(), send.data(), chunk, backend.stream());
        backend.copy(padded.rowSlice(0, (int) count).view(tensor.shape()), tensor);
    }

    private void reserve(int chunk) {
        if (sum == null || sum.cols() != chunk) {
            buffers.reset();
            send = buffers.allocate(Shape.matrix(size(), chunk));
            receive = buffers.allocate(Shape.matrix(size(), chunk));
            sum = buffers.allocate(Shape.matrix(1, chunk));
        }
    }

    @Override
    public void abort(int status) {
        communicator.abort();
        host.abort(status);
    }

    /** Leaves the NCCL communicator; the MPI collective that bootstrapped it stays its owner's to close. */
    @Override
    public void close() {
        buffers.close();
        communicator.close();
    }
}
