/**
 * Generated bindings of MPI: Open MPI (libmpi.so.40, handles are addresses of predefined globals) and the
 * MPICH ABI (libmpi.so.12, handles are int constants), from {@code bindings/headers/mpi_*_subset.h};
 * rewrite with {@code bindings/generate.py}. Foundation layer.
 */
package lfm.bindings.mpi;
