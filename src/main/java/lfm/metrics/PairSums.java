package lfm.metrics;

import java.util.stream.IntStream;

/**
 * Sums over pairs of points of the distance |a − b| and of the Gaussian (RBF) kernel
 * exp(−|a − b|² / (2h²)), in one pass so that energy distance and MMD share the O(n·m·D) work.
 *
 * <p>Blocked and multithreaded: rows of {@code a} are cut into blocks of 32, each a task on the common
 * fork-join pool; within a task, columns of {@code b} are visited in tiles of 1024 so the squared
 * distances of one row against one tile stay in L1 cache. Every task accumulates in double and the
 * task sums are added in block order, so the result does not depend on the number of threads.
 */
final class PairSums {
    private static final int ROW_BLOCK = 32;
    private static final int COLUMN_TILE = 1024;

    /**
     * @param distance Σ |a_i − b_j| over the pairs
     * @param kernel   Σ exp(−|a_i − b_j|²/(2h²)) over the pairs (0 when no bandwidth was given)
     * @param pairs    number of pairs summed
     */
    record Sums(double distance, double kernel, long pairs) {}

    private PairSums() {}

    /** All n·m ordered pairs (a_i, b_j). {@code bandwidth} ≤ 0 skips the kernel sum. */
    static Sums between(PointColumns a, PointColumns b, double bandwidth) {
        return sum(a, b, false, bandwidth);
    }

    /** The n(n − 1)/2 unordered pairs i < j of one set. */
    static Sums within(PointColumns a, double bandwidth) {
        return sum(a, a, true, bandwidth);
    }

    private static Sums sum(PointColumns a, PointColumns b, boolean upperTriangle, double bandwidth) {
        if (a.dimension != b.dimension) {
            throw new IllegalArgumentException("points of dimension " + a.dimension + " and " + b.dimension);
        }
        double kernelScale = bandwidth > 0 ? -1 / (2 * bandwidth * bandwidth) : 0;
        boolean withKernel = bandwidth > 0;
        int blocks = (a.count + ROW_BLOCK - 1) / ROW_BLOCK;
        double[][] partial = new double[blocks][];
        IntStream.range(0, blocks)
                .parallel()
                .forEach(block -> partial[block] = sumRowBlock(
                        a,
                        b,
                        block * ROW_BLOCK,
                        Math.min(a.count, (block + 1) * ROW_BLOCK),
                        upperTriangle,
                        kernelScale,
                        withKernel));
        double distance = 0;
        double kernel = 0;
        for (double[] sums : partial) {
            distance += sums[0];
            kernel += sums[1];
        }
        long pairs = upperTriangle ? (long) a.count * (a.count - 1) / 2 : (long) a.count * b.count;
        return new Sums(distance, kernel, pairs);
    }

    /** {Σ distance, Σ kernel} for rows [rowStart, rowEnd) of a against b (only j > i when upperTriangle). */
    private static double[] sumRowBlock(
            PointColumns a,
            PointColumns b,
            int rowStart,
            int rowEnd,
            boolean upperTriangle,
            double kernelScale,
            boolean withKernel) {
        double[] squared = new double[COLUMN_TILE];
        double distance = 0;
        double kernel = 0;
        int firstColumn = upperTriangle ? rowStart + 1 : 0;
        for (int tileStart = firstColumn; tileStart < b.count; tileStart += COLUMN_TILE) {
            int tileEnd = Math.min(b.count, tileStart + COLUMN_TILE);
            for (int i = rowStart; i < rowEnd; i++) {
                int start = upperTriangle ? Math.max(tileStart, i + 1) : tileStart;
                if (start >= tileEnd) {
                    continue;
                }
                squaredDistances(a, i, b, start, tileEnd, squared);
                int length = tileEnd - start;
                for (int t = 0; t < length; t++) {
                    distance += Math.sqrt(squared[t]);
                }
                if (withKernel) {
                    for (int t = 0; t < length; t++) {
                        kernel += Math.exp(kernelScale * squared[t]);
                    }
                }
            }
        }
        return new double[] {distance, kernel};
    }

    /** squared[t] = |a_i − b_(start + t)|² for t < end − start. */
    private static void squaredDistances(PointColumns a, int i, PointColumns b, int start, int end, double[] squared) {
        int length = end - start;
        double[] bColumn = b.columns[0];
        double ai = a.columns[0][i];
        for (int t = 0; t < length; t++) {
            double difference = bColumn[start + t] - ai;
            squared[t] = difference * difference;
        }
        for (int k = 1; k < a.dimension; k++) {
            bColumn = b.columns[k];
            ai = a.columns[k][i];
            for (int t = 0; t < length; t++) {
                double difference = bColumn[start + t] - ai;
                squared[t] += difference * difference;
            }
        }
    }
}
