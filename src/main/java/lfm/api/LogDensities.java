package lfm.api;

/**
 * Per-point log-densities from {@link Model#logDensity}.
 *
 * @param values      log p(x) in the data's own coordinates (nats): the model's log-density plus log|det|
 *                    of the run's standardisation, if any
 * @param modelValues log-density in the model's (standardised) coordinates
 * @param divergence  the trace estimator used ("exact", "hutchinson(...)")
 * @param solver      the solver spec used
 * @param evaluations network evaluations of the solves (summed over blocks and chunks)
 * @param seconds     wall time of the computation
 */
public record LogDensities(
        double[] values, double[] modelValues, String divergence, String solver, long evaluations, double seconds) {

    /** Mean of the finite values (NaN when there is none). */
    public double mean() {
        return java.util.Arrays.stream(values)
                .filter(Double::isFinite)
                .average()
                .orElse(Double.NaN);
    }
}
