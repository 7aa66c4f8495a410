package lfm.plot;

import lfm.data.DataMatrix;

/**
 * Counts of points (first two columns) in a bins × bins grid over an extent; points outside are
 * not counted. Bin (i, j) covers x ∈ [xMin + i·w, xMin + (i + 1)·w), y likewise with row j counted
 * from the bottom.
 */
final class Histogram2D {
    private final int bins;
    private final int[] counts; // counts[j · bins + i], j from the bottom
    private int maximum;

    Histogram2D(DataMatrix points, Extent extent, int bins) {
        this.bins = bins;
        this.counts = new int[bins * bins];
        double scaleX = bins / extent.width();
        double scaleY = bins / extent.height();
        int yColumn = Math.min(1, points.cols() - 1);
        for (int p = 0; p < points.rows(); p++) {
            double i = Math.floor((points.get(p, 0) - extent.xMin()) * scaleX);
            double j = Math.floor((points.get(p, yColumn) - extent.yMin()) * scaleY);
            if (i >= 0 && i < bins && j >= 0 && j < bins) {
                int index = ((int) j) * bins + (int) i;
                maximum = Math.max(maximum, ++counts[index]);
            }
        }
    }

    /** A bin count that gives roughly √n points per row of bins: clamp(√n, 50, 200). */
    static int binsFor(int points) {
        return (int) Math.max(50, Math.min(200, Math.round(Math.sqrt(points))));
    }

    int count(int i, int j) {
        return counts[j * bins + i];
    }

    int maximum() {
        return maximum;
    }
}
