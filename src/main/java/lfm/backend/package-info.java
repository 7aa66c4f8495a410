/**
 * The numeric contract of the engine: {@link lfm.backend.Backend}, every operation that touches tensor
 * memory (matrix products, fused dense layers, activations, reductions, random fills, the Adam step, the
 * flow-matching targets), with its formula in the Javadoc; {@link lfm.backend.Backends} creates one by name
 * ({@code auto|cpu|cuda|reference}). Conventions: tensors are row-major matrices (rows, cols) of the
 * backend's own arenas; outputs are passed in (BLAS style) and ops never allocate; "accumulate" means
 * out += result; scalars stay (1, 1) tensors until {@link lfm.backend.Backend#toHost} reads them.
 * {@link lfm.backend.Checks} holds the argument checks every backend runs first. Compute layer
 * (docs/architecture.md): imports {@code lfm.tensor}, {@code lfm.random}, {@code lfm.bindings} and, as the
 * one exception, the {@code lfm.flow.Interpolant} enum that the fused target op takes.
 */
package lfm.backend;
