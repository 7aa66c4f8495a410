package lfm.metrics;

import lfm.data.DataMatrix;

/**
 * Energy distance (Székely and Rizzo) between two samples:
 * E(P, Q) = 2·E|X − Y| − E|X − X'| − E|Y − Y'|, with X, X' ~ P and Y, Y' ~ Q independent.
 * It is ≥ 0 and 0 only when P = Q. Estimated by the unbiased U-statistic: the cross term averages all
 * n·m pairs, the within terms average the pairs i ≠ j, so the estimate of E(P, P) is centred on 0 and
 * may be slightly negative. Exact (no subsampling; see {@link SampleMetrics} for the capped version).
 */
public final class EnergyDistance {
    private EnergyDistance() {}

    /** The U-statistic estimate of E(P, Q) from samples x ~ P and y ~ Q (each with at least 2 points). */
    public static double of(DataMatrix x, DataMatrix y) {
        PointColumns a = new PointColumns(x);
        PointColumns b = new PointColumns(y);
        return fromSums(PairSums.between(a, b, 0), PairSums.within(a, 0), PairSums.within(b, 0));
    }

    static double fromSums(PairSums.Sums cross, PairSums.Sums withinX, PairSums.Sums withinY) {
        if (withinX.pairs() == 0 || withinY.pairs() == 0) {
            throw new IllegalArgumentException("energy distance needs at least 2 points in each sample");
        }
        return 2 * cross.distance() / cross.pairs()
                - withinX.distance() / withinX.pairs()
                - withinY.distance() / withinY.pairs();
    }
}
