/**
 * Exact log-likelihood by change of variables through the blocks, log p(x) = log N(x_N; 0, I) +
 * Σₙ ∫₀¹ tr(∂vₙ/∂x)(xₙ(t), t) dt: the divergence along D unit vectors (exact, D ≤ ~100) or K Hutchinson
 * probes, by forward-mode tangents through an MLP block's layers or by vector–Jacobian products on the
 * autograd tape for any other block (a UNet), integrated along the augmented ODE [x, log-det] and summed
 * in double. Points are processed in chunks of rows (N, D) so the stacked directions stay within a memory
 * budget. Workflow layer
 * (docs/architecture.md): it evaluates a trained {@code lfm.run.FlowModel}.
 */
package lfm.likelihood;
