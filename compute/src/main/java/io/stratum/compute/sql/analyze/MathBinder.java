package io.stratum.compute.sql.analyze;

import io.stratum.compute.exec.Expr;
import io.stratum.compute.exec.Exprs;
import io.stratum.compute.session.SqlException;
import io.stratum.compute.types.NumericSpecial;
import io.stratum.compute.types.PgType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * Numeric functions PostgreSQL 15 has beside the arithmetic: {@code scale}, {@code min_scale}, {@code trim_scale}
 * (numeric.c), {@code width_bucket(operand, low, high, count)} for numeric and double precision (numeric.c,
 * float.c) and {@code width_bucket(operand, thresholds)} (arrayfuncs.c), with their errors. The value rules live here once; the binder only picks the variant.
 */
final class MathBinder {
    private MathBinder() {
    }

    /** The call, or null when {@code name} is none of these. */
    static Expr function(final String name, final List<Expr> args, final BindContext ctx, final int pos) {
        switch (name) {
            case "scale": case "min_scale": case "trim_scale": {
                if (args.size() != 1 || !numericLike(args.get(0).type())) {
                    throw Functions.noFunction(name, args, pos);
                }
                final Expr x = Coerce.to(args.get(0), PgType.NUMERIC, ctx);
                final PgType t = name.equals("trim_scale") ? PgType.NUMERIC : PgType.INT4;
                return new Exprs.Call(name, t, (a, cx) -> scales(name, a[0]), new Expr[] {x}, true);
            }
            case "width_bucket": {
                if (args.size() == 2) {
                    return thresholds(args, ctx, pos);
                }
                if (args.size() != 4 || !numericLike(args.get(0).type()) || !numericLike(args.get(1).type())
                    || !numericLike(args.get(2).type()) || !numericLike(args.get(3).type())) {
                    throw Functions.noFunction(name, args, pos);
                }
                // the numeric variant when an argument is numeric and none is a float, else double precision
                boolean numeric = false;
                boolean floating = false;
                for (int i = 0; i < 3; i++) {
                    numeric |= args.get(i).type() == PgType.NUMERIC;
                    floating |= args.get(i).type() == PgType.FLOAT8 || args.get(i).type() == PgType.FLOAT4;
                }
                final PgType t = numeric && !floating ? PgType.NUMERIC : PgType.FLOAT8;
                final Expr[] ev = {Coerce.to(args.get(0), t, ctx), Coerce.to(args.get(1), t, ctx), Coerce.to(args.get(2), t, ctx),
                    Coerce.to(args.get(3), PgType.INT4, ctx)};
                return new Exprs.Call(name, PgType.INT4, (a, cx) -> t == PgType.NUMERIC
                    ? widthBucketNumeric(a[0], a[1], a[2], (Integer) a[3])
                    : widthBucket(((Number) a[0]).doubleValue(), ((Number) a[1]).doubleValue(), ((Number) a[2]).doubleValue(),
                        (Integer) a[3]), ev, true);
            }
            default:
                return null;
        }
    }

    /** width_bucket(operand, thresholds): the operand and the array's elements of one type, as anyelement / anyarray. */
    private static Expr thresholds(final List<Expr> args, final BindContext ctx, final int pos) {
        final PgType arr = args.get(1).type();
        final PgType el = io.stratum.compute.exec.SqlTypes.elementType(arr);
        final PgType x = args.get(0).type();
        // anycompatible: numbers of different types compare by value
        if (el == null || !(x == el || x == PgType.UNKNOWN || numericLike(x) && numericLike(el))) {
            throw Functions.noFunction("width_bucket", args, pos);
        }
        final Expr[] ev = {x == PgType.UNKNOWN ? Coerce.to(args.get(0), el, ctx) : args.get(0), args.get(1)};
        return new Exprs.Call("width_bucket", PgType.INT4, (a, cx) -> widthBucket(a[0], (Object[]) a[1]), ev, true);
    }

    /**
     * width_bucket over a thresholds array: PostgreSQL's binary search for the first threshold above the operand
     * (so an unsorted array gives what PostgreSQL gives, not a count).
     */
    static int widthBucket(final Object x, final Object[] thresholds) {
        if (io.stratum.compute.types.ArrayValues.ndims(thresholds) > 1) {
            throw new SqlException("2202E", "thresholds must be one-dimensional array");
        }
        for (final Object t : thresholds) {
            if (t == null) {
                throw new SqlException("22004", "thresholds array must not contain NULLs");
            }
        }
        int left = 0;
        int right = thresholds.length;
        while (left < right) {
            final int mid = (left + right) >>> 1;
            if (io.stratum.compute.exec.Values.compare(x, thresholds[mid]) < 0) {
                right = mid;
            } else {
                left = mid + 1;
            }
        }
        return left;
    }

    private static boolean numericLike(final PgType t) {
        return t == PgType.UNKNOWN || t == PgType.INT2 || t == PgType.INT4 || t == PgType.INT8 || t == PgType.NUMERIC
            || t == PgType.FLOAT4 || t == PgType.FLOAT8;
    }

    /** scale (the display scale), min_scale (the least scale that keeps the value), trim_scale (the value at it). */
    static Object scales(final String fn, final Object v) {
        if (v instanceof NumericSpecial) {
            return fn.equals("trim_scale") ? v : null;
        }
        final BigDecimal d = (BigDecimal) v;
        if (fn.equals("scale")) {
            return Math.max(0, d.scale());
        }
        final BigDecimal s = d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
        final BigDecimal m = s.scale() < 0 ? s.setScale(0, RoundingMode.UNNECESSARY) : s;
        return fn.equals("min_scale") ? (Object) m.scale() : m;
    }

    private static SqlException bucketError(final String message) {
        return new SqlException("2201G", message);
    }

    private static int above(final int count) {
        if (count == Integer.MAX_VALUE) {
            throw new SqlException("22003", "integer out of range");
        }
        return count + 1;
    }

    /** width_bucket over numeric: the bucket of {@code x} among {@code count} equal ones from {@code lo} to {@code hi}. */
    static int widthBucketNumeric(final Object x, final Object lo, final Object hi, final int count) {
        if (count <= 0) {
            throw bucketError("count must be greater than zero");
        }
        if (x instanceof NumericSpecial s && s.isNaN() || lo instanceof NumericSpecial l && l.isNaN()
            || hi instanceof NumericSpecial h && h.isNaN()) {
            throw bucketError("operand, lower bound, and upper bound cannot be NaN");
        }
        if (lo instanceof NumericSpecial || hi instanceof NumericSpecial) {
            throw bucketError("lower and upper bounds must be finite");
        }
        final BigDecimal b1 = (BigDecimal) lo;
        final BigDecimal b2 = (BigDecimal) hi;
        final int cmp = b1.compareTo(b2);
        if (cmp == 0) {
            throw bucketError("lower bound cannot equal upper bound");
        }
        if (x instanceof NumericSpecial s) {
            // an infinite operand is below or above every finite bound
            final boolean pos = s == NumericSpecial.POSITIVE_INFINITY;
            return cmp < 0 ? (pos ? above(count) : 0) : (pos ? 0 : above(count));
        }
        final BigDecimal op = (BigDecimal) x;
        if (cmp < 0) {
            if (op.compareTo(b1) < 0) {
                return 0;
            }
            if (op.compareTo(b2) >= 0) {
                return above(count);
            }
            return bucket(op.subtract(b1), b2.subtract(b1), count);
        }
        if (op.compareTo(b1) > 0) {
            return 0;
        }
        if (op.compareTo(b2) <= 0) {
            return above(count);
        }
        return bucket(b1.subtract(op), b1.subtract(b2), count);
    }

    private static int bucket(final BigDecimal offset, final BigDecimal width, final int count) {
        final BigDecimal q = offset.multiply(BigDecimal.valueOf(count)).divide(width, 0, RoundingMode.FLOOR);
        return q.intValueExact() + 1;
    }

    /** width_bucket over double precision (float.c's width_bucket_float8). */
    static int widthBucket(final double x, final double lo, final double hi, final int count) {
        if (count <= 0) {
            throw bucketError("count must be greater than zero");
        }
        if (Double.isNaN(x) || Double.isNaN(lo) || Double.isNaN(hi)) {
            throw bucketError("operand, lower bound, and upper bound cannot be NaN");
        }
        if (Double.isInfinite(lo) || Double.isInfinite(hi)) {
            throw bucketError("lower and upper bounds must be finite");
        }
        if (lo == hi) {
            throw bucketError("lower bound cannot equal upper bound");
        }
        if (lo < hi) {
            if (x < lo) {
                return 0;
            }
            if (x >= hi) {
                return above(count);
            }
            return (int) (count * (x - lo) / (hi - lo)) + 1;
        }
        if (x > lo) {
            return 0;
        }
        if (x <= hi) {
            return above(count);
        }
        return (int) (count * (lo - x) / (lo - hi)) + 1;
    }
}
