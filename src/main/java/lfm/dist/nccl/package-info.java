/**
 * {@code lfm.dist.Collective} whose tensor all-reduce runs on the GPU with NCCL, on the CUDA backend's
 * stream, keeping the rank-order sum (all-to-all of padded chunks, in-order adds, all-gather); everything
 * else goes through the MPI collective that launched the job. Tensors are the CUDA backend's float32
 * (rows, cols) matrices. Model layer, with {@code lfm.dist} (docs/architecture.md); it may import
 * {@code lfm.backend.cuda}.
 */
package lfm.dist.nccl;
