/**
 * Running on many processes: the {@link lfm.dist.Collective} contract (rank-order all-reduce, all-gather,
 * broadcast, barrier, abort) and its implementations — one process, threads as ranks (tests), MPI and
 * NCCL through FFM — and {@link lfm.dist.ChunkDeal}, how row-wise work is dealt to ranks so that results
 * do not depend on their number. How training uses it: {@link lfm.train.DataParallel}; for users:
 * docs/distributed.md.
 * Model layer (docs/architecture.md): imports the compute and foundation layers; {@code nccl} may import
 * {@code lfm.backend.cuda}.
 */
package lfm.dist;
