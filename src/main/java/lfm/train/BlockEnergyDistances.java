package lfm.train;

import java.util.List;
import lfm.data.DataMatrix;
import lfm.eval.BlockDiagnostics;
import lfm.flow.Schedule;
import lfm.metrics.EnergyDistance;

/**
 * The energy distances reported to the listener after each block: of the first {@link #rows} snapshot
 * points, p_{n−1} → p_n, and p_n against as many N(0, I) points (O(points² · D) on the host, bounded by
 * {@link #BUDGET}: a fraction of a second).
 */
final class BlockEnergyDistances {
    /**
     * Bound on points² · D of those energy distances: all {@value Trainer#DIAGNOSTIC_POINTS} points up to
     * D = 64, 571 for D = 784, 288 for D = 3,072.
     */
    static final long BUDGET = (long) Trainer.DIAGNOSTIC_POINTS * Trainer.DIAGNOSTIC_POINTS * 64;

    private BlockEnergyDistances() {}

    /** Reports the distances of the block just pushed (the last two snapshots) to {@code listener}. */
    static void report(Schedule.Block block, Snapshots snapshots, long seed, TrainingListener listener) {
        List<DataMatrix> pools = snapshots.list();
        DataMatrix before = pools.get(pools.size() - 2), after = pools.get(pools.size() - 1);
        int rows = rows(after.rows(), after.cols());
        if (rows < 2) {
            return;
        }
        DataMatrix now = after.rows(0, rows);
        double step = EnergyDistance.of(before.rows(0, rows), now);
        double noise = EnergyDistance.of(now, BlockDiagnostics.standardNormal(rows, now.cols(), seed));
        listener.blockDiagnostics(block, step, noise);
    }

    /**
     * Points the distances use of {@code available} D-dimensional ones: at most
     * {@value Trainer#DIAGNOSTIC_POINTS}, and at most √(BUDGET / D), so image runs stay cheap.
     */
    static int rows(int available, int dimension) {
        int bounded = (int) Math.sqrt((double) BUDGET / Math.max(1, dimension));
        return Math.min(Math.min(Trainer.DIAGNOSTIC_POINTS, available), bounded);
    }
}
