package lfm.plot;

import java.awt.Color;

/**
 * The viridis colour map (dark purple → blue → green → yellow; perceptually uniform and readable in
 * greyscale), as piecewise-linear interpolation between nine of its published stops, with a
 * logarithmic count scale: a bin with count c of a maximum m gets viridis(log(1 + c)/log(1 + m)).
 */
final class ColorMap {
    private static final int[][] STOPS = {
        {68, 1, 84},
        {71, 44, 122},
        {59, 81, 139},
        {44, 113, 142},
        {33, 144, 141},
        {39, 173, 129},
        {92, 200, 99},
        {170, 220, 50},
        {253, 231, 37},
    };

    private ColorMap() {}

    /** viridis(t) for t ∈ [0, 1] as packed RGB. */
    static int viridis(double t) {
        double position = Math.max(0, Math.min(1, t)) * (STOPS.length - 1);
        int lower = Math.min(STOPS.length - 2, (int) position);
        double fraction = position - lower;
        int[] a = STOPS[lower];
        int[] b = STOPS[lower + 1];
        int red = (int) Math.round(a[0] + fraction * (b[0] - a[0]));
        int green = (int) Math.round(a[1] + fraction * (b[1] - a[1]));
        int blue = (int) Math.round(a[2] + fraction * (b[2] - a[2]));
        return (red << 16) | (green << 8) | blue;
    }

    /** The colour of a bin holding {@code count} points when the fullest bin holds {@code maximum}. */
    static int logScaled(int count, int maximum) {
        if (maximum <= 0) {
            return viridis(0);
        }
        return viridis(Math.log1p(count) / Math.log1p(maximum));
    }

    /** Distinct line colours for curves (matplotlib's "tab10" cycle). */
    static Color line(int index) {
        int[] palette = {
            0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd, 0x8c564b, 0xe377c2, 0x7f7f7f, 0xbcbd22, 0x17becf
        };
        return new Color(palette[index % palette.length]);
    }
}
