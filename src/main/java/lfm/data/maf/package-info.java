/**
 * Loaders of the MAF tabular benchmarks (POWER, GAS, MINIBOONE, BSDS300) that reproduce MAF's
 * preprocessing exactly ({@link lfm.data.maf.MafBenchmarks}), with the pieces of numpy and pandas that
 * preprocessing needs ({@link lfm.data.maf.NumpyRandomState}, {@code NumpyStatistics}). Reads files
 * through {@code lfm.data.format}.
 * Model layer (docs/architecture.md).
 */
package lfm.data.maf;
