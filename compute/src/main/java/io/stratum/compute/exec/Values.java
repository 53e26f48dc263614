package io.stratum.compute.exec;

import io.stratum.compute.session.SqlException;
import io.stratum.compute.types.NumericSpecial;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.Arrays;

/** Comparison, hashing and arithmetic on the Java forms of SQL values (see PgType). Stateless. */
public final class Values {
    private Values() {
    }

    /** Whether the value is an integral Java form (Short, Integer, Long). */
    static boolean integral(final Object v) {
        return v instanceof Integer || v instanceof Long || v instanceof Short;
    }

    /** Total order on non-null values of compatible forms (NaN sorts last, as PostgreSQL). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static int compare(final Object a, final Object b) {
        if (a instanceof Number && b instanceof Number) {
            if (integral(a) && integral(b)) {
                return Long.compare(((Number) a).longValue(), ((Number) b).longValue());
            }
            if (a instanceof Double || a instanceof Float || b instanceof Double || b instanceof Float) {
                // PostgreSQL: -0 = 0, NaN = NaN and NaN sorts above every other value
                final double x = ((Number) a).doubleValue();
                final double y = ((Number) b).doubleValue();
                return x == y ? 0 : Double.compare(x, y);
            }
            return NumericSpecial.compare(a, b);
        }
        if (a instanceof String && b instanceof String) {
            return ((String) a).compareTo((String) b);
        }
        if (a instanceof byte[] && b instanceof byte[]) {
            return Arrays.compareUnsigned((byte[]) a, (byte[]) b);
        }
        if (a instanceof Object[] && b instanceof Object[]) {
            final Object[] x = (Object[]) a;
            final Object[] y = (Object[]) b;
            for (int i = 0; i < Math.min(x.length, y.length); i++) {
                final int c = compareNullsLast(x[i], y[i]);
                if (c != 0) {
                    return c;
                }
            }
            return Integer.compare(x.length, y.length);
        }
        if (a instanceof OffsetDateTime && b instanceof OffsetDateTime) {
            return ((OffsetDateTime) a).toInstant().compareTo(((OffsetDateTime) b).toInstant());
        }
        if (a instanceof LocalDate && b instanceof LocalDateTime) {
            return ((LocalDate) a).atStartOfDay().compareTo((LocalDateTime) b);
        }
        if (a instanceof LocalDateTime && b instanceof LocalDate) {
            return ((LocalDateTime) a).compareTo(((LocalDate) b).atStartOfDay());
        }
        if (a instanceof java.util.UUID && b instanceof java.util.UUID) {
            return io.stratum.compute.types.UuidCodec.compare((java.util.UUID) a, (java.util.UUID) b);
        }
        if (a instanceof Comparable && a.getClass() == b.getClass()) {
            return ((Comparable) a).compareTo(b);
        }
        if (a instanceof Number || b instanceof Number) {
            // e.g. a string against a number after a missing coercion: compare as text
            return String.valueOf(a).compareTo(String.valueOf(b));
        }
        return String.valueOf(a).compareTo(String.valueOf(b));
    }

    /** As {@link #compare} with NULL greater than everything (ASC NULLS LAST). */
    public static int compareNullsLast(final Object a, final Object b) {
        if (a == null) {
            return b == null ? 0 : 1;
        }
        if (b == null) {
            return -1;
        }
        return compare(a, b);
    }

    /** Equality as grouping and DISTINCT see it (NULLs equal each other). */
    public static boolean same(final Object a, final Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        return compare(a, b) == 0;
    }

    /**
     * A hash consistent with {@link #same}, also across the number forms (an integer, a numeric and a float of one
     * value hash alike, so a hash join of numeric with float8 keys finds its matches): integral values up to 9e18 by
     * their long, the others by their double.
     */
    public static int hash(final Object v) {
        if (v == null) {
            return 0;
        }
        if (integral(v)) {
            return Long.hashCode(((Number) v).longValue());
        }
        if (v instanceof BigDecimal) {
            final BigDecimal d = (BigDecimal) v;
            if (d.signum() == 0) {
                return 0;
            }
            final BigDecimal s = d.stripTrailingZeros();
            if (s.scale() <= 0 && s.precision() - s.scale() < 19) {
                return Long.hashCode(s.longValueExact());
            }
            return hashDouble(d.doubleValue());
        }
        if (v instanceof Double || v instanceof Float || v instanceof NumericSpecial) {
            return hashDouble(((Number) v).doubleValue());
        }
        if (v instanceof byte[]) {
            return Arrays.hashCode((byte[]) v);
        }
        if (v instanceof Object[]) {
            int h = 1;
            for (final Object o : (Object[]) v) {
                h = 31 * h + hash(o);
            }
            return h;
        }
        if (v instanceof OffsetDateTime) {
            return ((OffsetDateTime) v).toInstant().hashCode();
        }
        return v.hashCode();
    }

    private static int hashDouble(final double d) {
        if (d == Math.rint(d) && Math.abs(d) < 9e18) {
            return Long.hashCode((long) d);
        }
        return Double.hashCode(d);
    }

    /**
     * A finite number as a BigDecimal (a float by its shortest decimal text; the cast to numeric rounds as
     * PostgreSQL does, see Casts). NaN and infinities have no BigDecimal: callers handle them first
     * ({@link #numeric}).
     */
    public static BigDecimal decimal(final Object v) {
        if (v instanceof BigDecimal) {
            return (BigDecimal) v;
        }
        if (integral(v)) {
            return BigDecimal.valueOf(((Number) v).longValue());
        }
        if (v instanceof Number) {
            final double d = ((Number) v).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new SqlException("0A000", "cannot convert " + NumericSpecial.of(d) + " to a finite numeric");
            }
            return new BigDecimal(Double.toString(d));
        }
        throw new SqlException("22P02", "invalid input syntax for type numeric: \"" + v + "\"");
    }

    /** A number as a numeric: a BigDecimal, or a NumericSpecial (numeric's, or a float's NaN and infinities). */
    public static Number numeric(final Object v) {
        if (v instanceof NumericSpecial s) {
            return s;
        }
        if (v instanceof Double || v instanceof Float) {
            final NumericSpecial s = NumericSpecial.of(((Number) v).doubleValue());
            if (s != null) {
                return s;
            }
        }
        return decimal(v);
    }

    // ---- arithmetic; kind: 0 int2, 1 int4, 2 int8, 3 numeric, 4 float4, 5 float8 ----

    static Object narrow(final long v, final int kind) {
        if (kind == 0) {
            if (v < Short.MIN_VALUE || v > Short.MAX_VALUE) {
                throw new SqlException("22003", "smallint out of range");
            }
            return (short) v;
        }
        if (kind == 1) {
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                throw new SqlException("22003", "integer out of range");
            }
            return (int) v;
        }
        return v;
    }

    /**
     * A float4 / float8 result with PostgreSQL's check_float4_val / check_float8_val: infinite where the inputs do
     * not allow it is 22003 overflow, zero where they do not allow it 22003 underflow. A float4 result is rounded
     * to float first (the double result of two floats rounds to the float operation's result).
     */
    private static Object floatOut(final double r, final boolean infValid, final boolean zeroValid, final int kind) {
        final double v = kind == 4 ? (double) (float) r : r;
        if (Double.isInfinite(v) && !infValid) {
            throw new SqlException("22003", "value out of range: overflow");
        }
        if (v == 0 && !zeroValid) {
            throw new SqlException("22003", "value out of range: underflow");
        }
        return floatResult(v, kind);
    }

    static Object floatResult(final double d, final int kind) {
        return kind == 4 ? (Object) (float) d : (Object) d;
    }

    /** a op b for op in + - * / %, on numbers of the common kind. */
    public static Object arith(final char op, final Object a, final Object b, final int kind) {
        if (kind <= 2) {
            final long x = ((Number) a).longValue();
            final long y = ((Number) b).longValue();
            try {
                switch (op) {
                    case '+': return narrow(Math.addExact(x, y), kind);
                    case '-': return narrow(Math.subtractExact(x, y), kind);
                    case '*': return narrow(Math.multiplyExact(x, y), kind);
                    case '/':
                        if (y == 0) {
                            throw new SqlException("22012", "division by zero");
                        }
                        if (x == Long.MIN_VALUE && y == -1) {
                            throw new SqlException("22003", "bigint out of range");
                        }
                        return narrow(x / y, kind);
                    case '%':
                        if (y == 0) {
                            throw new SqlException("22012", "division by zero");
                        }
                        return narrow(y == -1 ? 0 : x % y, kind);
                    default: break;
                }
            } catch (final ArithmeticException e) {
                throw new SqlException("22003", kind == 0 ? "smallint out of range"
                    : kind == 1 ? "integer out of range" : "bigint out of range");
            }
        } else if (kind == 3) {
            final Number na = numeric(a);
            final Number nb = numeric(b);
            if (NumericOps.special(na, nb)) {
                return NumericOps.arith(op, na, nb);
            }
            final BigDecimal x = (BigDecimal) na;
            final BigDecimal y = (BigDecimal) nb;
            switch (op) {
                case '+': return x.add(y);
                case '-': return x.subtract(y);
                case '*': return x.multiply(y);
                case '/': {
                    if (y.signum() == 0) {
                        throw new SqlException("22012", "division by zero");
                    }
                    // PostgreSQL's select_div_scale, rounded once at that scale
                    return x.divide(y, Math.min(Math.max(displayScale(x, y), 0), 1000), RoundingMode.HALF_UP);
                }
                case '%':
                    if (y.signum() == 0) {
                        throw new SqlException("22012", "division by zero");
                    }
                    return x.remainder(y);
                default: break;
            }
        } else {
            final double x = ((Number) a).doubleValue();
            final double y = ((Number) b).doubleValue();
            final boolean infinite = Double.isInfinite(x) || Double.isInfinite(y);
            switch (op) {
                case '+': return floatOut(x + y, infinite, true, kind);
                case '-': return floatOut(x - y, infinite, true, kind);
                case '*': return floatOut(x * y, infinite, x == 0 || y == 0, kind);
                case '/':
                    if (y == 0 && !Double.isNaN(x)) {
                        throw new SqlException("22012", "division by zero");
                    }
                    return floatOut(x / y, Double.isInfinite(x), x == 0 || Double.isInfinite(y), kind);
                case '%':
                    return floatResult(x % y, kind);
                default: break;
            }
        }
        throw new SqlException("42883", "operator does not exist: " + op);
    }

    /** PostgreSQL's select_div_scale: at least 16 significant digits, at least the inputs' display scales. */
    private static int displayScale(final BigDecimal x, final BigDecimal y) {
        final long[] a = weight(x);
        final long[] b = weight(y);
        long qweight = a[0] - b[0];
        if (a[1] <= b[1]) {
            qweight--;
        }
        long rscale = 16 - qweight * 4;
        rscale = Math.max(rscale, Math.max(0, x.scale()));
        rscale = Math.max(rscale, Math.max(0, y.scale()));
        return (int) Math.max(0, Math.min(rscale, 1000));
    }

    /** Base-10000 weight and first digit of a numeric, as PostgreSQL's NumericVar holds them. */
    private static long[] weight(final BigDecimal v) {
        if (v.signum() == 0) {
            return new long[] {0, 0};
        }
        final BigDecimal a = v.abs();
        final int e = a.precision() - a.scale() - 1;
        final int w = Math.floorDiv(e, 4);
        final long first = a.movePointLeft(w * 4).setScale(0, RoundingMode.DOWN).longValue();
        return new long[] {w, first};
    }

    /** -a. */
    public static Object negate(final Object a) {
        if (a instanceof Short) {
            return narrow(-(long) (Short) a, 0);
        }
        if (a instanceof Integer) {
            return narrow(-(long) (Integer) a, 1);
        }
        if (a instanceof Long) {
            if ((Long) a == Long.MIN_VALUE) {
                throw new SqlException("22003", "bigint out of range");
            }
            return -(Long) a;
        }
        if (a instanceof BigDecimal) {
            return ((BigDecimal) a).negate();
        }
        if (a instanceof NumericSpecial) {
            return ((NumericSpecial) a).negate();
        }
        if (a instanceof Float) {
            return -(Float) a;
        }
        if (a instanceof Double) {
            return -(Double) a;
        }
        if (a instanceof io.stratum.compute.types.Interval) {
            return ((io.stratum.compute.types.Interval) a).negate();
        }
        throw new SqlException("42883", "operator does not exist: - " + a.getClass().getSimpleName());
    }
}
