/**
 * ODE solvers for dx/dt = f(x, t) on a batch of states x (N, D), integrating in place from t0 to t1
 * (t1 &lt; t0 integrates backwards): fixed-step Euler, midpoint and RK4 from Butcher tableaux, and
 * adaptive Dormand–Prince 5(4) with a step budget and a minimum-step guard ({@link
 * lfm.flow.ode.SolverException}). Solvers take their stage buffers from the state's backend and free them
 * before returning. Model layer (docs/architecture.md): imports only the compute and foundation layers.
 */
package lfm.flow.ode;
