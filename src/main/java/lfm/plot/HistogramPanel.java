package lfm.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import lfm.data.DataMatrix;

/** One 2D-histogram panel: counts as a viridis log-scaled image, axes with ticks, a title above. */
final class HistogramPanel {
    /** Pixel size of a panel's plot area (square). */
    static final int SIZE = 360;
    /** Room left of the plot area for tick labels and the y label. */
    static final int LEFT = 62;
    /** Room right of the plot area. */
    static final int RIGHT = 18;
    /** Room above the plot area for the panel title. */
    static final int TOP = 28;
    /** Room below the plot area for tick labels and the x label. */
    static final int BOTTOM = 52;

    static final int WIDTH = LEFT + SIZE + RIGHT;
    static final int HEIGHT = TOP + SIZE + BOTTOM;

    private HistogramPanel() {}

    /**
     * Draws a panel whose top-left corner (including its margins) is at (left, top).
     *
     * @param points the points; the first two columns are plotted
     * @param extent the data rectangle shown (shared between panels that are compared)
     * @param bins   bins per axis
     */
    static void draw(Figure figure, int left, int top, DataMatrix points, Extent extent, int bins, String title) {
        Graphics2D g = figure.graphics();
        Rectangle area = new Rectangle(left + LEFT, top + TOP, SIZE, SIZE);
        Histogram2D histogram = new Histogram2D(points, extent, bins);
        BufferedImage counts = new BufferedImage(bins, bins, BufferedImage.TYPE_INT_RGB);
        for (int j = 0; j < bins; j++) {
            for (int i = 0; i < bins; i++) {
                int colour = ColorMap.logScaled(histogram.count(i, j), histogram.maximum());
                counts.setRGB(i, bins - 1 - j, colour); // image rows grow downwards
            }
        }
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        g.drawImage(counts, area.x, area.y, area.width, area.height, null);
        Axes axes = new Axes(area, extent.xMin(), extent.xMax(), extent.yMin(), extent.yMax(), false);
        String yLabel = points.cols() > 1 ? "x₂" : "";
        axes.draw(g, "x₁", yLabel);
        figure.centred(title, Figure.PANEL_FONT, Color.BLACK, area.x + area.width / 2, top + TOP - 9);
    }
}
