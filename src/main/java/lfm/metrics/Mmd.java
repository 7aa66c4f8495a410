package lfm.metrics;

import java.util.Arrays;
import lfm.data.DataMatrix;
import lfm.data.RowSampling;

/**
 * Squared maximum mean discrepancy with the Gaussian kernel k(x, y) = exp(−|x − y|²/(2h²)):
 * MMD²(P, Q) = E k(X, X') + E k(Y, Y') − 2 E k(X, Y). Estimated by the unbiased U-statistic
 * (within-sample averages over pairs i ≠ j), centred on 0 when P = Q.
 *
 * <p>Bandwidth: the median heuristic on the reference sample, h = median |y_i − y_j| over the pairs
 * of at most {@value #MEDIAN_POINTS} reference points (a seeded subsample). Taking it from the
 * reference alone keeps h the same for every model compared against the same data.
 */
public final class Mmd {
    /** Reference points used for the median heuristic. */
    public static final int MEDIAN_POINTS = 1000;

    private Mmd() {}

    /** The U-statistic estimate of MMD² between samples x and y with bandwidth h. */
    public static double squared(DataMatrix x, DataMatrix y, double bandwidth) {
        if (!(bandwidth > 0)) {
            throw new IllegalArgumentException("bandwidth must be positive, got " + bandwidth);
        }
        PointColumns a = new PointColumns(x);
        PointColumns b = new PointColumns(y);
        return fromSums(
                PairSums.between(a, b, bandwidth), PairSums.within(a, bandwidth), PairSums.within(b, bandwidth));
    }

    static double fromSums(PairSums.Sums cross, PairSums.Sums withinX, PairSums.Sums withinY) {
        if (withinX.pairs() == 0 || withinY.pairs() == 0) {
            throw new IllegalArgumentException("MMD needs at least 2 points in each sample");
        }
        return withinX.kernel() / withinX.pairs()
                + withinY.kernel() / withinY.pairs()
                - 2 * cross.kernel() / cross.pairs();
    }

    /** The median pairwise distance among at most {@value #MEDIAN_POINTS} seeded reference points. */
    public static double medianBandwidth(DataMatrix reference, long seed) {
        DataMatrix points = RowSampling.subsample(reference, MEDIAN_POINTS, seed);
        int n = points.rows();
        if (n < 2) {
            throw new IllegalArgumentException("the median heuristic needs at least 2 points");
        }
        double[] distances = new double[n * (n - 1) / 2];
        int next = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double squared = 0;
                for (int k = 0; k < points.cols(); k++) {
                    double difference = points.get(i, k) - points.get(j, k);
                    squared += difference * difference;
                }
                distances[next++] = Math.sqrt(squared);
            }
        }
        Arrays.sort(distances);
        int middle = distances.length / 2;
        double median = distances.length % 2 == 1 ? distances[middle] : (distances[middle - 1] + distances[middle]) / 2;
        return median > 0 ? median : 1; // all points equal: any positive bandwidth gives MMD² = 0 between equals
    }
}
