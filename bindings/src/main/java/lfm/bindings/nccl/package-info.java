/**
 * Generated binding of NCCL (libnccl.so.2), GPU collectives on CUDA streams
 * ({@code bindings/headers/nccl_subset.h}); rewrite with {@code bindings/generate.py}. Foundation layer.
 */
package lfm.bindings.nccl;
