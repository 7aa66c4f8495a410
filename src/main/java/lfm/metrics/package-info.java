/**
 * Sample-quality metrics between generated and reference points: {@link lfm.metrics.EnergyDistance},
 * {@link lfm.metrics.Mmd}, {@link lfm.metrics.SlicedWasserstein}, and {@link lfm.metrics.SampleMetrics},
 * which computes all three and renders them as a table and as one JSON line.
 * Points are (N, D) {@code DataMatrix} rows. Model layer (docs/architecture.md).
 */
package lfm.metrics;
