package lfm.eval;

import java.util.ArrayList;
import java.util.List;
import lfm.data.DataMatrix;
import lfm.flow.ode.OdeSolver;
import lfm.metrics.EnergyDistance;
import lfm.random.Distributions;
import lfm.random.Purpose;
import lfm.random.RandomKey;
import lfm.run.FlowModel;
import lfm.tensor.Shape;
import lfm.tensor.Tensor;
import lfm.tensor.TensorArena;

/**
 * What each block of a trained run does to held-out data:
 * <ul>
 *   <li>{@code stepDistances[n−1]}: energy distance between p_{n−1} and p_n, the held-out points before
 *       and after block n (pushed forward, data → noise). An OU block should move the distribution a
 *       little (its γ); a block that moves it far, or not at all, stands out.</li>
 *   <li>{@code noiseDistance}: energy distance between the fully pushed points and a fresh N(0, I)
 *       sample of the same size: how close the last block's output is to the prior.</li>
 *   <li>round trip: the pushed points run back through blocks N..1 (noise → data); RMS and largest
 *       per-point Euclidean distance to where they started. Large values mean the ODE solves are too
 *       coarse or a field is badly conditioned.</li>
 * </ul>
 * All in the model's coordinates (standardised, if the run standardises).
 */
public record BlockDiagnostics(
        int points, List<Double> stepDistances, double noiseDistance, double roundTripRms, double roundTripMax) {

    /**
     * Per-block diagnostics of a model against held-out points.
     *
     * @param heldOut held-out points in model coordinates (a few thousand: energy distance is O(n²))
     * @param seed    seeds the reference N(0, I) sample
     */
    public static BlockDiagnostics measure(
            FlowModel model, DataMatrix heldOut, OdeSolver solver, int chunkRows, long seed) {
        return measure(model, heldOut, null, solver, chunkRows, seed);
    }

    /** As above for a conditional run: every point flows with its condition (model coordinates). */
    public static BlockDiagnostics measure(
            FlowModel model, DataMatrix heldOut, DataMatrix conditions, OdeSolver solver, int chunkRows, long seed) {
        int rows = heldOut.rows(), dimension = heldOut.cols();
        List<DataMatrix> pools = new ArrayList<>();
        pools.add(heldOut);
        try (TensorArena arena = model.backend().newArena("block diagnostics")) {
            Tensor x = arena.allocate(Shape.matrix(rows, dimension));
            model.backend().fromHost(heldOut.values(), x);
            Tensor c = null;
            if (conditions != null) {
                c = arena.allocate(Shape.matrix(rows, conditions.cols()));
                model.backend().fromHost(conditions.values(), c);
            }
            model.forward(
                    x,
                    c,
                    1,
                    model.blockCount(),
                    solver,
                    chunkRows,
                    block -> pools.add(new DataMatrix(rows, dimension, x.toFloats())));
            List<Double> steps = new ArrayList<>();
            for (int n = 1; n < pools.size(); n++) {
                steps.add(EnergyDistance.of(pools.get(n - 1), pools.get(n)));
            }
            double noise = EnergyDistance.of(pools.get(pools.size() - 1), standardNormal(rows, dimension, seed));
            model.reverse(x, c, null, model.blockCount(), 1, solver, chunkRows);
            float[] back = x.toFloats();
            float[] start = heldOut.values();
            double sumSquares = 0, worst = 0;
            for (int i = 0; i < rows; i++) {
                double squared = 0;
                for (int j = 0; j < dimension; j++) {
                    double d = back[i * dimension + j] - start[i * dimension + j];
                    squared += d * d;
                }
                sumSquares += squared;
                worst = Math.max(worst, Math.sqrt(squared));
            }
            return new BlockDiagnostics(rows, List.copyOf(steps), noise, Math.sqrt(sumSquares / rows), worst);
        }
    }

    /** {@code rows} points of N(0, I_D), a function of the seed (the reference sample of the noise distance). */
    public static DataMatrix standardNormal(int rows, int dimension, long seed) {
        RandomKey key = new RandomKey(Purpose.DIAGNOSTIC_NOISE.seed(seed), 0);
        float[] values = new float[rows * dimension];
        for (int i = 0; i < values.length; i++) {
            values[i] = Distributions.normal(key, i);
        }
        return new DataMatrix(rows, dimension, values);
    }
}
