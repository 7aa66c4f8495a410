package lfm.train;

import lfm.dist.Collective;
import lfm.dist.LocalCollective;

/**
 * How one training step's global batch of B rows is split: into P shards, shard s = rows
 * [⌊B·s/P⌋, ⌊B·(s+1)/P⌋) of the step's one global draw, whose gradients are summed in shard order.
 * <ul>
 *   <li>{@link #single()}: P = 1, the plain step.</li>
 *   <li>{@link #microShards(int)} ({@code --shards P}): one process computes the P shards one after the
 *       other and adds their gradients in order (gradient accumulation), the reference for data-parallel
 *       runs.</li>
 *   <li>{@link #ranks(Collective, int)} ({@code --distributed}): rank r of P computes shard r and the
 *       gradients are summed across ranks in rank order ({@link Collective#allReduceSum}), so the result
 *       is bit for bit that of {@code --shards P} on one process with the same per-shard arithmetic.</li>
 * </ul>
 * Each shard's loss is its squared errors over B·D (not its own rows), so the summed gradient is the
 * gradient of the global mean.
 *
 * @param collective  the ranks of the job (one process: {@link LocalCollective})
 * @param localShards shards this process computes in turn (1 under {@code --distributed})
 * @param checkEvery  steps between weight-hash checks across ranks (0 = none)
 */
public record DataParallel(Collective collective, int localShards, int checkEvery) {

    public DataParallel {
        if (localShards < 1) {
            throw new IllegalArgumentException("--shards must be ≥ 1, got " + localShards);
        }
        if (localShards > 1 && collective.size() > 1) {
            throw new IllegalArgumentException(
                    "--shards splits the batch on one process; under --distributed each rank "
                            + "is one shard (use one or the other)");
        }
        if (checkEvery < 0) {
            throw new IllegalArgumentException("--check-every must be ≥ 0, got " + checkEvery);
        }
    }

    public static DataParallel single() {
        return new DataParallel(new LocalCollective(), 1, 0);
    }

    public static DataParallel microShards(int shards) {
        return new DataParallel(new LocalCollective(), shards, 0);
    }

    public static DataParallel ranks(Collective collective, int checkEvery) {
        return new DataParallel(collective, 1, checkEvery);
    }

    /** P, the number of shards of every global batch. */
    public int shards() {
        return collective.size() * localShards;
    }

    /** The global index of this process's first shard. */
    public int firstShard() {
        return collective.rank() * localShards;
    }

    /** Only rank 0 writes files and prints. */
    public boolean writes() {
        return collective.rank() == 0;
    }

    /** More than one rank: gradients and pushed points cross processes. */
    public boolean distributed() {
        return collective.size() > 1;
    }

    /** First row of shard s of a batch of {@code rows}: ⌊rows·s/P⌋. */
    public static int firstRow(long rows, int shard, int shards) {
        return (int) (rows * shard / shards);
    }
}
