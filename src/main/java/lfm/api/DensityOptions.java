package lfm.api;

import lfm.flow.ode.OdeSolver;
import lfm.likelihood.Divergence;

/**
 * How {@link Model#logDensity} integrates log p(x) = log N(x_N; 0, I) + Σₙ ∫₀¹ tr(∂vₙ/∂x) dt.
 *
 * @param solver     solver of the likelihood ODE: euler | midpoint | rk4 [:N] | dopri5[:rtol,atol]
 * @param gridPoints grid points of a fixed-step solver given without ":N" (150 = 149 steps, the authors'
 *                   tabular setting)
 * @param divergence exact | hutchinson | auto (exact for D ≤ 100)
 * @param probe      rademacher | gaussian (Hutchinson probes)
 * @param probes     Hutchinson probes per point
 * @param chunkRows  points per chunk (memory bound)
 * @param seed       seed of the Hutchinson probes
 */
public record DensityOptions(
        String solver, int gridPoints, String divergence, String probe, int probes, int chunkRows, long seed) {

    public DensityOptions {
        if (gridPoints < 2 || probes < 1 || chunkRows < 1) {
            throw new IllegalArgumentException("--nll-steps must be ≥ 2, --probes and --chunk ≥ 1");
        }
        OdeSolver.parse(solver, gridPoints - 1);
        Divergence.parse(divergence, probe, probes, 1);
    }

    /** Euler on 150 grid points, exact trace up to D = 100, chunks of 20,000, seed 1 (as {@code lfm eval}). */
    public static DensityOptions defaults() {
        return new DensityOptions("euler", 150, "auto", "rademacher", 1, 20_000, 1);
    }

    public DensityOptions withSolver(String solver) {
        return new DensityOptions(solver, gridPoints, divergence, probe, probes, chunkRows, seed);
    }

    public DensityOptions withGridPoints(int gridPoints) {
        return new DensityOptions(solver, gridPoints, divergence, probe, probes, chunkRows, seed);
    }

    public DensityOptions withDivergence(String divergence) {
        return new DensityOptions(solver, gridPoints, divergence, probe, probes, chunkRows, seed);
    }

    /** Hutchinson probes: their distribution and how many per point. */
    public DensityOptions withProbes(String probe, int probes) {
        return new DensityOptions(solver, gridPoints, divergence, probe, probes, chunkRows, seed);
    }

    public DensityOptions withChunkRows(int chunkRows) {
        return new DensityOptions(solver, gridPoints, divergence, probe, probes, chunkRows, seed);
    }

    public DensityOptions withSeed(long seed) {
        return new DensityOptions(solver, gridPoints, divergence, probe, probes, chunkRows, seed);
    }

    public OdeSolver odeSolver() {
        return OdeSolver.parse(solver, gridPoints - 1);
    }

    /** The trace estimator for data of {@code dimension} coordinates. */
    public Divergence trace(int dimension) {
        return Divergence.parse(divergence, probe, probes, dimension);
    }
}
