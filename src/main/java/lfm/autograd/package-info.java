/**
 * Reverse-mode differentiation as a Wengert list: {@link lfm.autograd.Tape} records one backward step per
 * op, {@link lfm.autograd.Variable} pairs a value with the tensor its gradient accumulates into, and
 * {@link lfm.autograd.Functions} holds the differentiable ops. The tape never touches memory: it calls the
 * {@code Backend}, so the same tape drives every backend. Shapes are the backend's (rows, cols) matrices;
 * a batch is rows. Every op has a finite-difference gradient check in float64. Model layer
 * (docs/architecture.md).
 */
package lfm.autograd;
