package io.stratum.compute.sql.analyze;

import io.stratum.compute.exec.Aggregate;
import io.stratum.compute.exec.Builtins;
import io.stratum.compute.exec.Expr;
import io.stratum.compute.exec.Exprs;
import io.stratum.compute.exec.MoreExprs;
import io.stratum.compute.exec.OutCol;
import io.stratum.compute.exec.SortNodes;
import io.stratum.compute.exec.SqlTypes;
import io.stratum.compute.exec.Window;
import io.stratum.compute.session.SqlException;
import io.stratum.compute.sql.ast.And;
import io.stratum.compute.sql.ast.ArrayExpr;
import io.stratum.compute.sql.ast.ArraySubquery;
import io.stratum.compute.sql.ast.Between;
import io.stratum.compute.sql.ast.BinaryOp;
import io.stratum.compute.sql.ast.BitStringLit;
import io.stratum.compute.sql.ast.BoolLit;
import io.stratum.compute.sql.ast.BoolTestKind;
import io.stratum.compute.sql.ast.Case;
import io.stratum.compute.sql.ast.Cast;
import io.stratum.compute.sql.ast.Collate;
import io.stratum.compute.sql.ast.ColumnRef;
import io.stratum.compute.sql.ast.DefaultExpr;
import io.stratum.compute.sql.ast.Exists;
import io.stratum.compute.sql.ast.FieldSelect;
import io.stratum.compute.sql.ast.FuncCall;
import io.stratum.compute.sql.ast.InList;
import io.stratum.compute.sql.ast.InSubquery;
import io.stratum.compute.sql.ast.IntLit;
import io.stratum.compute.sql.ast.IsBool;
import io.stratum.compute.sql.ast.IsDistinctFrom;
import io.stratum.compute.sql.ast.IsNull;
import io.stratum.compute.sql.ast.Like;
import io.stratum.compute.sql.ast.LikeKind;
import io.stratum.compute.sql.ast.Not;
import io.stratum.compute.sql.ast.NullLit;
import io.stratum.compute.sql.ast.NumericLit;
import io.stratum.compute.sql.ast.Or;
import io.stratum.compute.sql.ast.OrderItem;
import io.stratum.compute.sql.ast.Param;
import io.stratum.compute.sql.ast.QuantifiedComparison;
import io.stratum.compute.sql.ast.Quantifier;
import io.stratum.compute.sql.ast.RowExpr;
import io.stratum.compute.sql.ast.ScalarSubquery;
import io.stratum.compute.sql.ast.SortOrder;
import io.stratum.compute.sql.ast.NullOrdering;
import io.stratum.compute.sql.ast.SqlValueFunction;
import io.stratum.compute.sql.ast.Star;
import io.stratum.compute.sql.ast.StringLit;
import io.stratum.compute.sql.ast.Subscript;
import io.stratum.compute.sql.ast.UnaryOp;
import io.stratum.compute.types.PgType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Binds AST expressions to typed executable expressions in a scope. */
final class ExprBinder {
    /** Aggregation state of a SELECT with GROUP BY or aggregates. */
    static final class AggState {
        final Scope preScope;
        final List<Expr> keys = new ArrayList<>();
        final List<String> keyFps = new ArrayList<>();
        final List<Aggregate.Spec> aggs = new ArrayList<>();
        final List<String> aggFps = new ArrayList<>();

        AggState(final Scope preScope) {
            this.preScope = preScope;
        }
    }

    /** Window functions (or set-returning functions) collected from a select list: appended columns. */
    static final class Appended {
        final int base;
        final List<Window.Spec> windows = new ArrayList<>();
        final List<Expr> srfs = new ArrayList<>();
        final List<List<OutCol>> srfFields = new ArrayList<>();

        Appended(final int base) {
            this.base = base;
        }
    }

    final Binder binder;
    final BindContext ctx;
    final Scope scope;
    AggState agg;
    Appended appended;
    /** The clause being bound, for "aggregate functions are not allowed in WHERE"; null: "here". */
    String clause;
    /** Minimum / maximum column index of this level referenced since the last reset (join planning). */
    int minRef = Integer.MAX_VALUE;
    int maxRef = -1;
    boolean outerRef;

    ExprBinder(final Binder binder, final Scope scope) {
        this.binder = binder;
        this.ctx = binder.ctx;
        this.scope = scope;
    }

    void resetRefs() {
        minRef = Integer.MAX_VALUE;
        maxRef = -1;
        outerRef = false;
    }

    static SqlException err(final String state, final String msg, final int pos) {
        return new SqlException(state, msg, null, null, pos + 1, null);
    }

    /**
     * Binds {@code e}; then folds its constant subexpressions as PostgreSQL's planner does when the statement is
     * planned ({@link BindContext#folding}), else only strict calls over a NULL constant.
     */
    Expr bind(final io.stratum.compute.sql.ast.Expr e) {
        final Expr r = bind0(e);
        final io.stratum.compute.exec.Folding f = ctx.folding;
        if (f == null) {
            return MoreExprs.foldStrictNull(r);
        }
        if (ctx.noFold > 0) {
            f.freeze(r);
            return r;
        }
        return f.fold(r);
    }

    private Expr bind0(final io.stratum.compute.sql.ast.Expr e) {
        if (agg != null && !(e instanceof IntLit || e instanceof StringLit || e instanceof NullLit || e instanceof BoolLit
            || e instanceof NumericLit || e instanceof Param || isAggCall(e))) {
            final Expr k = matchGroupKey(e);
            if (k != null) {
                return k;
            }
        }
        if (e instanceof NullLit) {
            return new Exprs.Const(null, PgType.UNKNOWN);
        }
        if (e instanceof BoolLit) {
            return new Exprs.Const(((BoolLit) e).value(), PgType.BOOL);
        }
        if (e instanceof IntLit) {
            final IntLit i = (IntLit) e;
            return i.isInt4() ? new Exprs.Const((int) i.value(), PgType.INT4) : new Exprs.Const(i.value(), PgType.INT8);
        }
        if (e instanceof NumericLit) {
            return new Exprs.Const(new BigDecimal(((NumericLit) e).text()), PgType.NUMERIC);
        }
        if (e instanceof StringLit) {
            return new Exprs.Const(((StringLit) e).value(), PgType.UNKNOWN);
        }
        if (e instanceof BitStringLit) {
            throw err("0A000", "bit string literals are not supported", e.pos());
        }
        if (e instanceof Param) {
            if (ctx.functionParams != null) {
                return SqlFunctions.param(this, (Param) e);
            }
            return ctx.param(((Param) e).index() - 1);
        }
        if (e instanceof ColumnRef) {
            return column((ColumnRef) e);
        }
        if (e instanceof Star) {
            throw err("42601", "a star is not allowed here", e.pos());
        }
        if (e instanceof Collate) {
            return bind(((Collate) e).operand());
        }
        if (e instanceof Cast) {
            return CastBinder.cast((Cast) e, this);
        }
        if (e instanceof And || e instanceof Or) {
            return FoldBinder.logic(this, e);
        }
        if (e instanceof Not) {
            return new Exprs.Not(Coerce.toBool(bind(((Not) e).operand()), "NOT", ctx, e.pos()));
        }
        if (e instanceof IsNull) {
            return new Exprs.Is(bind(((IsNull) e).operand()), 'N', ((IsNull) e).not());
        }
        if (e instanceof IsBool) {
            final IsBool b = (IsBool) e;
            final Expr x = Coerce.toBool(bind(b.operand()), "IS " + b.test(), ctx, e.pos());
            return b.test() == BoolTestKind.UNKNOWN ? new Exprs.Is(x, 'N', b.not())
                : new Exprs.Is(x, b.test() == BoolTestKind.TRUE ? 'T' : 'F', b.not());
        }
        if (e instanceof IsDistinctFrom) {
            final IsDistinctFrom d = (IsDistinctFrom) e;
            final Expr[] lr = Operators.unify(bind(d.left()), bind(d.right()), "=", ctx, e.pos());
            return new Exprs.Distinct(lr[0], lr[1], d.not());
        }
        if (e instanceof Between) {
            final Between b = (Between) e;
            final Expr x = bind(b.operand());
            final Expr lo = bind(b.low());
            final Expr hi = bind(b.high());
            Expr r = new Exprs.And(List.of(Operators.compare(">=", x, lo, ctx, e.pos()), Operators.compare("<=", x, hi, ctx, e.pos())));
            if (b.symmetric()) {
                r = new Exprs.Or(List.of(r, new Exprs.And(List.of(Operators.compare(">=", x, hi, ctx, e.pos()),
                    Operators.compare("<=", x, lo, ctx, e.pos())))));
            }
            return b.not() ? new Exprs.Not(r) : r;
        }
        if (e instanceof InList) {
            final InList in = (InList) e;
            Expr x = bind(in.operand());
            final List<Expr> items = new ArrayList<>();
            for (final io.stratum.compute.sql.ast.Expr i : in.list()) {
                items.add(bind(i));
            }
            final List<Expr> all = new ArrayList<>(items);
            all.add(x);
            final PgType t = Coerce.common(all, "IN", e.pos());
            final int tm = EnumBinder.typmod(all);
            x = Coerce.to(x, t, tm, ctx);
            items.replaceAll(i -> Coerce.to(i, t, tm, ctx));
            return new MoreExprs.InList(x, items, in.not());
        }
        if (e instanceof InSubquery) {
            final InSubquery in = (InSubquery) e;
            final Expr x = bind(in.operand());
            final Binder.Bound sub = binder.subquery(in.query(), scope);
            if (x instanceof MoreExprs.RowOf) {
                final Expr r = rowIn(((MoreExprs.RowOf) x).fields(), sub, e.pos());
                return in.not() ? new Exprs.Not(r) : r;
            }
            final Expr arg = sublinkOperand(x, sub, "=", e.pos());
            final Expr r = new MoreExprs.Sub('A', sub.plan(), arg, "=", PgType.BOOL, sub.correlated());
            return in.not() ? new Exprs.Not(r) : r;
        }
        if (e instanceof Exists) {
            FoldBinder.exists(ctx, ((Exists) e).query());
            final Binder.Bound sub = binder.subquery(((Exists) e).query(), scope);
            return new MoreExprs.Sub('E', sub.plan(), null, null, PgType.BOOL, sub.correlated());
        }
        if (e instanceof ScalarSubquery) {
            final Binder.Bound sub = binder.subquery(((ScalarSubquery) e).query(), scope);
            if (sub.plan().columns().size() != 1) {
                throw err("42601", "subquery must return only one column", e.pos());
            }
            return new MoreExprs.Sub('S', sub.plan(), null, null, sub.plan().columns().get(0).type(), sub.correlated());
        }
        if (e instanceof ArraySubquery) {
            final Binder.Bound sub = binder.subquery(((ArraySubquery) e).query(), scope);
            final PgType el = sub.plan().columns().get(0).type();
            final PgType at = SqlTypes.isArray(el) ? el : SqlTypes.arrayOf(el);
            return new MoreExprs.Sub('R', sub.plan(), null, null, at == null ? PgType.TEXT_ARRAY : at, sub.correlated());
        }
        if (e instanceof QuantifiedComparison) {
            return quantified((QuantifiedComparison) e);
        }
        if (e instanceof Like) {
            final Like l = (Like) e;
            final Expr x = bind(l.operand());
            Expr p = bind(l.pattern());
            if (l.kind() == LikeKind.SIMILAR) {
                p = new Exprs.Call("similar_to_escape", PgType.TEXT, (a, cx) -> CallBinder.similarToRegex((String) a[0]),
                    new Expr[] {Coerce.to(p, PgType.TEXT, ctx)}, true);
                return new MoreExprs.Match(Coerce.to(x, PgType.TEXT, ctx), p, false, false, l.not());
            }
            return CallBinder.like(this, l, x, p);
        }
        if (e instanceof UnaryOp) {
            return unary((UnaryOp) e);
        }
        if (e instanceof BinaryOp) {
            final BinaryOp b = (BinaryOp) e;
            return Operators.binary(b.op(), bind(b.left()), bind(b.right()), ctx, b.pos());
        }
        if (e instanceof Case) {
            return FoldBinder.caseExpr(this, (Case) e);
        }
        if (e instanceof ArrayExpr) {
            final List<Expr> els = new ArrayList<>();
            for (final io.stratum.compute.sql.ast.Expr x : ((ArrayExpr) e).elements()) {
                els.add(bind(x));
            }
            final PgType t = Coerce.common(els, "ARRAY", e.pos());
            if (SqlTypes.isArray(t)) {
                final int atm = EnumBinder.typmod(els);
                els.replaceAll(x -> Coerce.to(x, t, atm, ctx));
                return ArrayBinder.ofArrays(t, els).withTypmod(atm);
            }
            final int tm = EnumBinder.typmod(els);
            els.replaceAll(x -> Coerce.to(x, t, tm, ctx));
            final PgType at = SqlTypes.arrayOf(t);
            return new MoreExprs.ArrayOf(at == null ? PgType.TEXT_ARRAY : at, els).withTypmod(t == PgType.ENUM ? tm : -1);
        }
        if (e instanceof RowExpr) {
            final List<Expr> fs = new ArrayList<>();
            for (final io.stratum.compute.sql.ast.Expr x : ((RowExpr) e).fields()) {
                fs.add(bind(x));
            }
            if (fs.size() == 1 && !((RowExpr) e).explicit()) {
                return fs.get(0);
            }
            return new MoreExprs.RowOf(fs);
        }
        if (e instanceof Subscript) {
            return ArrayBinder.subscript((Subscript) e, this);
        }
        if (e instanceof FieldSelect) {
            return field((FieldSelect) e);
        }
        if (e instanceof SqlValueFunction) {
            return Functions.valueFunction((SqlValueFunction) e);
        }
        if (e instanceof FuncCall) {
            return call((FuncCall) e);
        }
        if (e instanceof DefaultExpr) {
            throw err("42601", "DEFAULT is not allowed in this context", e.pos());
        }
        throw err("0A000", "unsupported expression " + e.getClass().getSimpleName(), e.pos());
    }

    private static boolean isAggCall(final io.stratum.compute.sql.ast.Expr e) {
        return e instanceof FuncCall && ((FuncCall) e).over() == null && Functions.isAggregate(((FuncCall) e).name().name());
    }

    /** In a grouped query: the group key this expression equals, or null. */
    private Expr matchGroupKey(final io.stratum.compute.sql.ast.Expr e) {
        if (agg.keys.isEmpty()) {
            return null;
        }
        final ExprBinder pre = new ExprBinder(binder, agg.preScope);
        final Expr x;
        try {
            x = ctx.folding == null ? pre.bind(e) : FoldBinder.frozen(pre, e);
        } catch (final SqlException ex) {
            return null;
        }
        final int i = agg.keyFps.indexOf(x.explain());
        return i < 0 ? null : new Exprs.Col(i, x.type(), x.explain()).withTypmod(x.typmod());
    }

    private Expr column(final ColumnRef c) {
        if (agg != null) {
            final Scope.Resolved pre = agg.preScope.resolve(c.parts(), c.pos());
            if (pre != null && pre.levelsUp() == 0) {
                throw err("42803", "column \"" + pre.qualified() + "\" must appear in the GROUP BY clause or be used in an "
                    + "aggregate function", c.pos());
            }
        }
        final Scope.Resolved r = scope.resolve(c.parts(), c.pos());
        if (r == null) {
            if (c.parts().size() == 1) {
                final Scope.Entry whole = scope.find(c.parts().get(0));
                if (whole != null) {
                    final List<Expr> fs = new ArrayList<>();
                    for (int i = 0; i < whole.cols().size(); i++) {
                        if (!io.stratum.compute.catalog.ColumnDef.droppedName(whole.cols().get(i).name())) {
                            fs.add(new Exprs.Col(whole.offset() + i, whole.cols().get(i).type(), whole.cols().get(i).name()));
                        }
                    }
                    return new MoreExprs.RowOf(fs);
                }
            }
            throw err("42703", "column \"" + String.join(".", c.parts()) + "\" does not exist", c.pos());
        }
        ctx.noteColumn(r.col());
        if (r.levelsUp() == 0) {
            minRef = Math.min(minRef, r.index());
            maxRef = Math.max(maxRef, r.index());
            return new Exprs.Col(r.index(), r.col().type(), r.qualified()).withTypmod(r.col().typmod());
        }
        outerRef = true;
        binder.markCorrelated(r.levelsUp());
        return new Exprs.Outer(r.levelsUp(), r.index(), r.col().type(), r.qualified()).withTypmod(r.col().typmod());
    }


    private Expr unary(final UnaryOp u) {
        if (u.op().equals("-") && u.operand() instanceof IntLit) {
            final long v = -((IntLit) u.operand()).value();
            return v >= Integer.MIN_VALUE ? new Exprs.Const((int) v, PgType.INT4) : new Exprs.Const(v, PgType.INT8);
        }
        if (u.op().equals("-") && u.operand() instanceof NumericLit) {
            final BigDecimal d = new BigDecimal(((NumericLit) u.operand()).text()).negate();
            if (d.scale() == 0 && d.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) == 0) {
                return new Exprs.Const(Long.MIN_VALUE, PgType.INT8);
            }
            return new Exprs.Const(d, PgType.NUMERIC);
        }
        Expr x = bind(u.operand());
        switch (u.op()) {
            case "+":
                return x;
            case "-":
                if (x.type() == PgType.UNKNOWN) {
                    x = Coerce.to(x, PgType.NUMERIC, ctx);
                }
                if (SqlTypes.category(x.type()) != 'N' && x.type() != PgType.INTERVAL) {
                    throw new SqlException("42883", "operator does not exist: - " + SqlTypes.displayName(x.type()), null,
                        Operators.HINT, u.pos() + 1, null);
                }
                return new Exprs.Call("-", x.type(), (a, cx) -> io.stratum.compute.exec.Values.negate(a[0]), new Expr[] {x}, true);
            case "|/": case "||/": case "@":
                return CallBinder.prefixMath(u.op(), x, ctx, u.pos());
            case "~":
                return new Exprs.Call("~", x.type(), (a, cx) -> a[0] instanceof Long ? (Object) ~(Long) a[0]
                    : (Object) ~((Number) a[0]).intValue(), new Expr[] {x}, true);
            default:
                throw new SqlException("42883", "operator does not exist: " + u.op() + " " + SqlTypes.displayName(x.type()),
                    null, Operators.HINT, u.pos() + 1, null);
        }
    }

    /**
     * The tested value of {@code x op ANY/ALL (subquery)} cast to the subquery's column type, after checking
     * as PostgreSQL does that the subquery has one column (42601) and that the operator exists (42883).
     */
    /** {@code (a, b) IN (SELECT x, y ...)}: each field compared with its column, typed as PostgreSQL resolves it. */
    private Expr rowIn(final List<Expr> fields, final Binder.Bound sub, final int pos) {
        final int n = sub.plan().columns().size();
        if (n != fields.size()) {
            throw err("42601", n > fields.size() ? "subquery has too many columns" : "subquery has too few columns", pos);
        }
        final List<Expr> typed = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            final io.stratum.compute.exec.OutCol col = sub.plan().columns().get(i);
            final Expr x = fields.get(i);
            if (x.type() != PgType.UNKNOWN && col.type() != PgType.UNKNOWN) {
                Operators.compare("=", x, new Exprs.Col(i, col.type(), col.name()), ctx, pos);
            }
            typed.add(Coerce.to(x, col.type(), ctx));
        }
        return new io.stratum.compute.exec.RowIn(sub.plan(), typed, sub.correlated());
    }

    private Expr sublinkOperand(final Expr x, final Binder.Bound sub, final String op, final int pos) {
        final int n = sub.plan().columns().size();
        if (n != 1) {
            throw err("42601", n > 1 ? "subquery has too many columns" : "subquery has too few columns", pos);
        }
        final io.stratum.compute.exec.OutCol col = sub.plan().columns().get(0);
        if (x.type() != PgType.UNKNOWN && col.type() != PgType.UNKNOWN) {
            Operators.compare(op, x, new Exprs.Col(0, col.type(), col.name()), ctx, pos);
        }
        return Coerce.to(x, col.type(), ctx);
    }

    private Expr quantified(final QuantifiedComparison q) {
        final Expr x = bind(q.left());
        final boolean all = q.quantifier() == Quantifier.ALL;
        if (q.query() != null) {
            final Binder.Bound sub = binder.subquery(q.query(), scope);
            final Expr arg = sublinkOperand(x, sub, q.op(), q.pos());
            return new MoreExprs.Sub(all ? 'L' : 'A', sub.plan(), arg, q.op(), PgType.BOOL, sub.correlated());
        }
        Expr arr = bind(q.array());
        Expr left = x;
        if (arr.type() == PgType.UNKNOWN) {
            final PgType at = left.type() == PgType.UNKNOWN ? PgType.TEXT_ARRAY : SqlTypes.arrayOf(left.type());
            arr = Coerce.to(arr, at == null ? PgType.TEXT_ARRAY : at, ctx);
        }
        final PgType el = SqlTypes.elementType(arr.type());
        if (el == null) {
            throw err("42809", "op ANY/ALL (array) requires array on right side", q.pos());
        }
        if (left.type() == PgType.UNKNOWN) {
            left = Coerce.to(left, el, EnumBinder.isEnum(el) ? arr.typmod() : -1, ctx);
        }
        if (q.op().equals("~~") || q.op().equals("~") || q.op().equals("!~~") || q.op().equals("~~*")) {
            final Expr a = arr;
            final Expr l = left;
            final boolean like = q.op().contains("~~");
            final boolean neg = q.op().startsWith("!");
            return new Exprs.Call("any_match", PgType.BOOL, (v, cx) -> {
                for (final Object p : io.stratum.compute.types.ArrayValues.flatten((Object[]) v[1])) {
                    if (p != null) {
                        final java.util.regex.Pattern pat = like ? MoreExprs.likePattern(p.toString(), q.op().endsWith("*"))
                            : MoreExprs.regex(p.toString(), false);
                        final boolean m = like ? pat.matcher(v[0].toString()).matches() : pat.matcher(v[0].toString()).find();
                        if ((m != neg) != all) {
                            return !all;
                        }
                    }
                }
                return all;
            }, new Expr[] {l, a}, true);
        }
        return new MoreExprs.AnyArray(q.op(), left, arr, all);
    }

    private Expr field(final FieldSelect f) {
        if (f.base() instanceof ColumnRef) {
            // (t).c or (t.c).x: try as a column reference first
            final List<String> parts = new ArrayList<>(((ColumnRef) f.base()).parts());
            parts.add(f.field());
            try {
                final Scope.Resolved r = scope.resolve(parts, f.pos());
                if (r != null) {
                    return column(new ColumnRef(parts, f.pos()));
                }
            } catch (final SqlException ignored) {
                // fall through to a composite value
            }
        }
        final Expr base = bind(f.base());
        final List<OutCol> fields = binder.recordFields(base);
        if (fields != null) {
            for (int i = 0; i < fields.size(); i++) {
                if (fields.get(i).name().equals(f.field())) {
                    return new MoreExprs.Field(base, i, fields.get(i).type()).withTypmod(fields.get(i).typmod());
                }
            }
        }
        if (base.type() == PgType.RECORD && fields == null) {
            // a record from information_schema._pg_expandarray(...) passed through a derived table: (x, n)
            final int i = io.stratum.compute.catalog.pg.SystemCatalog.EXPANDARRAY_COLUMNS.indexOf(f.field());
            if (i >= 0) {
                return new MoreExprs.Field(base, i, i == 0 ? PgType.INT2 : PgType.INT4);
            }
        }
        throw err("42703", "column \"" + f.field() + "\" not found in data type " + SqlTypes.displayName(base.type()), f.pos());
    }

    private Expr call(final FuncCall f) {
        final String name = f.name().name();
        if (f.over() != null) {
            return CallBinder.window(this, f);
        }
        final List<io.stratum.compute.catalog.FunctionDef> user = SqlFunctions.userCallable(f, ctx)
            ? ctx.catalog.functions(ctx.session, f.name().schema(), name) : List.of();
        if (!user.isEmpty()) {
            final List<Expr> args = bindArgs(f);
            final SqlFunctions.Call c = SqlFunctions.call(this, f, args, user);
            if (c != null) {
                return SqlFunctions.userCall(this, f, c);
            }
            if (!Functions.isAggregate(name)) {
                return Functions.resolve(f, args, this);
            }
        }
        if (Functions.isAggregate(name)) {
            return CallBinder.aggregate(this, f);
        }
        if (Functions.isSetReturning(name, f.name().schema()) && appended != null) {
            final List<Expr> args = bindArgs(f);
            final SetReturning.Srf srf = SetReturning.srf(name, args, ctx, f.pos());
            appended.srfs.add(srf.expr());
            appended.srfFields.add(srf.columns());
            final int slot = appended.base + appended.srfs.size() - 1;
            final Expr col = new Exprs.Col(slot, srf.expr().type(), name);
            binder.registerRecord(col, srf.columns().size() > 1 ? srf.columns() : null);
            return col;
        }
        if (name.equals("coalesce") && f.name().schema() == null) {
            return Functions.resolve(f, FoldBinder.coalesceArgs(this, f), this);
        }
        return Functions.resolve(f, bindArgs(f), this);
    }

    List<Expr> bindArgs(final FuncCall f) {
        final List<Expr> args = new ArrayList<>();
        for (final io.stratum.compute.sql.ast.Expr a : f.args()) {
            args.add(bind(a));
        }
        return args;
    }

    SortNodes.Key sortKey(final OrderItem o, final Expr e) {
        boolean desc = o.order() == SortOrder.DESC;
        if (o.order() == SortOrder.USING) {
            desc = o.usingOp() != null && o.usingOp().startsWith(">");
        }
        final boolean nullsFirst = o.nulls() == NullOrdering.DEFAULT ? desc : o.nulls() == NullOrdering.FIRST;
        Expr x = e;
        if (x.type() == PgType.UNKNOWN) {
            x = Coerce.to(x, PgType.TEXT, ctx);
        }
        if (x.type() == PgType.JSON) {
            throw new SqlException("42883", "could not identify an ordering operator for type json", null,
                "Use an explicit ordering operator or modify the query.", o.expr().pos() + 1, null);
        }
        return new SortNodes.Key(x, desc, nullsFirst);
    }

    /** Binds a constant-only expression (LIMIT, DEFAULT ...) that may not reference columns. */
    Expr bindConstant(final io.stratum.compute.sql.ast.Expr e) {
        return bind(e);
    }

}
