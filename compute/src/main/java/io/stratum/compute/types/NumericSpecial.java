package io.stratum.compute.types;

import java.math.BigDecimal;

/**
 * numeric's special values as PostgreSQL 15 has them: {@code NaN}, {@code Infinity} and {@code -Infinity}. A
 * numeric's Java form is a {@link BigDecimal} when finite, else one of the three singletons here. They are
 * Numbers so that a cast to float4 / float8 ({@link #doubleValue()}) and float comparisons need no case of their
 * own; {@link #longValue()} is not a conversion (casts to integers raise 0A000, see
 * {@code exec.NumericOps}).
 *
 * <p>{@link #compare} is the one place that orders numerics: {@code -Infinity < every finite value < Infinity <
 * NaN}, and NaN equals NaN (PostgreSQL's btree order, used for comparisons, sorting, grouping, DISTINCT, min /
 * max and index keys; {@code storage.KeyCodec}'s numeric encoding follows it).
 */
public final class NumericSpecial extends Number {
    private static final long serialVersionUID = 1L;

    public static final NumericSpecial NAN = new NumericSpecial("NaN", Double.NaN, 2);
    public static final NumericSpecial POSITIVE_INFINITY = new NumericSpecial("Infinity", Double.POSITIVE_INFINITY, 1);
    public static final NumericSpecial NEGATIVE_INFINITY = new NumericSpecial("-Infinity", Double.NEGATIVE_INFINITY, -1);

    private final String text;
    private final double value;
    /** -1 for -Infinity, 1 for Infinity, 2 for NaN; finite values are 0. */
    private final int rank;

    private NumericSpecial(final String text, final double value, final int rank) {
        this.text = text;
        this.value = value;
        this.rank = rank;
    }

    /** The special value of a NaN or infinite double, else null. */
    public static NumericSpecial of(final double d) {
        if (Double.isNaN(d)) {
            return NAN;
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? POSITIVE_INFINITY : NEGATIVE_INFINITY;
        }
        return null;
    }

    /** The special value written {@code s} (numeric_in's spellings, any case, surrounding blanks), else null. */
    public static NumericSpecial parse(final String s) {
        final String t = s.strip().toLowerCase(java.util.Locale.ROOT);
        switch (t) {
            case "nan": return NAN;
            case "infinity": case "+infinity": case "inf": case "+inf": return POSITIVE_INFINITY;
            case "-infinity": case "-inf": return NEGATIVE_INFINITY;
            default: return null;
        }
    }

    public boolean isNaN() {
        return this == NAN;
    }

    /** -1 for -Infinity, 1 for Infinity; NaN has no sign (0 here, callers test {@link #isNaN} first). */
    public int signum() {
        return this == NAN ? 0 : rank;
    }

    /** The infinity of the opposite sign; NaN stays NaN. */
    public NumericSpecial negate() {
        return this == POSITIVE_INFINITY ? NEGATIVE_INFINITY : this == NEGATIVE_INFINITY ? POSITIVE_INFINITY : NAN;
    }

    /** The infinity of sign {@code sign} (positive when {@code sign > 0}). */
    public static NumericSpecial infinity(final int sign) {
        return sign > 0 ? POSITIVE_INFINITY : NEGATIVE_INFINITY;
    }

    private static int rank(final Object v) {
        return v instanceof NumericSpecial s ? s.rank : 0;
    }

    /**
     * PostgreSQL's numeric order of two numeric forms (BigDecimal, NumericSpecial, or an integer Short / Integer /
     * Long): the one place that decides it.
     */
    public static int compare(final Object a, final Object b) {
        final int ra = rank(a);
        final int rb = rank(b);
        if (ra != 0 || rb != 0) {
            return Integer.compare(ra, rb);
        }
        return finite(a).compareTo(finite(b));
    }

    private static BigDecimal finite(final Object v) {
        return v instanceof BigDecimal d ? d : BigDecimal.valueOf(((Number) v).longValue());
    }

    /** numeric_out's text: {@code NaN}, {@code Infinity}, {@code -Infinity}. */
    @Override
    public String toString() {
        return text;
    }

    @Override
    public double doubleValue() {
        return value;
    }

    @Override
    public float floatValue() {
        return (float) value;
    }

    /** Not a conversion (there is none): 0. */
    @Override
    public long longValue() {
        return 0;
    }

    /** Not a conversion (there is none): 0. */
    @Override
    public int intValue() {
        return 0;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(value);
    }

    @Override
    public boolean equals(final Object o) {
        return o == this;
    }

    private Object readResolve() {
        return rank == 2 ? NAN : rank > 0 ? POSITIVE_INFINITY : NEGATIVE_INFINITY;
    }
}
