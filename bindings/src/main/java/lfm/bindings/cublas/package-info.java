/**
 * Generated binding of cuBLAS (libcublas), bound by symbol name so that no cuBLAS header is needed to build
 * ({@code bindings/headers/cublas_subset.h}); rewrite with {@code bindings/generate.py}. Foundation layer.
 */
package lfm.bindings.cublas;
