/**
 * Generated binding of the engine's own CUDA kernels (liblfmkernels.so) from their contract,
 * {@code native/lfm_kernels.h}: launchers {@code lfm_<op>_<forward|backward>} that take a stream and return
 * a status. Rewrite with {@code bindings/generate.py} after changing the header. Foundation layer.
 */
package lfm.bindings.kernels;
