package io.stratum.compute.sql.analyze;

import io.stratum.compute.exec.Builtins;
import io.stratum.compute.exec.Casts;
import io.stratum.compute.exec.Expr;
import io.stratum.compute.exec.Exprs;
import io.stratum.compute.exec.MoreExprs;
import io.stratum.compute.exec.SqlTypes;
import io.stratum.compute.exec.Values;
import io.stratum.compute.session.SqlException;
import io.stratum.compute.types.Interval;
import io.stratum.compute.types.PgType;
import java.util.List;

/** Operator resolution as PostgreSQL does it for the built-in operators. */
final class Operators {
    static final String HINT = "No operator matches the given name and argument types. You might need to add explicit type casts.";

    private Operators() {
    }

    static SqlException noOperator(final String op, final PgType l, final PgType r, final int pos) {
        return new SqlException("42883", "operator does not exist: " + SqlTypes.displayName(l) + " " + op + " "
            + SqlTypes.displayName(r), null, HINT, pos + 1, null);
    }

    /** Brings two operands of a comparison to comparable types (unknowns adopt the other side's type). */
    static Expr[] unify(Expr l, Expr r, final String op, final BindContext ctx, final int pos) {
        final PgType lt = l.type();
        final PgType rt = r.type();
        if (EnumBinder.isEnum(lt) || EnumBinder.isEnum(rt)) {
            return EnumBinder.unify(l, r, op, ctx, pos);
        }
        if (lt == PgType.UNKNOWN && rt == PgType.UNKNOWN) {
            return new Expr[] {Coerce.to(l, PgType.TEXT, ctx), Coerce.to(r, PgType.TEXT, ctx)};
        }
        if (lt == PgType.UNKNOWN) {
            return new Expr[] {Coerce.to(l, rt, ctx), r};
        }
        if (rt == PgType.UNKNOWN) {
            return new Expr[] {l, Coerce.to(r, lt, ctx)};
        }
        if (lt == rt) {
            return new Expr[] {l, r};
        }
        final char cl = SqlTypes.category(lt);
        final char cr = SqlTypes.category(rt);
        if (cl == cr && cl != 'U') {
            if (cl == 'D' && (lt == PgType.TIMESTAMPTZ) != (rt == PgType.TIMESTAMPTZ)) {
                return lt == PgType.TIMESTAMPTZ ? new Expr[] {l, Coerce.to(r, lt, ctx)} : new Expr[] {Coerce.to(l, rt, ctx), r};
            }
            if (cl == 'A') {
                // anyarray: both sides of one array type (integer[] = bigint[] does not exist)
                throw noOperator(op, lt, rt, pos);
            }
            return new Expr[] {l, r};
        }
        if ((lt == PgType.INT2VECTOR || lt == PgType.OIDVECTOR) && cr == 'A' || (rt == PgType.INT2VECTOR || rt == PgType.OIDVECTOR) && cl == 'A') {
            return new Expr[] {l, r};
        }
        throw noOperator(op, lt, rt, pos);
    }

    static Expr compare(final String op, final Expr l, final Expr r, final BindContext ctx, final int pos) {
        if (l instanceof MoreExprs.RowOf && r instanceof MoreExprs.RowOf) {
            // a row comparison resolves its operator field by field, as PostgreSQL's make_row_comparison_op does:
            // (1, 2) = (1, 'a') reads 'a' as an integer (22P02), (1, 2) = (1, 'a'::text) has no operator (42883)
            final List<Expr> lf = ((MoreExprs.RowOf) l).fields();
            final List<Expr> rf = ((MoreExprs.RowOf) r).fields();
            if (lf.size() != rf.size()) {
                throw new SqlException("42601", "unequal number of entries in row expressions", null, null, pos + 1, null);
            }
            final List<Expr> a = new java.util.ArrayList<>(lf.size());
            final List<Expr> b = new java.util.ArrayList<>(rf.size());
            for (int i = 0; i < lf.size(); i++) {
                final Expr[] p = unify(lf.get(i), rf.get(i), op, ctx, pos);
                a.add(p[0]);
                b.add(p[1]);
            }
            return new Exprs.RowCmp(op, a, b);
        }
        final Expr[] lr = unify(l, r, op, ctx, pos);
        return new Exprs.Cmp(op, lr[0], lr[1]);
    }

    static Expr binary(final String op, Expr l, Expr r, final BindContext ctx, final int pos) {
        if (JsonBinder.handles(op, l, r)) {
            return JsonBinder.binary(op, l, r, ctx, pos);
        }
        final Expr arr = ArrayBinder.operator(op, l, r, ctx, pos);
        if (arr != null) {
            return arr;
        }
        switch (op) {
            case "=": case "<>": case "<": case "<=": case ">": case ">=":
                return compare(op, l, r, ctx, pos);
            case "+": case "-": case "*": case "/": case "%":
                return arithmetic(op.charAt(0), l, r, ctx, pos);
            case "^": {
                if (l.type() == PgType.UNKNOWN) {
                    l = Coerce.to(l, PgType.FLOAT8, ctx);
                }
                if (r.type() == PgType.UNKNOWN) {
                    r = Coerce.to(r, PgType.FLOAT8, ctx);
                }
                final boolean num = l.type() == PgType.NUMERIC || r.type() == PgType.NUMERIC;
                return new Exprs.Call("power", num ? PgType.NUMERIC : PgType.FLOAT8, (a, cx) -> Builtins.power(a[0], a[1]),
                    new Expr[] {l, r}, true);
            }
            case "||":
                return concat(l, r, ctx);
            case "~": case "!~": case "~*": case "!~*":
                return new MoreExprs.Match(Coerce.to(l, PgType.TEXT, ctx), Coerce.to(r, PgType.TEXT, ctx), false,
                    op.endsWith("*"), op.startsWith("!"));
            case "~~": case "!~~": case "~~*": case "!~~*":
                return new MoreExprs.Match(Coerce.to(l, PgType.TEXT, ctx), Coerce.to(r, PgType.TEXT, ctx), true,
                    op.endsWith("*"), op.startsWith("!"));
            case "&": case "|": case "#": case "<<": case ">>": {
                final Expr[] lr = numericPair(l, r, ctx);
                if (SqlTypes.numericRank(lr[0].type()) > 2 || SqlTypes.numericRank(lr[1].type()) > 2
                    || SqlTypes.numericRank(lr[0].type()) < 0 || SqlTypes.numericRank(lr[1].type()) < 0) {
                    throw noOperator(op, l.type(), r.type(), pos);
                }
                final PgType t = SqlTypes.byRank(Math.max(SqlTypes.numericRank(lr[0].type()), SqlTypes.numericRank(lr[1].type())));
                return new Exprs.Call(op, t, (a, cx) -> {
                    final long x = ((Number) a[0]).longValue();
                    final long y = ((Number) a[1]).longValue();
                    final long v = op.equals("&") ? x & y : op.equals("|") ? x | y : op.equals("#") ? x ^ y
                        : op.equals("<<") ? x << y : x >> y;
                    return t == PgType.INT8 ? (Object) v : t == PgType.INT4 ? (Object) (int) v : (Object) (short) v;
                }, lr, true);
            }
            case "@>": case "<@": case "&&": {
                if (l.type() == PgType.UNKNOWN) {
                    l = Coerce.to(l, r.type(), ctx);
                }
                if (r.type() == PgType.UNKNOWN) {
                    r = Coerce.to(r, l.type(), ctx);
                }
                return new Exprs.Call(op, PgType.BOOL, (a, cx) -> {
                    final Object[] x = (Object[]) a[0];
                    final Object[] y = (Object[]) a[1];
                    if (op.equals("&&")) {
                        for (final Object v : x) {
                            if (Builtins.arrayPosition(y, v) != null) {
                                return true;
                            }
                        }
                        return false;
                    }
                    final Object[] big = op.equals("@>") ? x : y;
                    final Object[] small = op.equals("@>") ? y : x;
                    for (final Object v : small) {
                        if (Builtins.arrayPosition(big, v) == null) {
                            return false;
                        }
                    }
                    return true;
                }, new Expr[] {l, r}, true);
            }
            default:
                throw noOperator(op, l.type(), r.type(), pos);
        }
    }

    private static Expr[] numericPair(Expr l, Expr r, final BindContext ctx) {
        if (l.type() == PgType.UNKNOWN && r.type() == PgType.UNKNOWN) {
            l = Coerce.to(l, PgType.NUMERIC, ctx);
        }
        if (l.type() == PgType.UNKNOWN) {
            l = Coerce.to(l, r.type(), ctx);
        }
        if (r.type() == PgType.UNKNOWN) {
            r = Coerce.to(r, l.type(), ctx);
        }
        return new Expr[] {l, r};
    }

    private static Expr arithmetic(final char op, Expr l, Expr r, final BindContext ctx, final int pos) {
        final char cl0 = SqlTypes.category(l.type());
        final char cr0 = SqlTypes.category(r.type());
        if ((cl0 == 'D' || cl0 == 'T') && r.type() == PgType.UNKNOWN) {
            r = Coerce.to(r, op == '-' && cl0 == 'D' && l.type() != PgType.DATE ? l.type()
                : (l.type() == PgType.DATE && op != '*' ? PgType.INTERVAL : PgType.INTERVAL), ctx);
            if (op == '*' || op == '/') {
                r = Coerce.to(r, PgType.FLOAT8, ctx);
            }
        }
        if ((cr0 == 'D' || cr0 == 'T') && l.type() == PgType.UNKNOWN) {
            l = Coerce.to(l, op == '-' ? r.type() : PgType.INTERVAL, ctx);
        }
        final Expr[] lr = numericPair(l, r, ctx);
        l = lr[0];
        r = lr[1];
        final PgType lt = l.type();
        final PgType rt = r.type();
        final char cl = SqlTypes.category(lt);
        final char cr = SqlTypes.category(rt);
        if (cl == 'N' && cr == 'N') {
            final int rl = SqlTypes.isOidLike(lt) ? 2 : SqlTypes.numericRank(lt);
            final int rr = SqlTypes.isOidLike(rt) ? 2 : SqlTypes.numericRank(rt);
            // float4 with another numeric type resolves to float8, PostgreSQL's preferred type of the category
            final int rank = rl != rr && Math.max(rl, rr) == 4 ? 5 : Math.max(rl, rr);
            return new Exprs.Arith(op, l, r, SqlTypes.byRank(rank));
        }
        final Expr a = l;
        final Expr b = r;
        if (op == '+' || op == '-') {
            if ((cl == 'D' || cl == 'T') && rt == PgType.INTERVAL) {
                final PgType res = lt == PgType.DATE ? PgType.TIMESTAMP : lt;
                return new Exprs.Call(String.valueOf(op), res, (v, cx) -> Builtins.addTemporal(v[0], v[1], op == '-', cx.zone()), new Expr[] {a, b}, true);
            }
            if (op == '+' && lt == PgType.INTERVAL && cr == 'D') {
                final PgType res = rt == PgType.DATE ? PgType.TIMESTAMP : rt;
                return new Exprs.Call("+", res, (v, cx) -> Builtins.addTemporal(v[1], v[0], false, cx.zone()), new Expr[] {a, b}, true);
            }
            if (lt == PgType.DATE && (rt == PgType.INT4 || rt == PgType.INT2 || rt == PgType.INT8)) {
                return new Exprs.Call(String.valueOf(op), PgType.DATE, (v, cx) -> Builtins.addTemporal(v[0],
                    ((Number) v[1]).intValue(), op == '-', cx.zone()), new Expr[] {a, b}, true);
            }
            if (op == '+' && rt == PgType.DATE && (lt == PgType.INT4 || lt == PgType.INT2)) {
                return new Exprs.Call("+", PgType.DATE, (v, cx) -> Builtins.addTemporal(v[1], ((Number) v[0]).intValue(), false, cx.zone()),
                    new Expr[] {a, b}, true);
            }
            if (op == '-' && cl == 'D' && cr == 'D') {
                final PgType res = lt == PgType.DATE && rt == PgType.DATE ? PgType.INT4 : PgType.INTERVAL;
                final boolean tz = lt == PgType.TIMESTAMPTZ || rt == PgType.TIMESTAMPTZ;
                final Expr x = tz ? Coerce.to(a, PgType.TIMESTAMPTZ, ctx) : a;
                final Expr y = tz ? Coerce.to(b, PgType.TIMESTAMPTZ, ctx) : b;
                return new Exprs.Call("-", res, (v, cx) -> Builtins.subtractTemporal(v[0], v[1]), new Expr[] {x, y}, true);
            }
        }
        if (lt == PgType.INTERVAL && cr == 'N' && (op == '*' || op == '/')) {
            return new Exprs.Call(String.valueOf(op), PgType.INTERVAL, (v, cx) -> op == '*'
                ? ((Interval) v[0]).multiply(((Number) v[1]).doubleValue())
                : ((Interval) v[0]).divide(((Number) v[1]).doubleValue()), new Expr[] {a, b}, true);
        }
        if (rt == PgType.INTERVAL && cl == 'N' && op == '*') {
            return new Exprs.Call("*", PgType.INTERVAL, (v, cx) -> ((Interval) v[1]).multiply(((Number) v[0]).doubleValue()),
                new Expr[] {a, b}, true);
        }
        throw noOperator(String.valueOf(op), lt, rt, pos);
    }

    private static Expr concat(Expr l, Expr r, final BindContext ctx) {
        if (SqlTypes.isArray(l.type()) || SqlTypes.isArray(r.type())) {
            final PgType t = SqlTypes.isArray(l.type()) ? l.type() : r.type();
            final Expr a = Coerce.to(l, SqlTypes.isArray(l.type()) || l.type() != PgType.UNKNOWN ? l.type() : t, ctx);
            final Expr b = r;
            return new Exprs.Call("||", t, (v, cx) -> {
                final java.util.List<Object> out = new java.util.ArrayList<>();
                add(out, v[0]);
                add(out, v[1]);
                return out.toArray();
            }, new Expr[] {a, b}, false);
        }
        final Expr a = l.type() == PgType.UNKNOWN ? Coerce.to(l, PgType.TEXT, ctx) : l;
        final Expr b = r.type() == PgType.UNKNOWN ? Coerce.to(r, PgType.TEXT, ctx) : r;
        final PgType at = a.type();
        final PgType bt = b.type();
        return new Exprs.Call("||", PgType.TEXT, (v, cx) -> Casts.toText(v[0], at, cx.zone()) + Casts.toText(v[1], bt, cx.zone()),
            new Expr[] {a, b}, true);
    }

    private static void add(final java.util.List<Object> out, final Object v) {
        if (v instanceof Object[]) {
            java.util.Collections.addAll(out, (Object[]) v);
        } else if (v != null) {
            out.add(v);
        }
    }

    /** Whether two values are equal under SQL equality (non-null). */
    static boolean eq(final Object a, final Object b) {
        return Values.compare(a, b) == 0;
    }
}
