/**
 * Generated binding of the CUDA runtime (libcudart), the calls the engine uses
 * ({@code bindings/headers/cudart_subset.h}); rewrite with {@code bindings/generate.py}, do not edit the
 * class. Foundation layer.
 */
package lfm.bindings.cudart;
