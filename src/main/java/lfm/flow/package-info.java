/**
 * The flow-matching building blocks: the {@link lfm.flow.Schedule} of OU blocks γ₁..γ_L followed by the
 * free block, {@link lfm.flow.Interpolant}s with closed-form α(t), σ(t) and their derivatives, the time
 * sampler (U(0, 1) or Beta(a, b)), {@link lfm.flow.FieldDynamics} (dx/dt = v(x, t) of a trained field) and
 * {@link lfm.flow.Push}, which solves the ODE for a large pool in chunks of rows. Orientation: t = 0 is the
 * data side, t = 1 the noise side; points are (N, D) rows, times (N, 1). Model layer
 * (docs/architecture.md); ODE solvers are in {@code lfm.flow.ode}.
 */
package lfm.flow;
