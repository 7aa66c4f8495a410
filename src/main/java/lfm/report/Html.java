package lfm.report;

import java.util.Locale;

/** Small helpers for writing HTML by hand: escaping and number cells. */
final class Html {
    private Html() {}

    /** Text safe inside elements and double-quoted attributes. */
    static String escape(Object value) {
        String text = String.valueOf(value);
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A number as people read it: 4 significant digits, exponent form for very small or large; "–" for NaN. */
    static String number(double value) {
        if (Double.isNaN(value)) {
            return "–";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "∞" : "−∞";
        }
        double magnitude = Math.abs(value);
        if (magnitude != 0 && (magnitude < 1e-3 || magnitude >= 1e5)) {
            return String.format(Locale.ROOT, "%.3e", value);
        }
        return new java.math.BigDecimal(value)
                .round(new java.math.MathContext(4))
                .stripTrailingZeros()
                .toPlainString();
    }

    /** Seconds as "1 min 53 s" or "4.2 s"; "–" for NaN. */
    static String seconds(double value) {
        if (!Double.isFinite(value)) {
            return "–";
        }
        long whole = Math.round(value);
        return whole >= 3600
                ? String.format(Locale.ROOT, "%d h %02d min", whole / 3600, whole / 60 % 60)
                : whole >= 60
                        ? String.format(Locale.ROOT, "%d min %02d s", whole / 60, whole % 60)
                        : String.format(Locale.ROOT, "%.1f s", value);
    }

    /** A right-aligned table cell holding {@code text} (already escaped) and an optional grey second line. */
    static String numberCell(String text, String sub) {
        return "<td class=\"num\">" + text
                + (sub == null || sub.isEmpty() ? "" : "<span class=\"sub\">" + escape(sub) + "</span>") + "</td>";
    }

    static String cell(Object text) {
        return "<td>" + escape(text) + "</td>";
    }

    static String badge(RunStatus status) {
        return "<span class=\"badge " + status.label() + "\">" + status.label() + "</span>";
    }
}
