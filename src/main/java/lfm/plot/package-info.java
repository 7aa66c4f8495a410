/**
 * PNG charts drawn with Java2D, written atomically: {@link lfm.plot.Plots} is the whole public API
 * (data vs samples, per-block pool snapshots, loss curves per block, one point set).
 */
package lfm.plot;
