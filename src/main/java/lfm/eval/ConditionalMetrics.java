package lfm.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import lfm.data.DataMatrix;
import lfm.data.RowSampling;
import lfm.metrics.EnergyDistance;
import lfm.random.Purpose;

/**
 * How well generated points follow their conditions. Generated point i was drawn with the condition of
 * held-out point i, so the two sets share their conditions row by row:
 * <ul>
 *   <li>class-conditional runs: per class k, the energy distance between the generated and the held-out
 *       points of class k (classes with fewer than 2 points are skipped), and their mean;</li>
 *   <li>any conditional run: the energy distance between the joint rows [x | c] of both sets, which, unlike
 *       the distance between the x parts alone, is only small when each x fits its own c.</li>
 * </ul>
 * Energy distances are O(n²): each set is capped at {@code cap} points by a seeded subsample.
 *
 * @param perClass      class label → energy distance (empty for runs without class labels)
 * @param meanPerClass  mean of {@code perClass} (NaN when empty)
 * @param joint         energy distance of [x | c], generated vs held out
 */
public record ConditionalMetrics(Map<Integer, Double> perClass, double meanPerClass, double joint) {
    /** The SAMPLE_METRICS draws of the subsamples (after {@link lfm.metrics.SampleMetrics}'s draws 1–4). */
    private static final long GENERATED_DRAW = 5;

    private static final long HELD_OUT_DRAW = 6;

    /**
     * Distances between generated and held-out points, overall and per condition.
     *
     * @param generated  (n, D) generated points, row i drawn with condition row i
     * @param heldOut    (n, D) held-out points
     * @param conditions (n, condition columns) as in the data: one class-label column when {@code classes} &gt; 0
     */
    public static ConditionalMetrics measure(
            DataMatrix generated, DataMatrix heldOut, DataMatrix conditions, int classes, int cap, long seed) {
        Map<Integer, Double> perClass = new LinkedHashMap<>();
        double sum = 0;
        for (int k = 0; k < classes; k++) {
            List<Integer> rows = new ArrayList<>();
            for (int i = 0; i < conditions.rows(); i++) {
                if (conditions.get(i, 0) == k) {
                    rows.add(i);
                }
            }
            if (rows.size() < 2) {
                continue;
            }
            int[] indices = rows.stream().mapToInt(Integer::intValue).toArray();
            double distance = EnergyDistance.of(
                    capped(generated.select(indices), cap, seed, GENERATED_DRAW),
                    capped(heldOut.select(indices), cap, seed, HELD_OUT_DRAW));
            perClass.put(k, distance);
            sum += distance;
        }
        double joint = EnergyDistance.of(
                capped(DataMatrix.joinColumns(generated, conditions), cap, seed, GENERATED_DRAW),
                capped(DataMatrix.joinColumns(heldOut, conditions), cap, seed, HELD_OUT_DRAW));
        return new ConditionalMetrics(
                Collections.unmodifiableMap(new TreeMap<>(perClass)),
                perClass.isEmpty() ? Double.NaN : sum / perClass.size(),
                joint);
    }

    private static DataMatrix capped(DataMatrix points, int cap, long seed, long draw) {
        return RowSampling.subsample(points, cap, Purpose.SAMPLE_METRICS.seed(seed, draw));
    }
}
