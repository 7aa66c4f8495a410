package lfm.plot;

import java.util.Arrays;
import lfm.data.DataMatrix;

/**
 * The rectangle [xMin, xMax] × [yMin, yMax] a 2D panel shows.
 *
 * @param xMin left edge
 * @param xMax right edge (greater than xMin)
 * @param yMin bottom edge
 * @param yMax top edge (greater than yMin)
 */
public record Extent(double xMin, double xMax, double yMin, double yMax) {
    private static final double TAIL = 0.005;
    private static final double PADDING = 0.1;

    public Extent {
        if (!(xMax > xMin) || !(yMax > yMin) || !Double.isFinite(xMax - xMin) || !Double.isFinite(yMax - yMin)) {
            throw new IllegalArgumentException(
                    "empty or infinite extent [" + xMin + ", " + xMax + "] × [" + yMin + ", " + yMax + "]");
        }
    }

    /**
     * A square extent around the bulk of the points (first two columns): per axis the 0.5% and 99.5%
     * quantiles, padded by 10% of their range; the larger range is used for both axes, so shapes are
     * not distorted. A few stray points do not zoom the view out.
     */
    public static Extent around(DataMatrix points) {
        double[] x = quantiles(points, 0);
        double[] y = quantiles(points, Math.min(1, points.cols() - 1));
        double half = Math.max(x[1] - x[0], y[1] - y[0]) * (0.5 + PADDING);
        if (!(half > 0)) {
            half = 1; // all points equal: show a unit box around them
        }
        double centreX = (x[0] + x[1]) / 2;
        double centreY = (y[0] + y[1]) / 2;
        return new Extent(centreX - half, centreX + half, centreY - half, centreY + half);
    }

    public double width() {
        return xMax - xMin;
    }

    public double height() {
        return yMax - yMin;
    }

    private static double[] quantiles(DataMatrix points, int column) {
        float[] values = new float[points.rows()];
        int count = 0;
        for (int i = 0; i < points.rows(); i++) {
            float value = points.get(i, column);
            if (Float.isFinite(value)) {
                values[count++] = value;
            }
        }
        if (count == 0) {
            return new double[] {-1, 1};
        }
        Arrays.sort(values, 0, count);
        int low = (int) Math.floor(TAIL * (count - 1));
        int high = (int) Math.ceil((1 - TAIL) * (count - 1));
        return new double[] {values[low], values[high]};
    }
}
