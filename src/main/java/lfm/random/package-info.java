/**
 * Random numbers identical on every backend and thread: Philox4x32-10 (counter-based, no state), a
 * {@link lfm.random.RandomKey} naming one draw (seed, stream, element offset), and the fixed mapping of
 * Philox words to uniforms, normals, integer indices and Beta draws ({@link lfm.random.Distributions}).
 * Element i of a draw depends only on its key and i, so ranks and threads can fill pieces of one draw.
 * Foundation layer (docs/architecture.md): imports no other lfm package.
 */
package lfm.random;
