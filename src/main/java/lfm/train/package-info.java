/**
 * Training of the blocks in order ({@link lfm.train.Trainer}): per block, flow matching on pairs (x_l from
 * the pool, x_r its OU step or, in the free block, fresh noise), then a push of the whole pool through the
 * block; checkpoints after every block and every {@code checkpointEvery} steps so that a stopped run resumes
 * exactly. {@link lfm.train.DataParallel} splits each global batch of B rows into P shards whose gradients
 * are summed in shard (or rank) order. Batches are (B, D) rows, times (B, 1). Workflow layer
 * (docs/architecture.md).
 */
package lfm.train;
