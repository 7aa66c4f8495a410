package lfm.api;

import lfm.data.DataMatrix;
import lfm.flow.ode.OdeSolver;
import lfm.likelihood.Divergence;
import lfm.likelihood.LogDensity;

/**
 * log p(x) for {@link Model} by change of variables: log N(x_N; 0, I) + Σₙ ∫₀¹ tr(∂vₙ/∂x) dt in the
 * model's coordinates (shared by the job's ranks through {@link DealtWork}), plus log|det| of the
 * standardisation.
 */
final class ModelDensity {
    private ModelDensity() {}

    /** points (N, D) in data coordinates; conditions one row per point as in the data, or null. */
    static LogDensities logDensity(Model model, DataMatrix points, DataMatrix conditions, DensityOptions options) {
        DataMatrix modelPoints = model.toModel(points);
        DataMatrix encoded = conditions == null ? null : Conditions.encode(model.config(), conditions);
        if (encoded != null && encoded.rows() != points.rows()) {
            throw new IllegalArgumentException(points.rows() + " points but " + encoded.rows() + " conditions");
        }
        Divergence trace = options.trace(model.dimension());
        OdeSolver ode = options.odeSolver();
        long start = System.nanoTime();
        LogDensity.Result result = DealtWork.logDensity(
                model.flow(),
                model.collective(),
                modelPoints,
                encoded,
                ode,
                trace,
                options.chunkRows(),
                options.seed());
        double seconds = (System.nanoTime() - start) / 1e9;
        double[] values = result.logDensity().clone();
        double logDet = model.standardizationLogDet();
        for (int i = 0; i < values.length; i++) {
            values[i] += logDet;
        }
        return new LogDensities(
                values,
                result.logDensity(),
                trace.toString(),
                ode.spec(),
                result.stats().evaluations(),
                seconds);
    }
}
