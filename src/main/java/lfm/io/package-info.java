/**
 * File output shared by plots, checkpoints and run metadata: {@link lfm.io.AtomicFiles} (temporary file,
 * fsync, atomic rename, so a reader never sees half a file) and the safetensors weight files of modules.
 * Model layer (docs/architecture.md).
 */
package lfm.io;
