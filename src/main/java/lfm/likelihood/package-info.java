/**
 * Exact log-likelihood by change of variables through the blocks, log p(x) = log N(x_N; 0, I) +
 * Σₙ ∫₀¹ tr(∂vₙ/∂x)(xₙ(t), t) dt: the divergence by D forward-mode tangents (exact, D ≤ ~100) or
 * Hutchinson probes, integrated along the augmented ODE [x, log-det] and summed in double. Points are
 * processed in chunks of rows (N, D) so the D stacked tangents stay within a memory budget. Workflow layer
 * (docs/architecture.md): it evaluates a trained {@code lfm.run.FlowModel}.
 */
package lfm.likelihood;
