package lfm.dist.mpi;

import java.lang.foreign.MemorySegment;
import lfm.bindings.mpi.Mpich;

/** MPICH's handles (and those of its ABI: Intel MPI, Cray MPICH, MVAPICH): int constants of mpi.h. */
final class MpichCalls implements MpiCalls {
    private final int world = Mpich.MPI_COMM_WORLD();
    private final int bytes = Mpich.MPI_BYTE();
    private final int ints = Mpich.MPI_INT();
    private final int floats = Mpich.MPI_FLOAT();

    @Override
    public String family() {
        return "MPICH";
    }

    @Override
    public int initialized(MemorySegment flag) {
        return Mpich.MPI_Initialized(flag);
    }

    @Override
    public int finalized(MemorySegment flag) {
        return Mpich.MPI_Finalized(flag);
    }

    @Override
    public int initThreadFunneled(MemorySegment provided) {
        return Mpich.MPI_Init_thread(MemorySegment.NULL, MemorySegment.NULL, Mpich.MPI_THREAD_FUNNELED(), provided);
    }

    @Override
    public int finalizeMpi() {
        return Mpich.MPI_Finalize();
    }

    @Override
    public int abort(int status) {
        return Mpich.MPI_Abort(world, status);
    }

    @Override
    public int errorsReturn() {
        return Mpich.MPI_Comm_set_errhandler(world, Mpich.MPI_ERRORS_RETURN());
    }

    @Override
    public int rank(MemorySegment out) {
        return Mpich.MPI_Comm_rank(world, out);
    }

    @Override
    public int size(MemorySegment out) {
        return Mpich.MPI_Comm_size(world, out);
    }

    @Override
    public int barrier() {
        return Mpich.MPI_Barrier(world);
    }

    @Override
    public int broadcastBytes(MemorySegment buffer, int count, int root) {
        return Mpich.MPI_Bcast(buffer, count, bytes, root, world);
    }

    @Override
    public int allGatherInts(MemorySegment mine, MemorySegment all) {
        return Mpich.MPI_Allgather(mine, 1, ints, all, 1, ints, world);
    }

    @Override
    public int allGatherBytes(
            MemorySegment mine, int count, MemorySegment all, MemorySegment counts, MemorySegment offsets) {
        return Mpich.MPI_Allgatherv(mine, count, bytes, all, counts, offsets, bytes, world);
    }

    @Override
    public int allToAllFloats(MemorySegment send, int count, MemorySegment receive) {
        return Mpich.MPI_Alltoall(send, count, floats, receive, count, floats, world);
    }

    @Override
    public int allGatherFloats(MemorySegment mine, int count, MemorySegment all) {
        return Mpich.MPI_Allgather(mine, count, floats, all, count, floats, world);
    }

    @Override
    public int processorName(MemorySegment name, MemorySegment length) {
        return Mpich.MPI_Get_processor_name(name, length);
    }

    @Override
    public int libraryVersion(MemorySegment text, MemorySegment length) {
        return Mpich.MPI_Get_library_version(text, length);
    }

    @Override
    public int errorString(int status, MemorySegment text, MemorySegment length) {
        return Mpich.MPI_Error_string(status, text, length);
    }

    @Override
    public int maxProcessorName() {
        return Mpich.MPI_MAX_PROCESSOR_NAME();
    }

    @Override
    public int maxLibraryVersion() {
        return Mpich.MPI_MAX_LIBRARY_VERSION_STRING();
    }

    @Override
    public int maxErrorString() {
        return Mpich.MPI_MAX_ERROR_STRING();
    }
}
