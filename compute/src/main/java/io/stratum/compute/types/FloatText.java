package io.stratum.compute.types;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * float4/float8 text forms as PostgreSQL 12+ prints them: with extra_float_digits >= 1 the shortest
 * decimal that reads back to the same value (fixed notation for decimal exponents -4 .. 14 for float8,
 * -4 .. 5 for float4, else {@code 1.5e+20}); with extra_float_digits <= 0 {@code %.Ng} with
 * N = 15 (or 6) + extra_float_digits. Infinity, -Infinity and NaN are spelled so.
 */
final class FloatText {
    private FloatText() {
    }

    static String formatDouble(final double d, final int extraFloatDigits) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0" : "0";
        }
        if (extraFloatDigits > 0) {
            final BigDecimal quick = quickShortest(d);
            return layout(quick != null ? quick : shortest(d), 15);
        }
        final int precision = Math.max(1, 15 + extraFloatDigits);
        return layout(new BigDecimal(d).round(new MathContext(precision, RoundingMode.HALF_EVEN)), precision);
    }

    static String formatFloat(final float f, final int extraFloatDigits) {
        if (Float.isNaN(f)) {
            return "NaN";
        }
        if (Float.isInfinite(f)) {
            return f > 0 ? "Infinity" : "-Infinity";
        }
        if (f == 0) {
            return (1 / f < 0) ? "-0" : "0";
        }
        if (extraFloatDigits > 0) {
            final BigDecimal quick = quickShortest(f);
            return layout(quick != null ? quick : shortest(f), 6);
        }
        final int precision = Math.max(1, 6 + extraFloatDigits);
        return layout(new BigDecimal(f).round(new MathContext(precision, RoundingMode.HALF_EVEN)), precision);
    }

    /**
     * Java's own shortest form when it has at most 15 digits (DBL_DIG) and |d| < 2^53: no other decimal of
     * that length reads back to d (15 digits identify a normal double), and no such decimal lies on a
     * rounding bound (a bound needs 54 significant bits); else null. Saves the exact arithmetic for most values.
     */
    private static BigDecimal quickShortest(final double d) {
        if (Math.abs(d) >= 0x1p53 || Math.abs(d) < Double.MIN_NORMAL) {
            return null; // subnormals have fewer than 15 significant digits' worth of bits
        }
        final BigDecimal b = new BigDecimal(Double.toString(d));
        return b.stripTrailingZeros().precision() <= 15 ? b : null;
    }

    /** As {@link #quickShortest(double)} for float: at most 6 digits (FLT_DIG) and |f| < 2^24. */
    private static BigDecimal quickShortest(final float f) {
        if (Math.abs(f) >= 0x1p24f || Math.abs(f) < Float.MIN_NORMAL) {
            return null;
        }
        final BigDecimal b = new BigDecimal(Float.toString(f));
        return b.stripTrailingZeros().precision() <= 6 ? b : null;
    }

    /**
     * The shortest decimal strictly inside the rounding interval of {@code d} (Ryu without accepting the
     * interval's bounds, as PostgreSQL's d2s.c/f2s.c), the closest one when several have that length.
     */
    private static BigDecimal shortest(final double d) {
        final BigDecimal exact = new BigDecimal(d);
        final BigDecimal low = midpoint(exact, Math.nextDown(d), Math.nextUp(d));
        final BigDecimal high = midpoint(exact, Math.nextUp(d), Math.nextDown(d));
        return shortest(exact, low, high, Double.toString(d), 17);
    }

    private static BigDecimal shortest(final float f) {
        final BigDecimal exact = new BigDecimal(f);
        final BigDecimal low = midpoint(exact, Math.nextDown(f), Math.nextUp(f));
        final BigDecimal high = midpoint(exact, Math.nextUp(f), Math.nextDown(f));
        return shortest(exact, low, high, Float.toString(f), 9);
    }

    private static final BigDecimal TWO = BigDecimal.valueOf(2);

    /** Halfway from exact to its neighbour; past the largest finite value, mirrored from the other side. */
    private static BigDecimal midpoint(final BigDecimal exact, final double neighbour, final double other) {
        if (Double.isInfinite(neighbour)) {
            return exact.add(exact.subtract(new BigDecimal(other)).divide(TWO));
        }
        return exact.add(new BigDecimal(neighbour)).divide(TWO);
    }

    private static BigDecimal shortest(final BigDecimal exact, final BigDecimal low, final BigDecimal high,
                                       final String javaForm, final int maxDigits) {
        int p = Math.min(maxDigits, new BigDecimal(javaForm).stripTrailingZeros().precision());
        BigDecimal best = candidate(exact, low, high, p);
        while (best == null && p < maxDigits) {
            best = candidate(exact, low, high, ++p);
        }
        if (best == null) {
            return exact.round(new MathContext(maxDigits, RoundingMode.HALF_EVEN));
        }
        while (p > 1) {
            final BigDecimal shorter = candidate(exact, low, high, p - 1);
            if (shorter == null) {
                break;
            }
            best = shorter;
            p--;
        }
        return best;
    }

    /** The p-digit decimal strictly inside (low, high) nearest to exact, or null when there is none. */
    private static BigDecimal candidate(final BigDecimal exact, final BigDecimal low, final BigDecimal high,
                                        final int p) {
        final BigDecimal down = exact.round(new MathContext(p, RoundingMode.FLOOR));
        final BigDecimal up = exact.round(new MathContext(p, RoundingMode.CEILING));
        final boolean downIn = down.compareTo(low) > 0 && down.compareTo(high) < 0;
        final boolean upIn = up.compareTo(low) > 0 && up.compareTo(high) < 0;
        if (downIn && upIn) {
            final int c = exact.subtract(down).compareTo(up.subtract(exact));
            return c < 0 ? down : c > 0 ? up : exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
        }
        return downIn ? down : upIn ? up : null;
    }

    /** %g-like layout: fixed when -4 <= exponent < limit, else d.ddde[+-]XX; no trailing zeros. */
    private static String layout(final BigDecimal value, final int limit) {
        final BigDecimal v = value.stripTrailingZeros();
        final String digits = v.unscaledValue().abs().toString();
        final int exponent = digits.length() - 1 - v.scale();
        final StringBuilder sb = new StringBuilder(24);
        if (v.signum() < 0) {
            sb.append('-');
        }
        if (exponent < -4 || exponent >= limit) {
            sb.append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits, 1, digits.length());
            }
            sb.append('e').append(exponent < 0 ? '-' : '+');
            final int abs = Math.abs(exponent);
            if (abs < 10) {
                sb.append('0');
            }
            sb.append(abs);
        } else if (exponent < 0) {
            sb.append("0.");
            for (int i = -1; i > exponent; i--) {
                sb.append('0');
            }
            sb.append(digits);
        } else if (digits.length() <= exponent + 1) {
            sb.append(digits);
            for (int i = digits.length(); i <= exponent; i++) {
                sb.append('0');
            }
        } else {
            sb.append(digits, 0, exponent + 1).append('.').append(digits, exponent + 1, digits.length());
        }
        return sb.toString();
    }

    static double parseDouble(final String text, final String typeName) {
        final String s = text.strip();
        final Double special = special(s);
        if (special != null) {
            return special;
        }
        if (!isDecimal(s)) {
            throw CodecErrors.syntax(typeName, text);
        }
        final double d = Double.parseDouble(s);
        if (Double.isInfinite(d) || (d == 0 && !isZero(s))) {
            throw CodecErrors.floatRange(typeName, text);
        }
        return d;
    }

    static float parseFloat(final String text, final String typeName) {
        final String s = text.strip();
        final Double special = special(s);
        if (special != null) {
            return special.floatValue();
        }
        if (!isDecimal(s)) {
            throw CodecErrors.syntax(typeName, text);
        }
        final double d = Double.parseDouble(s);
        final float f = Float.parseFloat(s);
        if (Double.isInfinite(d) || Float.isInfinite(f) || (f == 0 && !isZero(s))) {
            throw CodecErrors.floatRange(typeName, text);
        }
        return f;
    }

    private static Double special(final String s) {
        switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "nan": return Double.NaN;
            case "infinity": case "+infinity": case "inf": case "+inf": return Double.POSITIVE_INFINITY;
            case "-infinity": case "-inf": return Double.NEGATIVE_INFINITY;
            default: return null;
        }
    }

    /** [+-] digits [. digits] [e [+-] digits], at least one mantissa digit. */
    static boolean isDecimal(final String s) {
        int i = 0;
        final int n = s.length();
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int mantissa = 0;
        while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
            mantissa++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
                mantissa++;
            }
        }
        if (mantissa == 0) {
            return false;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int exp = 0;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
                exp++;
            }
            if (exp == 0) {
                return false;
            }
        }
        return i == n;
    }

    /** Whether the mantissa of a decimal string is all zeros (so 0 is not an underflow). */
    private static boolean isZero(final String s) {
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            if (c == 'e' || c == 'E') {
                return true;
            }
            if (c >= '1' && c <= '9') {
                return false;
            }
        }
        return true;
    }
}
