package lfm.plot;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Tick positions and labels: "nice" steps of 1, 2 or 5 × 10ᵏ on linear axes, powers of ten on log axes. */
final class Ticks {
    private Ticks() {}

    /** About {@code target} ticks covering [low, high], at multiples of a nice step. */
    static List<Double> linear(double low, double high, int target) {
        double step = niceStep((high - low) / Math.max(1, target));
        List<Double> ticks = new ArrayList<>();
        for (double tick = Math.ceil(low / step) * step; tick <= high + step * 1e-9; tick += step) {
            ticks.add(Math.abs(tick) < step * 1e-9 ? 0.0 : tick);
        }
        return ticks;
    }

    /** The one of 1, 2, 5 × 10ᵏ nearest to {@code rough} on a log scale. */
    static double niceStep(double rough) {
        double power = Math.pow(10, Math.floor(Math.log10(rough)));
        double best = power;
        for (double multiple : new double[] {2, 5, 10}) {
            if (Math.abs(Math.log(multiple * power / rough)) < Math.abs(Math.log(best / rough))) {
                best = multiple * power;
            }
        }
        return best;
    }

    /** Powers of ten within [low, high] (both positive); adds 2× and 5× when the range spans under two decades. */
    static List<Double> logarithmic(double low, double high) {
        List<Double> ticks = new ArrayList<>();
        int first = (int) Math.floor(Math.log10(low));
        int last = (int) Math.ceil(Math.log10(high));
        boolean fine = Math.log10(high / low) < 2; // under two decades: label 2× and 5× too
        for (int decade = first; decade <= last; decade++) {
            for (int multiple : fine ? new int[] {1, 2, 5} : new int[] {1}) {
                double tick = multiple * Math.pow(10, decade);
                if (tick >= low * (1 - 1e-9) && tick <= high * (1 + 1e-9)) {
                    ticks.add(tick);
                }
            }
        }
        return ticks;
    }

    /** A short label: integers plainly, decimals to the step's precision, tiny or huge values as 1e-5. */
    static String label(double value, double step) {
        if (value == 0) {
            return "0";
        }
        double magnitude = Math.abs(value);
        if (magnitude >= 1e7 || magnitude < 1e-3) {
            String text = String.format(Locale.ROOT, "%.0e", value);
            return text.replace("e+0", "e").replace("e-0", "e-").replace("e+", "e");
        }
        int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
