/**
 * {@code lfm.dist.Collective} over MPI_COMM_WORLD through FFM, on host memory: Open MPI and the MPICH ABI
 * (their handle conventions differ: addresses of globals vs int constants), found at run time; MPI errors
 * return a status that becomes an {@link lfm.dist.mpi.MpiException} naming the call. Buffers are the
 * flat float32 contents of (rows, cols) tensors. Model layer, with {@code lfm.dist} (docs/architecture.md).
 */
package lfm.dist.mpi;
