package io.stratum.compute.sql.analyze;

import io.stratum.compute.exec.Builtins;
import io.stratum.compute.exec.Expr;
import io.stratum.compute.exec.Exprs;
import io.stratum.compute.exec.MoreExprs;
import io.stratum.compute.exec.OutCol;
import io.stratum.compute.exec.SqlTypes;
import io.stratum.compute.exec.Values;
import io.stratum.compute.session.SqlException;
import io.stratum.compute.types.PgType;
import java.math.BigDecimal;
import java.util.List;

/** Set-returning functions (generate_series, unnest, _pg_expandarray, regexp_split_to_table, ...). */
final class SetReturning {
    private SetReturning() {
    }

    /** A set-returning function call: its per-row value list producer and its columns. */
    record Srf(Expr expr, List<OutCol> columns) {
    }

    /** unnest(a, b, ...) in FROM: one column per array, as many rows as the longest, NULLs past a shorter one's end. */
    private static Srf unnestMany(final List<Expr> args, final BindContext ctx, final int pos) {
        final Expr[] ev = new Expr[args.size()];
        final List<OutCol> cols = new java.util.ArrayList<>();
        for (int i = 0; i < ev.length; i++) {
            ev[i] = args.get(i).type() == PgType.UNKNOWN ? Coerce.to(args.get(i), PgType.TEXT_ARRAY, ctx) : args.get(i);
            final PgType el = SqlTypes.elementType(ev[i].type());
            if (el == null) {
                throw Functions.noFunction("unnest", args, pos);
            }
            cols.add(new OutCol("unnest", el, EnumBinder.isEnum(el) ? ev[i].typmod() : -1, 0, 0));
        }
        final Expr call = new Exprs.Call("unnest", PgType.RECORD, (v, cx) -> {
            final Object[][] flat = new Object[v.length][];
            int rows = 0;
            for (int i = 0; i < v.length; i++) {
                flat[i] = v[i] == null ? new Object[0] : io.stratum.compute.types.ArrayValues.flatten((Object[]) v[i]);
                rows = Math.max(rows, flat[i].length);
            }
            final List<Object> out = new java.util.ArrayList<>(rows);
            for (int r = 0; r < rows; r++) {
                final Object[] row = new Object[v.length];
                for (int i = 0; i < v.length; i++) {
                    row[i] = r < flat[i].length ? flat[i][r] : null;
                }
                out.add(row);
            }
            return out;
        }, ev, false);
        return new Srf(call, List.copyOf(cols));
    }

    static Srf srf(final String name, final List<Expr> args, final BindContext ctx, final int pos) {
        switch (name) {
            case "generate_series": {
                if (args.size() < 2) {
                    throw Functions.noFunction(name, args, pos);
                }
                Expr a = args.get(0);
                Expr b = args.get(1);
                Expr step = args.size() > 2 ? args.get(2) : null;
                PgType t = Coerce.common(args.subList(0, 2), "generate_series", pos);
                if (t == PgType.TEXT) {
                    t = PgType.INT4;
                }
                final boolean temporal = SqlTypes.category(t) == 'D';
                if (temporal && t == PgType.DATE) {
                    t = PgType.TIMESTAMP;
                }
                if (SqlTypes.category(t) != 'N' && !temporal) {
                    throw Functions.noFunction(name, args, pos);
                }
                if (t == PgType.INT2) {
                    t = PgType.INT4;
                }
                final PgType tt = t;
                a = Coerce.to(a, t, ctx);
                b = Coerce.to(b, t, ctx);
                if (step != null) {
                    step = Coerce.to(step, temporal ? PgType.INTERVAL : t, ctx);
                }
                final Expr[] ev = step == null ? new Expr[] {a, b} : new Expr[] {a, b, step};
                final Expr call = new Exprs.Call(name, t, (v, cx) -> series(v, tt, cx.zone()), ev, true);
                return new Srf(call, List.of(OutCol.of(name, t)));
            }
            case "unnest": {
                if (args.size() > 1) {
                    return unnestMany(args, ctx, pos);
                }
                Expr a = args.get(0);
                if (a.type() == PgType.UNKNOWN) {
                    a = Coerce.to(a, PgType.TEXT_ARRAY, ctx);
                }
                PgType el = SqlTypes.elementType(a.type());
                if (el == null) {
                    throw Functions.noFunction(name, args, pos);
                }
                final Expr call = new Exprs.Call(name, el, (v, cx) -> java.util.Arrays.asList(
                    io.stratum.compute.types.ArrayValues.flatten((Object[]) v[0])), new Expr[] {a}, true)
                    .withTypmod(EnumBinder.isEnum(el) ? a.typmod() : -1);
                return new Srf(call, List.of(new OutCol(name, el, EnumBinder.isEnum(el) ? a.typmod() : -1, 0, 0)));
            }
            case "_pg_expandarray": {
                final Expr a = args.get(0);
                PgType el = SqlTypes.elementType(a.type());
                if (el == null) {
                    el = PgType.INT2;
                }
                final Expr call = new Exprs.Call(name, PgType.RECORD, (v, cx) -> {
                    final Object[] arr = (Object[]) v[0];
                    final java.util.List<Object> out = new java.util.ArrayList<>();
                    for (int i = 0; i < arr.length; i++) {
                        out.add(new Object[] {arr[i], i + 1});
                    }
                    return out;
                }, new Expr[] {a}, true);
                return new Srf(call, List.of(OutCol.of("x", el), OutCol.of("n", PgType.INT4)));
            }
            case "regexp_split_to_table": {
                final Expr s = Coerce.to(args.get(0), PgType.TEXT, ctx);
                final Expr p = Coerce.to(args.get(1), PgType.TEXT, ctx);
                final Expr call = new Exprs.Call(name, PgType.TEXT, (v, cx) -> java.util.Arrays.asList(
                    (Object[]) MoreExprs.regex((String) v[1], false).split((String) v[0], -1)), new Expr[] {s, p}, true);
                return new Srf(call, List.of(OutCol.of(name, PgType.TEXT)));
            }
            case "pg_partition_ancestors": {
                final Expr call = new Exprs.Call(name, PgType.REGCLASS, (v, cx) -> List.of(v[0]), new Expr[] {Coerce.to(args.get(0),
                    PgType.REGCLASS, ctx)}, true);
                return new Srf(call, List.of(OutCol.of("relid", PgType.REGCLASS)));
            }
            case "stratum_branch_list":
            case "stratum_diff": {
                // answered by the session's branch functions (io.stratum.compute.engine.BranchSql)
                final boolean diff = name.equals("stratum_diff");
                if (args.size() != (diff ? 3 : 0)) {
                    throw Functions.noFunction(name, args, pos);
                }
                final Expr[] ev = new Expr[args.size()];
                for (int i = 0; i < ev.length; i++) {
                    ev[i] = Coerce.to(args.get(i), PgType.TEXT, ctx);
                }
                final Expr call = new Exprs.Call(name, PgType.RECORD, (v, cx) -> cx.env().call(name, v), ev, true);
                return new Srf(call, diff ? List.of(OutCol.of("to_row", PgType.TEXT), OutCol.of("to_commit", PgType.TEXT),
                    OutCol.of("from_row", PgType.TEXT), OutCol.of("from_commit", PgType.TEXT),
                    OutCol.of("diff_type", PgType.TEXT))
                    : List.of(OutCol.of("name", PgType.TEXT), OutCol.of("parent", PgType.TEXT),
                    OutCol.of("branch_lsn", PgType.TEXT), OutCol.of("branch_time", PgType.TEXT),
                    OutCol.of("last_record_lsn", PgType.TEXT), OutCol.of("protected", PgType.BOOL),
                    OutCol.of("connection", PgType.TEXT)));
            }
            default:
                if (JsonBinder.SRFS.contains(name)) {
                    return JsonBinder.srf(name, args, ctx, pos);
                }
                throw new SqlException("0A000", "set-returning function " + name + " is not supported", null, null, pos + 1, null);
        }
    }

    private static List<Object> series(final Object[] v, final PgType t, final java.time.ZoneId zone) {
        final List<Object> out = new java.util.ArrayList<>();
        if (SqlTypes.category(t) == 'D') {
            Object cur = v[0];
            final io.stratum.compute.types.Interval step = (io.stratum.compute.types.Interval) v[2];
            if (step.signum() == 0) {
                throw new SqlException("22023", "step size cannot equal zero");
            }
            while (step.signum() < 0 ? Values.compare(cur, v[1]) >= 0 : Values.compare(cur, v[1]) <= 0) {
                out.add(cur);
                cur = Builtins.addTemporal(cur, step, false, zone);
                if (out.size() > 50_000_000) {
                    throw new SqlException("54000", "generate_series result too large");
                }
            }
            return out;
        }
        if (t == PgType.NUMERIC) {
            final String[] what = {"start value", "stop value", "step size"};
            for (int i = 0; i < v.length; i++) {
                if (v[i] instanceof io.stratum.compute.types.NumericSpecial s) {
                    throw new SqlException("22023", what[i] + " cannot be " + (s.isNaN() ? "NaN" : "infinity"));
                }
            }
            BigDecimal cur = Values.decimal(v[0]);
            final BigDecimal end = Values.decimal(v[1]);
            final BigDecimal step = v.length > 2 ? Values.decimal(v[2]) : BigDecimal.ONE;
            if (step.signum() == 0) {
                throw new SqlException("22023", "step size cannot equal zero");
            }
            while (step.signum() > 0 ? cur.compareTo(end) <= 0 : cur.compareTo(end) >= 0) {
                out.add(cur);
                cur = cur.add(step);
            }
            return out;
        }
        final long a = ((Number) v[0]).longValue();
        final long b = ((Number) v[1]).longValue();
        final long step = v.length > 2 ? ((Number) v[2]).longValue() : 1;
        if (step == 0) {
            throw new SqlException("22023", "step size cannot equal zero");
        }
        if ((b - a) / step > 50_000_000L) {
            throw new SqlException("54000", "generate_series result too large");
        }
        for (long x = a; step > 0 ? x <= b : x >= b; x += step) {
            out.add(t == PgType.INT4 ? (Object) (int) x : (Object) x);
        }
        return out;
    }

}
