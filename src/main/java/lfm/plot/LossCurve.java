package lfm.plot;

import java.util.List;

/**
 * One block's training loss: the loss recorded at each step (steps increasing).
 *
 * @param label  legend text, e.g. "block 3"
 * @param steps  optimisation steps, increasing
 * @param losses the loss at each step (positive values are drawn; others are skipped on the log axis)
 */
public record LossCurve(String label, long[] steps, double[] losses) {

    public LossCurve {
        if (steps.length != losses.length) {
            throw new IllegalArgumentException(steps.length + " steps but " + losses.length + " losses");
        }
    }

    /** A curve from boxed lists (what a trainer collecting as it goes may hold). */
    public static LossCurve of(String label, List<Long> steps, List<Double> losses) {
        return new LossCurve(
                label,
                steps.stream().mapToLong(Long::longValue).toArray(),
                losses.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
