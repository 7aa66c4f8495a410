/**
 * FFM bindings in jextract's shape, one class per native library (MethodHandles from
 * {@code Linker.nativeLinker()}), and {@link lfm.bindings.NativeLibraries}, where each library is located
 * once per process. The classes under the subpackages are written by {@code bindings/generate.py} from the
 * headers it lists; this file and {@code NativeLibraries} are kept by hand. Foundation layer
 * (docs/architecture.md): imports no other lfm package.
 */
package lfm.bindings;
