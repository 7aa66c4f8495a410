package lfm.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.geom.AffineTransform;
import java.awt.geom.Line2D;
import java.util.List;

/**
 * Maps data coordinates into a pixel rectangle and draws the frame, ticks, tick labels and axis
 * labels around it. The y axis may be logarithmic (values must then be positive).
 */
final class Axes {
    private static final int TICK_LENGTH = 5;

    private final Rectangle area;
    private final double xMin;
    private final double xMax;
    private final double yMin;
    private final double yMax;
    private final boolean logY;

    Axes(Rectangle area, double xMin, double xMax, double yMin, double yMax, boolean logY) {
        this.area = area;
        this.xMin = xMin;
        this.xMax = xMax;
        this.yMin = logY ? Math.log10(yMin) : yMin;
        this.yMax = logY ? Math.log10(yMax) : yMax;
        this.logY = logY;
    }

    Rectangle area() {
        return area;
    }

    /** Pixel x of data x. */
    double pixelX(double x) {
        return area.x + (x - xMin) / (xMax - xMin) * area.width;
    }

    /** Pixel y of data y (pixel rows grow downwards). */
    double pixelY(double y) {
        double value = logY ? Math.log10(y) : y;
        return area.y + area.height - (value - yMin) / (yMax - yMin) * area.height;
    }

    /** Frame, ticks with labels on the left and bottom, and the axis labels (either may be empty). */
    void draw(Graphics2D g, String xLabel, String yLabel) {
        g.setColor(Color.DARK_GRAY);
        g.setStroke(new BasicStroke(1f));
        g.draw(area);
        g.setFont(Figure.TICK_FONT);
        FontMetrics metrics = g.getFontMetrics();
        List<Double> xTicks = Ticks.linear(xMin, xMax, Math.max(3, area.width / 80));
        double xStep = xTicks.size() > 1 ? xTicks.get(1) - xTicks.get(0) : 1;
        for (double tick : xTicks) {
            double px = pixelX(tick);
            g.draw(new Line2D.Double(px, area.y + area.height, px, area.y + area.height + TICK_LENGTH));
            String label = Ticks.label(tick, xStep);
            g.drawString(
                    label,
                    (float) (px - metrics.stringWidth(label) / 2.0),
                    area.y + area.height + TICK_LENGTH + metrics.getAscent() + 1);
        }
        List<Double> yTicks = logY
                ? Ticks.logarithmic(Math.pow(10, yMin), Math.pow(10, yMax))
                : Ticks.linear(yMin, yMax, Math.max(3, area.height / 70));
        double yStep = !logY && yTicks.size() > 1 ? yTicks.get(1) - yTicks.get(0) : 1;
        for (double tick : yTicks) {
            double py = pixelY(tick);
            g.draw(new Line2D.Double(area.x - TICK_LENGTH, py, area.x, py));
            String label = Ticks.label(tick, logY ? tick : yStep);
            g.drawString(label, area.x - TICK_LENGTH - 3 - metrics.stringWidth(label), (float)
                    (py + metrics.getAscent() / 2.0 - 1));
        }
        drawAxisLabels(g, metrics, xLabel, yLabel);
    }

    private void drawAxisLabels(Graphics2D g, FontMetrics metrics, String xLabel, String yLabel) {
        g.setColor(Color.BLACK);
        if (!xLabel.isEmpty()) {
            g.drawString(
                    xLabel,
                    area.x + (area.width - metrics.stringWidth(xLabel)) / 2,
                    area.y + area.height + TICK_LENGTH + 2 * metrics.getHeight() + 2);
        }
        if (!yLabel.isEmpty()) {
            AffineTransform saved = g.getTransform();
            g.rotate(-Math.PI / 2);
            g.drawString(yLabel, -(area.y + (area.height + metrics.stringWidth(yLabel)) / 2), area.x - 50);
            g.setTransform(saved);
        }
    }

    /** Restricts drawing to the plot rectangle (for curves that leave it). */
    void clip(Graphics2D g) {
        g.setClip(area);
    }
}
