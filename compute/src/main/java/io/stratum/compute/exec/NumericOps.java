package io.stratum.compute.exec;

import io.stratum.compute.session.SqlException;
import io.stratum.compute.types.NumericSpecial;
import java.math.BigDecimal;

/**
 * numeric arithmetic and functions where an operand is NaN, Infinity or -Infinity, with PostgreSQL 15's rules
 * (numeric.c): NaN propagates, {@code Infinity - Infinity} and {@code Infinity * 0} are NaN, {@code x / Infinity}
 * is 0, a division of a non-NaN value by zero is still 22012. Finite operands stay with {@link Values} and
 * {@link Builtins}; each method here is called only when {@link #special} says so. Stateless.
 */
final class NumericOps {
    private static final NumericSpecial NAN = NumericSpecial.NAN;

    private NumericOps() {
    }

    static boolean special(final Object v) {
        return v instanceof NumericSpecial;
    }

    static boolean special(final Object a, final Object b) {
        return a instanceof NumericSpecial || b instanceof NumericSpecial;
    }

    /** The sign of a numeric form (0 for NaN: test it first). */
    static int sign(final Object v) {
        if (v instanceof NumericSpecial s) {
            return s.signum();
        }
        if (v instanceof BigDecimal d) {
            return d.signum();
        }
        return Long.signum(((Number) v).longValue());
    }

    private static SqlException divisionByZero() {
        return new SqlException("22012", "division by zero");
    }

    /** a op b for op in + - * / % (numeric_add ... numeric_mod), at least one operand special. */
    static Object arith(final char op, final Object a, final Object b) {
        if (a == NAN || b == NAN) {
            return NAN;
        }
        final boolean ia = a instanceof NumericSpecial;
        final boolean ib = b instanceof NumericSpecial;
        final int sa = sign(a);
        final int sb = sign(b);
        switch (op) {
            case '+':
                return ia && ib ? (sa == sb ? a : NAN) : ia ? a : b;
            case '-':
                return ia && ib ? (sa != sb ? a : NAN) : ia ? a : ((NumericSpecial) b).negate();
            case '*':
                return sa == 0 || sb == 0 ? NAN : NumericSpecial.infinity(sa * sb);
            case '/':
                if (ib) {
                    return ia ? NAN : BigDecimal.ZERO;
                }
                if (sb == 0) {
                    throw divisionByZero();
                }
                return NumericSpecial.infinity(sa * sb);
            case '%':
                if (ia) {
                    if (!ib && sb == 0) {
                        throw divisionByZero();
                    }
                    return NAN;
                }
                return a;
            default:
                throw new SqlException("42883", "operator does not exist: numeric " + op + " numeric");
        }
    }

    /** div(a, b) (numeric_div_trunc), at least one operand special. */
    static Object div(final Object a, final Object b) {
        if (a == NAN || b == NAN) {
            return NAN;
        }
        if (special(a)) {
            if (special(b)) {
                return NAN;
            }
            if (sign(b) == 0) {
                throw divisionByZero();
            }
            return NumericSpecial.infinity(sign(a) * sign(b));
        }
        return BigDecimal.ZERO;
    }

    /** abs of a special value. */
    static Object abs(final NumericSpecial v) {
        return v.isNaN() ? NAN : NumericSpecial.POSITIVE_INFINITY;
    }

    /** sign() of a special value: NaN, 1 or -1. */
    static Object signFunction(final NumericSpecial v) {
        return v.isNaN() ? NAN : BigDecimal.valueOf(v.signum());
    }

    /** sqrt of a special value. */
    static Object sqrt(final NumericSpecial v) {
        if (v == NumericSpecial.NEGATIVE_INFINITY) {
            throw new SqlException("2201F", "cannot take square root of a negative number");
        }
        return v;
    }

    /** exp, ln, log (base 10) or cbrt of a special value. */
    static Object expLog(final String fn, final NumericSpecial v) {
        if (v.isNaN() || fn.equals("cbrt")) {
            return v;
        }
        if (fn.equals("exp")) {
            return v.signum() > 0 ? v : BigDecimal.ZERO;
        }
        if (v.signum() < 0) {
            throw new SqlException("2201E", "cannot take logarithm of a negative number");
        }
        return v;
    }

    /** numeric_power with a special operand: POSIX pow(3)'s rules, as PostgreSQL 15. */
    static Object power(final Object x, final Object y) {
        if (x == NAN) {
            return !special(y) && sign(y) == 0 ? BigDecimal.ONE : NAN;
        }
        if (y == NAN) {
            return !special(x) && Values.decimal(x).compareTo(BigDecimal.ONE) == 0 ? BigDecimal.ONE : NAN;
        }
        final int sx = sign(x);
        final int sy = sign(y);
        if (sx == 0 && sy < 0) {
            throw new SqlException("2201F", "zero raised to a negative power is undefined");
        }
        if (sx < 0 && !special(y) && !integral(Values.decimal(y))) {
            throw new SqlException("2201F", "a negative number raised to a non-integer power yields a complex result");
        }
        if (!special(x) && Values.decimal(x).compareTo(BigDecimal.ONE) == 0 || sy == 0) {
            return BigDecimal.ONE;
        }
        if (sx == 0) {
            return BigDecimal.ZERO;
        }
        if (special(y)) {
            final boolean absGtOne;
            if (special(x)) {
                absGtOne = true;
            } else {
                final BigDecimal d = Values.decimal(x);
                if (d.compareTo(BigDecimal.ONE.negate()) == 0) {
                    return BigDecimal.ONE;
                }
                absGtOne = d.abs().compareTo(BigDecimal.ONE) > 0;
            }
            return absGtOne == sy > 0 ? NumericSpecial.POSITIVE_INFINITY : BigDecimal.ZERO;
        }
        if (x == NumericSpecial.POSITIVE_INFINITY) {
            return sy > 0 ? x : BigDecimal.ZERO;
        }
        // -Infinity to a finite non-zero power
        if (sy < 0) {
            return BigDecimal.ZERO;
        }
        final BigDecimal e = Values.decimal(y);
        return integral(e) && e.toBigInteger().testBit(0) ? NumericSpecial.NEGATIVE_INFINITY : NumericSpecial.POSITIVE_INFINITY;
    }

    private static boolean integral(final BigDecimal d) {
        return d.signum() == 0 || d.stripTrailingZeros().scale() <= 0;
    }

    /** A special value cast to an integer type (0A000, as numeric_int4 and friends). */
    static SqlException toInteger(final NumericSpecial v, final int kind) {
        return new SqlException("0A000", "cannot convert " + (v.isNaN() ? "NaN" : "infinity") + " to "
            + (kind == 0 ? "smallint" : kind == 1 ? "integer" : "bigint"));
    }

    /** numeric(p,s) of a special value: NaN fits, an infinity does not (22003). */
    static NumericSpecial typmod(final NumericSpecial v, final int precision, final int scale) {
        if (v.isNaN()) {
            return v;
        }
        throw new SqlException("22003", "numeric field overflow", "A field with precision " + precision
            + ", scale " + scale + " cannot hold an infinite value.", null, 0, null);
    }
}
