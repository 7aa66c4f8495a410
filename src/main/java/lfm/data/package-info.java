/**
 * Host-side data: everything the trainer and the command line read or draw before tensors exist.
 *
 * <ul>
 * <li>{@link lfm.data.Datasets#open(String)} resolves a {@code --data} value (docs/data.md) to a
 *     {@link lfm.data.Dataset}: built-in 2D samplers ({@link lfm.data.toy.ToyDistributions}), PNG densities,
 *     generic CSV/NPY tables ({@link lfm.data.TabularDataset}) and the MAF benchmarks
 *     ({@link lfm.data.maf.MafBenchmarks}).</li>
 * <li>{@link lfm.data.DataMatrix} is the float32 row-major (N, D) array every part exchanges;
 *     {@link lfm.data.DoubleMatrix} is its float64 sibling for exact preprocessing.</li>
 * <li>{@link lfm.data.Standardization} is the per-column affine map fitted on training data and stored
 *     in a run.</li>
 * <li>Subpackages: {@code format} (CSV and NPY readers and writers), {@code toy} (built-in 2D samplers
 *     and image densities), {@code maf} (the MAF benchmark loaders), {@code image} (image data sets:
 *     IDX, CIFAR-10 binary, scikit-learn digits, uint8 NPY; pixels scaled to [−1, 1]). They depend on this package's core
 *     types; this package reaches them only through {@link lfm.data.Datasets} and
 *     {@link lfm.data.TabularDataset}.</li>
 * <li>Bad input raises {@link lfm.data.DataFormatException} with one line naming file, row and
 *     column.</li>
 * </ul>
 * Every random draw is seeded: Philox ({@link lfm.random.Distributions}) for the engine's own draws,
 * {@link lfm.data.maf.NumpyRandomState} only to reproduce MAF's numpy preprocessing.
 * Model layer (docs/architecture.md), with its subpackages.
 */
package lfm.data;
