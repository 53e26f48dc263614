package io.stratum.compute.sql.analyze;

import io.stratum.compute.exec.Aggregate;
import io.stratum.compute.exec.Expr;
import io.stratum.compute.exec.Exprs;
import io.stratum.compute.exec.SortNodes;
import io.stratum.compute.exec.SqlTypes;
import io.stratum.compute.exec.Window;
import io.stratum.compute.session.SqlException;
import io.stratum.compute.sql.ast.FrameBound;
import io.stratum.compute.sql.ast.FrameMode;
import io.stratum.compute.sql.ast.FuncCall;
import io.stratum.compute.sql.ast.OrderItem;
import io.stratum.compute.sql.ast.WindowFrame;
import io.stratum.compute.types.PgType;
import java.util.ArrayList;
import java.util.List;

/** Binds aggregate calls (into the SELECT's aggregation state) and window function calls (appended columns). */
final class CallBinder {
    private CallBinder() {
    }

    static Expr aggregate(final ExprBinder eb, final FuncCall f) {
        if (eb.agg == null) {
            throw ExprBinder.err("42803", "aggregate functions are not allowed " + (eb.clause == null ? "here" : "in " + eb.clause),
                f.pos());
        }
        final ExprBinder pre = new ExprBinder(eb.binder, eb.agg.preScope);
        final String name = f.name().name();
        Expr arg = null;
        Expr arg2 = null;
        if (!f.star() && !f.args().isEmpty()) {
            arg = pre.bind(f.args().get(0));
            if (name.startsWith("json")) {
                arg = JsonBinder.rowAsJson(arg);
            }
            if (f.args().size() > 1) {
                arg2 = pre.bind(f.args().get(1));
                if (!name.endsWith("_object_agg") || arg2.type() == PgType.UNKNOWN) {
                    arg2 = Coerce.to(arg2, PgType.TEXT, eb.ctx);
                }
            }
        }
        final Expr filter = f.filter() == null ? null : Coerce.toBool(pre.bind(f.filter()), "FILTER", eb.ctx, f.pos());
        final List<SortNodes.Key> order = new ArrayList<>();
        for (final OrderItem o : f.orderBy()) {
            order.add(pre.sortKey(o, pre.bind(o.expr())));
        }
        final String kind = f.star() || (name.equals("count") && arg == null) ? "count_star" : name.equals("every") ? "bool_and" : name;
        if (arg != null && arg.type() == PgType.UNKNOWN) {
            if (kind.equals("sum") || kind.equals("avg")) {
                throw new SqlException("42725", "function " + name + "(unknown) is not unique", null,
                    "Could not choose a best candidate function. You might need to add explicit type casts.", f.pos() + 1, null);
            }
            arg = Coerce.to(arg, PgType.TEXT, eb.ctx);
        }
        final PgType type = Functions.aggregateType(kind, arg == null ? null : arg.type(), f.pos());
        if ((kind.equals("bool_and") || kind.equals("bool_or")) && arg.type() != PgType.BOOL) {
            throw new SqlException("42883", "function " + name + "(" + SqlTypes.displayName(arg.type()) + ") does not exist",
                null, Operators.HINT.replace("operator", "function"), f.pos() + 1, null);
        }
        final Aggregate.Spec spec = new Aggregate.Spec(kind, arg, arg2, f.distinct(), filter, order, type);
        final String fp = kind + "(" + (f.distinct() ? "distinct " : "") + (arg == null ? "*" : arg.explain())
            + (arg2 == null ? "" : "," + arg2.explain()) + (filter == null ? "" : " filter " + filter.explain())
            + (order.isEmpty() ? "" : " order " + order) + ")";
        int idx = eb.agg.aggFps.indexOf(fp);
        if (idx < 0) {
            eb.agg.aggs.add(spec);
            eb.agg.aggFps.add(fp);
            idx = eb.agg.aggs.size() - 1;
        }
        // min / max / array_agg of an enum: the enum type (its OID in the typmod)
        return new Exprs.Col(eb.agg.keys.size() + idx, type, name).withTypmod(arg != null && EnumBinder.isEnum(type)
            ? arg.typmod() : -1);
    }


    static Expr window(final ExprBinder eb, final FuncCall f) {
        if (eb.appended == null) {
            throw ExprBinder.err("42P20", "window functions are not allowed here", f.pos());
        }
        final String name = f.name().name();
        final ExprBinder.Appended saved = eb.appended;
        eb.appended = null;
        try {
            final List<Expr> parts = new ArrayList<>();
            for (final io.stratum.compute.sql.ast.Expr p : f.over().partitionBy()) {
                parts.add(eb.bind(p));
            }
            final List<SortNodes.Key> order = new ArrayList<>();
            for (final OrderItem o : f.over().orderBy()) {
                order.add(eb.sortKey(o, eb.bind(o.expr())));
            }
            Expr arg = f.star() || f.args().isEmpty() ? null : eb.bind(f.args().get(0));
            if (arg != null && arg.type() == PgType.UNKNOWN) {
                arg = Coerce.to(arg, PgType.TEXT, eb.ctx);
            }
            final List<Expr> extra = new ArrayList<>();
            final PgType type;
            switch (name) {
                case "row_number": case "rank": case "dense_rank": type = PgType.INT8; break;
                case "count": case "sum": case "avg": case "min": case "max":
                    type = Functions.aggregateType(name.equals("count") && arg == null ? "count_star" : name,
                        arg == null ? null : arg.type(), f.pos());
                    break;
                case "lag": case "lead": case "first_value": case "last_value":
                    if (arg == null || f.args().size() > (name.equals("lag") || name.equals("lead") ? 3 : 1)) {
                        throw new SqlException("42883", "function " + name + " does not exist", null, Operators.HINT.replace(
                            "operator", "function"), f.pos() + 1, null);
                    }
                    type = arg.type();
                    if (f.args().size() > 1) {
                        extra.add(Coerce.to(eb.bind(f.args().get(1)), PgType.INT4, eb.ctx));
                    }
                    if (f.args().size() > 2) {
                        extra.add(Coerce.to(eb.bind(f.args().get(2)), type, eb.ctx));
                    }
                    break;
                case "percent_rank": case "cume_dist": type = PgType.FLOAT8; break;
                case "ntile":
                    if (arg == null || f.args().size() != 1) {
                        throw Functions.noFunction(name, List.of(), f.pos());
                    }
                    type = PgType.INT4;
                    arg = Coerce.to(arg, PgType.INT4, eb.ctx);
                    break;
                case "nth_value":
                    if (arg == null || f.args().size() != 2) {
                        throw Functions.noFunction(name, List.of(), f.pos());
                    }
                    type = arg.type();
                    extra.add(Coerce.to(eb.bind(f.args().get(1)), PgType.INT4, eb.ctx));
                    break;
                default: throw ExprBinder.err("0A000", "window function " + name + " is not supported", f.pos());
            }
            saved.windows.add(new Window.Spec(name, arg, extra, parts, order, type, frame(eb, f.over().frame())));
            return new Exprs.Col(saved.base + saved.windows.size() - 1, type, name);
        } finally {
            eb.appended = saved;
        }
    }

    /** The frame clause: null for the default (RANGE UNBOUNDED PRECEDING to CURRENT ROW, the peers). */
    private static Window.Frame frame(final ExprBinder eb, final WindowFrame f) {
        if (f == null) {
            return null;
        }
        if (f.mode() != FrameMode.ROWS && f.mode() != FrameMode.RANGE || f.exclusion() != null) {
            throw ExprBinder.err("0A000", "frame mode " + f.mode() + (f.exclusion() != null ? " with EXCLUDE" : "")
                + " is not supported", f.pos());
        }
        final FrameBound end = f.end() != null ? f.end() : new FrameBound(FrameBound.Kind.CURRENT_ROW, null, f.pos());
        if (f.start().kind() == FrameBound.Kind.UNBOUNDED_FOLLOWING) {
            throw ExprBinder.err("42P20", "frame start cannot be UNBOUNDED FOLLOWING", f.start().pos());
        }
        if (end.kind() == FrameBound.Kind.UNBOUNDED_PRECEDING) {
            throw ExprBinder.err("42P20", "frame end cannot be UNBOUNDED PRECEDING", end.pos());
        }
        if (f.mode() == FrameMode.RANGE && (f.start().offset() != null || end.offset() != null)) {
            throw ExprBinder.err("0A000", "RANGE with offset PRECEDING/FOLLOWING is not supported", f.pos());
        }
        return new Window.Frame(f.mode() == FrameMode.ROWS, Window.Bound.valueOf(f.start().kind().name()),
            offset(eb, f.start()), Window.Bound.valueOf(end.kind().name()), offset(eb, end));
    }

    private static Expr offset(final ExprBinder eb, final FrameBound b) {
        return b.offset() == null ? null : Coerce.to(eb.bind(b.offset()), PgType.INT8, eb.ctx);
    }

    /** The prefix operators {@code |/} (square root), {@code ||/} (cube root) and {@code @} (absolute value). */
    static Expr prefixMath(final String op, final Expr operand, final BindContext ctx, final int pos) {
        Expr x = operand;
        if (op.equals("@")) {
            if (x.type() == PgType.UNKNOWN) {
                x = Coerce.to(x, PgType.NUMERIC, ctx);
            }
            if (SqlTypes.category(x.type()) != 'N') {
                throw new SqlException("42883", "operator does not exist: @ " + SqlTypes.displayName(x.type()), null,
                    Operators.HINT, pos + 1, null);
            }
            return new Exprs.Call("@", x.type(), (a, cx) -> io.stratum.compute.exec.Builtins.abs(a[0]), new Expr[] {x}, true);
        }
        if (SqlTypes.category(x.type()) != 'N' && x.type() != PgType.UNKNOWN) {
            throw new SqlException("42883", "operator does not exist: " + op + " " + SqlTypes.displayName(x.type()), null,
                Operators.HINT, pos + 1, null);
        }
        x = Coerce.to(x, PgType.FLOAT8, ctx);
        final boolean sqrt = op.equals("|/");
        return new Exprs.Call(op, PgType.FLOAT8, (a, cx) -> {
            final double d = ((Number) a[0]).doubleValue();
            if (sqrt && d < 0) {
                throw new SqlException("2201F", "cannot take square root of a negative number");
            }
            return sqrt ? Math.sqrt(d) : Math.cbrt(d);
        }, new Expr[] {x}, true);
    }

    /** [NOT] LIKE / ILIKE [ESCAPE c]: text operands only (42883 otherwise), the escape character mapped to backslash. */
    static Expr like(final ExprBinder eb, final io.stratum.compute.sql.ast.Like l, final Expr operand, final Expr pattern) {
        final boolean ci = l.kind() == io.stratum.compute.sql.ast.LikeKind.ILIKE;
        for (final Expr x : new Expr[] {operand, pattern}) {
            if (x.type() != PgType.UNKNOWN && !SqlTypes.isString(x.type())) {
                throw new SqlException("42883", "operator does not exist: " + SqlTypes.displayName(operand.type()) + " "
                    + (l.not() ? "!" : "") + (ci ? "~~*" : "~~") + " " + SqlTypes.displayName(pattern.type()), null,
                    Operators.HINT, l.pos() + 1, null);
            }
        }
        Expr p = Coerce.to(pattern, PgType.TEXT, eb.ctx);
        if (l.escape() != null) {
            final Expr esc = Coerce.to(eb.bind(l.escape()), PgType.TEXT, eb.ctx);
            p = new Exprs.Call("like_escape", PgType.TEXT, (a, cx) -> likeEscape((String) a[0], (String) a[1]),
                new Expr[] {p, esc}, true);
        }
        return new io.stratum.compute.exec.MoreExprs.Match(Coerce.to(operand, PgType.TEXT, eb.ctx), p, true, ci, l.not());
    }

    /** Rewrites a LIKE pattern with escape character {@code esc} ('' = none) to the backslash-escaped form. */
    static String likeEscape(final String pattern, final String esc) {
        if (esc.codePointCount(0, esc.length()) > 1) {
            throw new SqlException("22025", "invalid escape string", null, "Escape string must be empty or one character.", 0, null);
        }
        final StringBuilder sb = new StringBuilder(pattern.length() + 4);
        for (int i = 0; i < pattern.length(); i++) {
            final char c = pattern.charAt(i);
            if (!esc.isEmpty() && c == esc.charAt(0)) {
                if (i + 1 < pattern.length()) {
                    sb.append('\\').append(pattern.charAt(++i));
                }
            } else if (c == '\\') {
                sb.append("\\\\");
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** A SIMILAR TO pattern as a java.util.regex pattern. */
    static String similarToRegex(final String p) {
        final StringBuilder sb = new StringBuilder("^(?:");
        for (final char c : p.toCharArray()) {
            switch (c) {
                case '%': sb.append(".*"); break;
                case '_': sb.append('.'); break;
                case '.': case '^': case '$': sb.append('\\').append(c); break;
                default: sb.append(c);
            }
        }
        return sb.append(")$").toString();
    }

}
