/**
 * The oracle backend: every {@link lfm.backend.Backend} op as a plain scalar loop with double
 * accumulation, in float32 or float64 storage, written to be read against the formulas in the contract.
 * Slow on purpose; the CPU and CUDA backends are tested against it, and the finite-difference gradient
 * checks run on it in float64. Same shapes and layer as {@code lfm.backend}.
 */
package lfm.backend.reference;
