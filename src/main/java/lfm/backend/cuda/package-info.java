/**
 * The CUDA backend: every {@link lfm.backend.Backend} op is one of the engine's own kernels
 * ({@code native/lfm_kernels.h}, through {@code lfm.bindings.kernels}) or a cuBLAS SGEMM, queued on one
 * stream; tensors are float32 row-major matrices in device memory owned by a caching allocator; CUDA and
 * cuBLAS statuses become typed exceptions naming the call. Library discovery and "no GPU" detection live
 * here. Same layer as {@code lfm.backend}; the only package that binds cudart and cuBLAS.
 */
package lfm.backend.cuda;
