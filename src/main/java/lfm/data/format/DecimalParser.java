package lfm.data.format;

import java.nio.charset.StandardCharsets;

/**
 * Parses a decimal number from bytes without building a String for the common case, and always to
 * the correctly rounded double (the value {@link Double#parseDouble} gives), so that files written by
 * numpy or pandas read back bit for bit.
 *
 * <p>Accepted grammar: {@code [+-]digits[.digits][(e|E)[+-]digits]} or {@code [+-].digits[...]}.
 * Fast path (Clinger): a mantissa of at most 2⁵³ and a decimal exponent in [−22, 22] give operands that
 * are exact doubles, so one multiplication or division rounds correctly. Anything else (long
 * mantissas such as pandas' 17-digit output, large exponents) goes through {@code Double.parseDouble}.
 */
final class DecimalParser {
    private static final long FAST_MANTISSA_LIMIT = 1L << 53;
    private static final int MAX_FAST_DIGITS = 18;
    private static final double[] POWERS_OF_TEN = new double[23];

    static {
        POWERS_OF_TEN[0] = 1;
        for (int k = 1; k < POWERS_OF_TEN.length; k++) {
            POWERS_OF_TEN[k] = POWERS_OF_TEN[k - 1] * 10; // exact up to 1e22
        }
    }

    private DecimalParser() {}

    /**
     * The number in {@code bytes[from, to)}, or NaN when the text is not a number in the grammar
     * above (callers report NaN as a syntax error; the text "nan" itself is also rejected here).
     * Overflow gives ±infinity, which callers reject too.
     */
    static double parse(byte[] bytes, int from, int to) {
        int i = from;
        boolean negative = false;
        if (i < to && (bytes[i] == '+' || bytes[i] == '-')) {
            negative = bytes[i] == '-';
            i++;
        }
        long mantissa = 0;
        int significantDigits = 0;
        int exponent = 0;
        boolean anyDigit = false;
        boolean seenPoint = false;
        for (; i < to; i++) {
            byte b = bytes[i];
            if (b >= '0' && b <= '9') {
                anyDigit = true;
                if (mantissa != 0 || b != '0') {
                    significantDigits++;
                }
                if (significantDigits <= MAX_FAST_DIGITS) {
                    mantissa = mantissa * 10 + (b - '0');
                    if (seenPoint) {
                        exponent--;
                    }
                }
            } else if (b == '.' && !seenPoint) {
                seenPoint = true;
            } else {
                break;
            }
        }
        if (!anyDigit) {
            return Double.NaN;
        }
        if (i < to && (bytes[i] == 'e' || bytes[i] == 'E')) {
            int exponentEnd = scanExponent(bytes, i + 1, to);
            if (exponentEnd < 0) {
                return Double.NaN;
            }
            if (significantDigits <= MAX_FAST_DIGITS) {
                exponent += parseExponent(bytes, i + 1, exponentEnd);
            }
            i = exponentEnd;
        }
        if (i != to) {
            return Double.NaN;
        }
        if (significantDigits <= MAX_FAST_DIGITS
                && mantissa <= FAST_MANTISSA_LIMIT
                && exponent >= -22
                && exponent <= 22) {
            double value = exponent >= 0 ? mantissa * POWERS_OF_TEN[exponent] : mantissa / POWERS_OF_TEN[-exponent];
            return negative ? -value : value;
        }
        // Valid syntax (checked above), so the JDK's parser accepts it and rounds correctly.
        return Double.parseDouble(new String(bytes, from, to - from, StandardCharsets.ISO_8859_1));
    }

    /** End of a well-formed exponent [+-]digits starting at {@code i}, or −1. */
    private static int scanExponent(byte[] bytes, int i, int to) {
        if (i < to && (bytes[i] == '+' || bytes[i] == '-')) {
            i++;
        }
        int start = i;
        while (i < to && bytes[i] >= '0' && bytes[i] <= '9') {
            i++;
        }
        return i == start ? -1 : i;
    }

    /** The exponent's value, saturated far outside the fast range (huge exponents take the slow path). */
    private static int parseExponent(byte[] bytes, int i, int end) {
        boolean negative = bytes[i] == '-';
        if (bytes[i] == '+' || bytes[i] == '-') {
            i++;
        }
        int value = 0;
        for (; i < end; i++) {
            value = Math.min(value * 10 + (bytes[i] - '0'), 100_000);
        }
        return negative ? -value : value;
    }

    /** True when the text spells NaN or infinity in one of the usual ways (nan, NaN, inf, Infinity, ±). */
    static boolean isNonFiniteWord(String text) {
        String word = text.strip().toLowerCase(java.util.Locale.ROOT);
        if (word.startsWith("+") || word.startsWith("-")) {
            word = word.substring(1);
        }
        return word.equals("nan") || word.equals("inf") || word.equals("infinity");
    }
}
