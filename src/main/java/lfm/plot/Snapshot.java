package lfm.plot;

import lfm.data.DataMatrix;

/**
 * One panel of a snapshot strip: a title and the points to histogram.
 *
 * @param title  panel title, e.g. "block 3"
 * @param points the points (first two columns are plotted)
 */
public record Snapshot(String title, DataMatrix points) {}
