package lfm.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import lfm.data.Units;
import org.junit.jupiter.api.Test;

class NllSummaryTest {

    @Test
    void meanAndStandardErrorMatchTheTextbookFormulas() {
        double[] logDensity = {-1, -2, -3, -6}; // NLLs 1, 2, 3, 6: mean 3, sample variance 14/3
        NllSummary summary = NllSummary.of(logDensity, 0, Units.ORIGINAL);
        assertEquals(3.0, summary.mean(), 1e-15);
        assertEquals(Math.sqrt(14.0 / 3 / 4), summary.standardError(), 1e-15);
        assertEquals(4, summary.points());
        assertEquals(0, summary.nonFinite());
        assertEquals(3.0 / (2 * Math.log(2)), summary.bitsPerDimension(2), 1e-15);
    }

    @Test
    void standardisationCorrectionShiftsTheMeanOnly() {
        // log p_data(x) = log p_model(T x) + log|det T|: with log|det T| = −Σ log σ = 0.5 the NLL drops by 0.5.
        NllSummary summary = NllSummary.of(new double[] {-1, -2, -3, -6}, 0.5, Units.ORIGINAL);
        assertEquals(2.5, summary.mean(), 1e-15);
        assertEquals(3.0, summary.modelUnitsMean(), 1e-15);
        assertEquals(Math.sqrt(14.0 / 3 / 4), summary.standardError(), 1e-15);
        // NLLs 0.5, 1.5, 2.5, 5.5 in the reported units; numpy.percentile(..., [50, 99]) = 2.0, 5.41
        assertEquals(2.0, summary.median(), 1e-15);
        assertEquals(5.41, summary.percentile99(), 1e-12);
    }

    @Test
    void nonFiniteValuesMakeTheMeanInfiniteUnlessDropped() {
        double[] logDensity = {-1, Double.NaN, -3, Double.NEGATIVE_INFINITY};
        NllSummary honest = NllSummary.of(logDensity, 0, Units.ORIGINAL);
        assertEquals(Double.POSITIVE_INFINITY, honest.mean());
        assertEquals(Double.POSITIVE_INFINITY, honest.standardError());
        assertEquals(4, honest.points());
        assertEquals(2, honest.nonFinite());
        NllSummary dropped = NllSummary.of(logDensity, 0, Units.ORIGINAL, true);
        assertEquals(2.0, dropped.mean(), 1e-15);
        assertEquals(2, dropped.points());
        assertEquals(2, dropped.nonFinite());
        assertEquals(
                Double.POSITIVE_INFINITY,
                NllSummary.of(new double[] {Double.NaN}, 0, Units.ORIGINAL).mean());
        assertThrows(
                IllegalStateException.class, () -> NllSummary.of(new double[] {Double.NaN}, 0, Units.ORIGINAL, true));
    }

    @Test
    void standardErrorHasNoCancellationAtLargeOffsets() {
        // 1e8 ± 1: a one-pass Σx² − n·mean² in double would lose every digit of the variance.
        double[] logDensity = {-1e8 - 1, -1e8 + 1, -1e8 - 1, -1e8 + 1};
        NllSummary summary = NllSummary.of(logDensity, 0, Units.ORIGINAL);
        assertEquals(Math.sqrt(4.0 / 3 / 4), summary.standardError(), 1e-9);
    }
}
