package lfm.api;

import lfm.config.RunConfig;
import lfm.flow.ode.OdeSolver;
import lfm.likelihood.Divergence;

/**
 * What {@link Evaluator} measures a run against and how.
 *
 * @param data        held-out data: a --data value as in training; null = the run's own data (--data)
 * @param testFile    test file for generic CSV/NPY data; null = the seeded 10% split (--test)
 * @param split       "test" or "validation" (MAF benchmarks define a validation split) (--split)
 * @param count       held-out points and generated samples; 0 = the whole split of a file (--n)
 * @param solver      sampling solver; null = the run's sample solver (--solver)
 * @param distilled   generate with the run's distilled students (--distilled)
 * @param blockPoints held-out points for the per-block diagnostics; 0 = skip them (--block-points)
 * @param likelihood  also compute the held-out NLL ({@link Evaluator#evaluate}) (--nll)
 * @param divergence  exact | hutchinson | auto (exact for D ≤ 100) (--divergence)
 * @param probes      Hutchinson probes per point (--probes)
 * @param probe       rademacher | gaussian (--probe)
 * @param nllSolver   solver of the likelihood ODE (--nll-solver)
 * @param nllSteps    grid points of a fixed-step likelihood solver (--nll-steps)
 * @param chunkRows   rows per chunk (--chunk)
 * @param seed        seed of the generated noise, the metrics and the probes (--seed)
 * @param dropNonFinite the NLL mean over the points with a finite log-density only; without it a single
 *                    non-finite point makes the mean +∞ (--drop-nonfinite)
 * @param guidance    classifier-free guidance weight w of a conditional run's samples; null = none (--guidance)
 */
public record EvalSpec(
        String data,
        String testFile,
        String split,
        int count,
        String solver,
        boolean distilled,
        int blockPoints,
        boolean likelihood,
        String divergence,
        int probes,
        String probe,
        String nllSolver,
        int nllSteps,
        int chunkRows,
        long seed,
        boolean dropNonFinite,
        Float guidance) {

    public EvalSpec {
        if (count < 0 || chunkRows < 1 || blockPoints < 0 || nllSteps < 2 || probes < 1) {
            throw new IllegalArgumentException(
                    "--n and --block-points must be ≥ 0, --chunk and --probes ≥ 1, --nll-steps ≥ 2");
        }
        if (!"test".equals(split) && !"validation".equals(split)) {
            throw new IllegalArgumentException("--split must be test or validation, got " + split);
        }
        OdeSolver.parse(nllSolver, nllSteps - 1);
        if (solver != null) {
            OdeSolver.parse(solver, 20);
        }
        Divergence.parse(divergence, probe, probes, 1);
        if (guidance != null && !Float.isFinite(guidance)) {
            throw new IllegalArgumentException("--guidance must be a finite number, got " + guidance);
        }
        if (guidance != null && distilled) {
            throw new IllegalArgumentException("--guidance does not apply to --distilled");
        }
    }

    /** Rejects what the run {@code config} describes cannot give: guidance of an unconditional run. */
    public void requireApplicable(RunConfig config) {
        if (guidance != null && !config.spec().condition().given()) {
            throw new IllegalArgumentException("--guidance needs a conditional run (trained with --condition-columns "
                    + "or --condition); this one was trained without conditions");
        }
    }

    /** As {@code lfm eval} with no flags: 20,000 test points, 2,000 for the block diagnostics, no NLL, seed 1. */
    public static EvalSpec defaults() {
        return new EvalSpec(
                null,
                null,
                "test",
                20_000,
                null,
                false,
                2000,
                false,
                "auto",
                1,
                "rademacher",
                "euler",
                150,
                20_000,
                1,
                false,
                null);
    }

    public EvalSpec withData(String data) {
        return new EvalSpec(
                data,
                testFile,
                split,
                count,
                solver,
                distilled,
                blockPoints,
                likelihood,
                divergence,
                probes,
                probe,
                nllSolver,
                nllSteps,
                chunkRows,
                seed,
                dropNonFinite,
                guidance);
    }

    public EvalSpec withSplit(String split) {
        return new EvalSpec(
                data,
                testFile,
                split,
                count,
                solver,
                distilled,
                blockPoints,
                likelihood,
                divergence,
                probes,
                probe,
                nllSolver,
                nllSteps,
                chunkRows,
                seed,
                dropNonFinite,
                guidance);
    }

    public EvalSpec withCount(int count) {
        return new EvalSpec(
                data,
                testFile,
                split,
                count,
                solver,
                distilled,
                blockPoints,
                likelihood,
                divergence,
                probes,
                probe,
                nllSolver,
                nllSteps,
                chunkRows,
                seed,
                dropNonFinite,
                guidance);
    }

    public EvalSpec withSolver(String solver) {
        return new EvalSpec(
                data,
                testFile,
                split,
                count,
                solver,
                distilled,
                blockPoints,
                likelihood,
                divergence,
                probes,
                probe,
                nllSolver,
                nllSteps,
                chunkRows,
                seed,
                dropNonFinite,
                guidance);
    }

    public EvalSpec withBlockPoints(int blockPoints) {
        return new EvalSpec(
                data,
                testFile,
                split,
                count,
                solver,
                distilled,
                blockPoints,
                likelihood,
                divergence,
                probes,
                probe,
                nllSolver,
                nllSteps,
                chunkRows,
                seed,
                dropNonFinite,
                guidance);
    }

    /** Whether {@link Evaluator#evaluate} also computes the held-out NLL. */
    public EvalSpec withLikelihood(boolean likelihood) {
        return new EvalSpec(
                data,
                testFile,
                split,
                count,
                solver,
                distilled,
                blockPoints,
                likelihood,
                divergence,
                probes,
                probe,
                nllSolver,
                nllSteps,
                chunkRows,
                seed,
                dropNonFinite,
                guidance);
    }

    public EvalSpec withSeed(long seed) {
        return new EvalSpec(
                data,
                testFile,
                split,
                count,
                solver,
                distilled,
                blockPoints,
                likelihood,
                divergence,
                probes,
                probe,
                nllSolver,
                nllSteps,
                chunkRows,
                seed,
                dropNonFinite,
                guidance);
    }

    /** Report the NLL mean over the finite log-densities only (their count is reported either way). */
    public EvalSpec withDropNonFinite(boolean dropNonFinite) {
        return new EvalSpec(
                data,
                testFile,
                split,
                count,
                solver,
                distilled,
                blockPoints,
                likelihood,
                divergence,
                probes,
                probe,
                nllSolver,
                nllSteps,
                chunkRows,
                seed,
                dropNonFinite,
                guidance);
    }

    /** Samples of a conditional run drawn with classifier-free guidance weight w; null = none. */
    public EvalSpec withGuidance(Float guidance) {
        return new EvalSpec(
                data,
                testFile,
                split,
                count,
                solver,
                distilled,
                blockPoints,
                likelihood,
                divergence,
                probes,
                probe,
                nllSolver,
                nllSteps,
                chunkRows,
                seed,
                dropNonFinite,
                guidance);
    }

    /** The likelihood settings of this evaluation. */
    public DensityOptions density() {
        return new DensityOptions(nllSolver, nllSteps, divergence, probe, probes, chunkRows, seed);
    }
}
