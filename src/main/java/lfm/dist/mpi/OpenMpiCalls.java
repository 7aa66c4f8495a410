package lfm.dist.mpi;

import java.lang.foreign.MemorySegment;
import lfm.bindings.mpi.OpenMpi;

/** Open MPI's handles: the addresses of its predefined globals (MPI_COMM_WORLD = &ompi_mpi_comm_world, ...). */
final class OpenMpiCalls implements MpiCalls {
    private final MemorySegment world = OpenMpi.ompi_mpi_comm_world();
    private final MemorySegment bytes = OpenMpi.ompi_mpi_byte();
    private final MemorySegment ints = OpenMpi.ompi_mpi_int();
    private final MemorySegment floats = OpenMpi.ompi_mpi_float();

    @Override
    public String family() {
        return "Open MPI";
    }

    @Override
    public int initialized(MemorySegment flag) {
        return OpenMpi.MPI_Initialized(flag);
    }

    @Override
    public int finalized(MemorySegment flag) {
        return OpenMpi.MPI_Finalized(flag);
    }

    @Override
    public int initThreadFunneled(MemorySegment provided) {
        return OpenMpi.MPI_Init_thread(MemorySegment.NULL, MemorySegment.NULL, OpenMpi.MPI_THREAD_FUNNELED(), provided);
    }

    @Override
    public int finalizeMpi() {
        return OpenMpi.MPI_Finalize();
    }

    @Override
    public int abort(int status) {
        return OpenMpi.MPI_Abort(world, status);
    }

    @Override
    public int errorsReturn() {
        return OpenMpi.MPI_Comm_set_errhandler(world, OpenMpi.ompi_mpi_errors_return());
    }

    @Override
    public int rank(MemorySegment out) {
        return OpenMpi.MPI_Comm_rank(world, out);
    }

    @Override
    public int size(MemorySegment out) {
        return OpenMpi.MPI_Comm_size(world, out);
    }

    @Override
    public int barrier() {
        return OpenMpi.MPI_Barrier(world);
    }

    @Override
    public int broadcastBytes(MemorySegment buffer, int count, int root) {
        return OpenMpi.MPI_Bcast(buffer, count, bytes, root, world);
    }

    @Override
    public int allGatherInts(MemorySegment mine, MemorySegment all) {
        return OpenMpi.MPI_Allgather(mine, 1, ints, all, 1, ints, world);
    }

    @Override
    public int allGatherBytes(
            MemorySegment mine, int count, MemorySegment all, MemorySegment counts, MemorySegment offsets) {
        return OpenMpi.MPI_Allgatherv(mine, count, bytes, all, counts, offsets, bytes, world);
    }

    @Override
    public int allToAllFloats(MemorySegment send, int count, MemorySegment receive) {
        return OpenMpi.MPI_Alltoall(send, count, floats, receive, count, floats, world);
    }

    @Override
    public int allGatherFloats(MemorySegment mine, int count, MemorySegment all) {
        return OpenMpi.MPI_Allgather(mine, count, floats, all, count, floats, world);
    }

    @Override
    public int processorName(MemorySegment name, MemorySegment length) {
        return OpenMpi.MPI_Get_processor_name(name, length);
    }

    @Override
    public int libraryVersion(MemorySegment text, MemorySegment length) {
        return OpenMpi.MPI_Get_library_version(text, length);
    }

    @Override
    public int errorString(int status, MemorySegment text, MemorySegment length) {
        return OpenMpi.MPI_Error_string(status, text, length);
    }

    @Override
    public int maxProcessorName() {
        return OpenMpi.MPI_MAX_PROCESSOR_NAME();
    }

    @Override
    public int maxLibraryVersion() {
        return OpenMpi.MPI_MAX_LIBRARY_VERSION_STRING();
    }

    @Override
    public int maxErrorString() {
        return OpenMpi.MPI_MAX_ERROR_STRING();
    }
}
