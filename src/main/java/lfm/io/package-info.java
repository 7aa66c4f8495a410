/** File output shared by plots, checkpoints and run metadata: {@link lfm.io.AtomicFiles}. */
package lfm.io;
