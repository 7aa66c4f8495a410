package lfm.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.geom.Path2D;
import java.util.List;

/**
 * Loss curves on one chart: x = step, y = loss on a log axis, one colour per block, legend in the
 * upper right. Each curve is reduced to the mean loss of the steps falling in each pixel column, which
 * keeps 100,000-step curves fast to draw and smooths the noise at the resolution one can see.
 */
final class LossPlot {
    static final int WIDTH = 960;
    static final int HEIGHT = 560;
    private static final Rectangle AREA = new Rectangle(90, 50, 820, 420);

    private LossPlot() {}

    static void draw(Figure figure, List<LossCurve> curves) {
        double[] range = ranges(curves);
        Axes axes = new Axes(AREA, range[0], range[1], range[2], range[3], true);
        Graphics2D g = figure.graphics();
        axes.draw(g, "step", "loss (log scale)");
        axes.clip(g);
        g.setStroke(new BasicStroke(1.8f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        for (int c = 0; c < curves.size(); c++) {
            g.setColor(ColorMap.line(c));
            g.draw(pixelMeans(axes, curves.get(c)));
        }
        g.setClip(null);
        legend(g, curves);
    }

    /** The curve as a path through the mean loss of each pixel column it touches. */
    private static Path2D pixelMeans(Axes axes, LossCurve curve) {
        Path2D path = new Path2D.Double();
        int column = Integer.MIN_VALUE;
        double sum = 0;
        int count = 0;
        boolean started = false;
        for (int k = 0; k <= curve.steps().length; k++) {
            boolean last = k == curve.steps().length;
            int pixel = last ? Integer.MAX_VALUE : (int) Math.floor(axes.pixelX((double) curve.steps()[k]));
            if (pixel != column && count > 0) {
                double x = axes.pixelX((double) curve.steps()[k - 1]);
                double y = axes.pixelY(sum / count);
                if (started) {
                    path.lineTo(x, y);
                } else {
                    path.moveTo(x, y);
                    started = true;
                }
                sum = 0;
                count = 0;
            }
            if (!last && curve.losses()[k] > 0 && Double.isFinite(curve.losses()[k])) {
                column = pixel;
                sum += curve.losses()[k];
                count++;
            }
        }
        return path;
    }

    /** {step min, step max, loss min, loss max} over all curves, padded on the log scale. */
    private static double[] ranges(List<LossCurve> curves) {
        double stepMin = Double.MAX_VALUE, stepMax = -Double.MAX_VALUE, lossMin = Double.MAX_VALUE, lossMax = 0;
        for (LossCurve curve : curves) {
            for (int k = 0; k < curve.steps().length; k++) {
                stepMin = Math.min(stepMin, (double) curve.steps()[k]);
                stepMax = Math.max(stepMax, (double) curve.steps()[k]);
                double loss = curve.losses()[k];
                if (loss > 0 && Double.isFinite(loss)) {
                    lossMin = Math.min(lossMin, loss);
                    lossMax = Math.max(lossMax, loss);
                }
            }
        }
        if (stepMin > stepMax) {
            stepMin = 0;
            stepMax = 1;
        } else if (stepMin == stepMax) {
            stepMax = stepMin + 1;
        }
        if (lossMax == 0) {
            lossMin = 0.1;
            lossMax = 1;
        }
        return new double[] {stepMin, stepMax, lossMin / 1.3, lossMax * 1.3};
    }

    private static void legend(Graphics2D g, List<LossCurve> curves) {
        g.setFont(Figure.TICK_FONT);
        FontMetrics metrics = g.getFontMetrics();
        int width = 0;
        for (LossCurve curve : curves) {
            width = Math.max(width, metrics.stringWidth(curve.label()));
        }
        int rowHeight = metrics.getHeight() + 2;
        int boxWidth = width + 44;
        int boxHeight = curves.size() * rowHeight + 10;
        int left = AREA.x + AREA.width - boxWidth - 10;
        int top = AREA.y + 10;
        g.setColor(new Color(255, 255, 255, 225));
        g.fillRect(left, top, boxWidth, boxHeight);
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(left, top, boxWidth, boxHeight);
        for (int c = 0; c < curves.size(); c++) {
            int baseline = top + 5 + (c + 1) * rowHeight - 4;
            g.setColor(ColorMap.line(c));
            g.setStroke(new BasicStroke(3f));
            g.drawLine(
                    left + 8,
                    baseline - metrics.getAscent() / 2 + 1,
                    left + 30,
                    baseline - metrics.getAscent() / 2 + 1);
            g.setColor(Color.BLACK);
            g.drawString(curves.get(c).label(), left + 36, baseline);
        }
    }
}
