/**
 * PNG charts drawn with Java2D, written atomically: {@link lfm.plot.Plots} is the whole public API
 * (data vs samples, per-block pool snapshots, loss curves per block, one point set).
 * Model layer (docs/architecture.md): it draws host data, never tensors.
 */
package lfm.plot;
