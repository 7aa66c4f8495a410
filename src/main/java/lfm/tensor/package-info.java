/**
 * Tensors: a {@link lfm.tensor.Shape}, an element type ({@link lfm.tensor.DType}, float32, or float64
 * for the reference backend's gradient checks) and a {@code MemorySegment} owned by a
 * {@link lfm.tensor.TensorArena} that a backend created (host memory on the CPU, device memory on CUDA).
 * Shapes: every tensor is a row-major, contiguous matrix (rows, cols), no strides; a vector of length n is
 * (1, n) or (n), a scalar (1, 1); element (i, j) is at flat index i·cols + j. Per-step scratch lives in an
 * arena that is reset every step. Compute layer (docs/architecture.md): imports only {@code lfm.backend}
 * (whose contract allocates tensors) and the foundation layer.
 */
package lfm.tensor;
