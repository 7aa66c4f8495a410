/**
 * File formats of tables: CSV ({@link lfm.data.format.CsvReader}, {@link lfm.data.format.CsvWriter})
 * and NumPy .npy ({@link lfm.data.format.NpyReader}, {@link lfm.data.format.NpyWriter}). Readers stream,
 * check every value and raise {@link lfm.data.DataFormatException} with one line naming the file and,
 * where it applies, the row and column. Depends only on the core types of {@code lfm.data}.
 * Model layer (docs/architecture.md).
 */
package lfm.data.format;
