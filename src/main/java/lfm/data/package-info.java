/**
 * Host-side data: everything the trainer and the command line read or draw before tensors exist.
 *
 * <ul>
 * <li>{@link lfm.data.Datasets#open(String)} resolves a {@code --data} value (docs/data.md) to a
 *     {@link lfm.data.Dataset}: built-in 2D samplers ({@link lfm.data.ToyDistributions}), PNG densities,
 *     generic CSV/NPY tables ({@link lfm.data.TabularDataset}) and the MAF benchmarks
 *     ({@link lfm.data.MafBenchmarks}).</li>
 * <li>{@link lfm.data.DataMatrix} is the float32 row-major (N, D) array every part exchanges;
 *     {@link lfm.data.DoubleMatrix} is its float64 sibling for exact preprocessing.</li>
 * <li>{@link lfm.data.Standardization} is the per-column affine map fitted on training data and stored
 *     in a run.</li>
 * <li>Readers and writers: {@link lfm.data.CsvReader}, {@link lfm.data.NpyReader},
 *     {@link lfm.data.CsvWriter}, {@link lfm.data.NpyWriter}; bad input raises
 *     {@link lfm.data.DataFormatException} with one line naming file, row and column.</li>
 * </ul>
 * Every random draw is seeded: Philox ({@link lfm.random.Distributions}) for the engine's own draws,
 * {@link lfm.data.NumpyRandomState} only to reproduce MAF's numpy preprocessing.
 */
package lfm.data;
