package lfm.data.toy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import lfm.data.PointSampler;

/**
 * A 2D density made of thick line segments: a segment is chosen with probability proportional to
 * length × width (its ink), a point is placed uniformly along it, and isotropic Gaussian jitter of
 * standard deviation {@code jitter × width} gives it thickness. Rose and tree are built from it.
 */
final class SegmentMixture implements PointSampler {
    private final double[] x0;
    private final double[] y0;
    private final double[] x1;
    private final double[] y1;
    private final double[] sigma;
    private final double[] cumulative; // cumulative[k] = P(segment ≤ k), last entry 1

    private SegmentMixture(List<double[]> segments, double jitter) {
        int count = segments.size();
        x0 = new double[count];
        y0 = new double[count];
        x1 = new double[count];
        y1 = new double[count];
        sigma = new double[count];
        cumulative = new double[count];
        double total = 0;
        for (int k = 0; k < count; k++) {
            double[] s = segments.get(k);
            x0[k] = s[0];
            y0[k] = s[1];
            x1[k] = s[2];
            y1[k] = s[3];
            sigma[k] = jitter * s[4];
            total += Math.hypot(s[2] - s[0], s[3] - s[1]) * s[4];
            cumulative[k] = total;
        }
        for (int k = 0; k < count; k++) {
            cumulative[k] /= total;
        }
        cumulative[count - 1] = 1;
    }

    /** Collects segments (x0, y0, x1, y1, width) and builds the mixture. */
    static final class Builder {
        private final List<double[]> segments = new ArrayList<>();

        Builder add(double x0, double y0, double x1, double y1, double width) {
            segments.add(new double[] {x0, y0, x1, y1, width});
            return this;
        }

        /**
         * Scales and centres all segments (and widths) so that their bounding box fits in
         * [−halfExtent, halfExtent]² with its aspect ratio kept.
         */
        Builder fitInto(double halfExtent) {
            double minX = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, minY = Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
            for (double[] s : segments) {
                minX = Math.min(minX, Math.min(s[0], s[2]));
                maxX = Math.max(maxX, Math.max(s[0], s[2]));
                minY = Math.min(minY, Math.min(s[1], s[3]));
                maxY = Math.max(maxY, Math.max(s[1], s[3]));
            }
            double scale = 2 * halfExtent / Math.max(maxX - minX, maxY - minY);
            double centreX = (minX + maxX) / 2;
            double centreY = (minY + maxY) / 2;
            for (double[] s : segments) {
                s[0] = (s[0] - centreX) * scale;
                s[2] = (s[2] - centreX) * scale;
                s[1] = (s[1] - centreY) * scale;
                s[3] = (s[3] - centreY) * scale;
                s[4] *= scale;
            }
            return this;
        }

        SegmentMixture build(double jitter) {
            if (segments.isEmpty()) {
                throw new IllegalStateException("no segments");
            }
            return new SegmentMixture(segments, jitter);
        }
    }

    @Override
    public void sample(float[] uniforms, float[] normals, float[] point) {
        int k = Arrays.binarySearch(cumulative, uniforms[0]);
        k = k >= 0 ? k : Math.min(-k - 1, cumulative.length - 1);
        double t = uniforms[1];
        point[0] = (float) (x0[k] + t * (x1[k] - x0[k]) + sigma[k] * normals[0]);
        point[1] = (float) (y0[k] + t * (y1[k] - y0[k]) + sigma[k] * normals[1]);
    }
}
