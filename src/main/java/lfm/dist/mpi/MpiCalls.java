package lfm.dist.mpi;

import java.lang.foreign.MemorySegment;

/**
 * The MPI calls lfm makes, on MPI_COMM_WORLD, with the handles of one implementation baked in: Open
 * MPI's are addresses of predefined globals ({@link OpenMpiCalls}), MPICH's are int constants
 * ({@link MpichCalls}). Every method returns the MPI status (0 = MPI_SUCCESS).
 */
interface MpiCalls {

    /** "Open MPI" or "MPICH" (the ABI family). */
    String family();

    int initialized(MemorySegment flag);

    int finalized(MemorySegment flag);

    /** MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, provided): only the main thread calls MPI. */
    int initThreadFunneled(MemorySegment provided);

    int finalizeMpi();

    int abort(int status);

    /** Errors return a status instead of ending the job (MPI_ERRORS_RETURN on the world). */
    int errorsReturn();

    int rank(MemorySegment out);

    int size(MemorySegment out);

    int barrier();

    int broadcastBytes(MemorySegment buffer, int count, int root);

    int allGatherInts(MemorySegment mine, MemorySegment all);

    int allGatherBytes(MemorySegment mine, int count, MemorySegment all, MemorySegment counts, MemorySegment offsets);

    int allToAllFloats(MemorySegment send, int count, MemorySegment receive);

    int allGatherFloats(MemorySegment mine, int count, MemorySegment all);

    int processorName(MemorySegment name, MemorySegment length);

    int libraryVersion(MemorySegment text, MemorySegment length);

    int errorString(int status, MemorySegment text, MemorySegment length);

    /** Buffer sizes of the three string calls (MPI_MAX_PROCESSOR_NAME, _LIBRARY_VERSION_STRING, _ERROR_STRING). */
    int maxProcessorName();

    int maxLibraryVersion();

    int maxErrorString();
}
