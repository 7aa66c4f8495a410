/**
 * Evaluation of a trained run beyond sample metrics: per-block diagnostics (how far each block moves
 * the distribution, whether the blocks invert) and the summary of per-point log-likelihoods
 * (mean ± standard error, units). The command that drives them is {@code lfm eval} (lfm.cli.EvalCommand).
 * Workflow layer (docs/architecture.md).
 */
package lfm.eval;
