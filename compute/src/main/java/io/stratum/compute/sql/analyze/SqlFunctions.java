package io.stratum.compute.sql.analyze;

import io.stratum.compute.catalog.FunctionDef;
import io.stratum.compute.exec.Expr;
import io.stratum.compute.exec.Exprs;
import io.stratum.compute.exec.Nodes;
import io.stratum.compute.exec.OutCol;
import io.stratum.compute.exec.PlanNode;
import io.stratum.compute.exec.SqlFunctionCall;
import io.stratum.compute.exec.SqlTypes;
import io.stratum.compute.session.SqlException;
import io.stratum.compute.sql.ast.FuncCall;
import io.stratum.compute.sql.ast.Query;
import io.stratum.compute.sql.ast.Statement;
import io.stratum.compute.sql.parser.Parser;
import io.stratum.compute.types.PgType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * User-defined SQL functions ({@code CREATE FUNCTION ... LANGUAGE sql}): the body's validation at CREATE (as
 * PostgreSQL's fmgr_sql_validator with check_function_bodies on), the choice among functions of one name by
 * their input types, and a call bound into a {@link SqlFunctionCall}. The body is parsed and bound afresh for
 * every call site, in the caller's catalog, with its parameters as the enclosing row: by name (a column of the
 * body's own FROM items wins, as in PostgreSQL), as {@code fname.param}, or as {@code $n}.
 * Not thread-safe; used while one statement is bound.
 */
public final class SqlFunctions {
    private SqlFunctions() {
    }

    /** The body of a function, bound: the statements before the last, and the last with its columns coerced. */
    record Body(List<PlanNode> before, PlanNode last) {
    }

    /**
     * Binds {@code f}'s body once as CREATE FUNCTION does: unknown relations or columns, a final statement that is
     * no query, or one whose columns do not match the declared result fail here.
     */
    public static void validate(final BindContext ctx, final FunctionDef f) {
        body(new Binder(ctx), f);
    }

    /** The statements of a body: {@code RETURN expr} is {@code SELECT expr}. */
    static List<Statement> statements(final FunctionDef f) {
        final String b = f.body().strip();
        final String text = b.regionMatches(true, 0, "return", 0, 6) && b.length() > 6
            && !Character.isLetterOrDigit(b.charAt(6)) && b.charAt(6) != '_' ? "SELECT " + b.substring(6) : b;
        return Parser.parse(text);
    }

    static Body body(final Binder binder, final FunctionDef f) {
        final List<Statement> sts = statements(f);
        if (sts.isEmpty() && f.returnType() != PgType.VOID) {
            throw mismatch(f, "Function's final statement must be SELECT or INSERT/UPDATE/DELETE RETURNING.");
        }
        final BindContext ctx = binder.ctx;
        if (!ctx.expanding.add(f.oid())) {
            throw new SqlException("0A000", "SQL function \"" + f.name() + "\" calls itself: recursive SQL functions are not supported");
        }
        final Scope params = new Scope(null);
        final List<OutCol> cols = new ArrayList<>();
        final List<FunctionDef.Param> in = f.inputs();
        for (final FunctionDef.Param p : in) {
            cols.add(new OutCol(p.name(), p.type(), p.typmod(), 0, 0));
        }
        params.add(f.name(), null, cols);
        final List<Map<String, Binder.Cte>> savedCtes = new ArrayList<>(ctx.ctes);
        final Scope savedParams = ctx.functionParams;
        ctx.ctes.clear();
        ctx.functionParams = params;
        try {
            final List<PlanNode> before = new ArrayList<>();
            PlanNode last = null;
            for (int i = 0; i < sts.size(); i++) {
                final Statement st = sts.get(i);
                if (!(st instanceof Query)) {
                    throw new SqlException("0A000", "SQL function \"" + f.name() + "\": only SELECT and VALUES statements are "
                        + "supported in a function's body", null, "INSERT, UPDATE, DELETE and utility statements in SQL "
                        + "functions are not supported yet.", 0, null);
                }
                FoldBinder.addNames(ctx, st);
                final PlanNode p = binder.functionBody((Query) st, params);
                if (i < sts.size() - 1) {
                    before.add(p);
                } else {
                    last = p;
                }
            }
            return new Body(before, last == null ? null : result(f, last, ctx));
        } catch (final SqlException e) {
            // a position would point into the body, not into the statement the client sent
            throw e.position() == 0 ? e : new SqlException(e.severity(), e.sqlState(), e.getMessage(), e.detail(), e.hint(), 0, e);
        } finally {
            ctx.ctes.clear();
            ctx.ctes.addAll(savedCtes);
            ctx.functionParams = savedParams;
            ctx.expanding.remove(f.oid());
        }
    }

    /** The last statement's columns coerced to the declared result, as check_sql_fn_retval (assignment casts). */
    private static PlanNode result(final FunctionDef f, final PlanNode p, final BindContext ctx) {
        if (f.returnType() == PgType.VOID) {
            return p;
        }
        final List<OutCol> want = outputs(f);
        if (p.columns().size() != want.size()) {
            throw mismatch(f, want.size() == 1 ? "Final statement must return exactly one column."
                : "Final statement returns " + (p.columns().size() < want.size() ? "too few" : "too many") + " columns.");
        }
        final List<Expr> exprs = new ArrayList<>();
        for (int i = 0; i < want.size(); i++) {
            final OutCol have = p.columns().get(i);
            final OutCol w = want.get(i);
            final Expr x = new Exprs.Col(i, have.type(), have.name()).withTypmod(have.typmod());
            try {
                exprs.add(have.type() == w.type() ? x : Coerce.assign(x, w.type(), w.typmod(), ctx, w.name(), 0));
            } catch (final SqlException e) {
                throw mismatch(f, want.size() == 1 ? "Actual return type is " + SqlTypes.displayName(have.type()) + "."
                    : "Final statement returns " + SqlTypes.displayName(have.type()) + " instead of "
                    + SqlTypes.displayName(w.type()) + " at column " + (i + 1) + ".");
            }
        }
        return new Nodes.Project(p, want, exprs);
    }

    private static SqlException mismatch(final FunctionDef f, final String detail) {
        final String declared = f.outputs().size() > 1 ? "record" : SqlTypes.displayName(f.returnType());
        return new SqlException("42P13", "return type mismatch in function declared to return " + declared, detail, null, 0, null);
    }

    /** The result's columns: the OUT / INOUT / TABLE parameters, else one column named as the function. */
    static List<OutCol> outputs(final FunctionDef f) {
        final List<OutCol> out = new ArrayList<>();
        final List<FunctionDef.Param> o = f.outputs();
        if (o.isEmpty()) {
            out.add(new OutCol(f.name(), f.returnType(), f.returnTypmod(), 0, 0));
        }
        for (final FunctionDef.Param p : o) {
            out.add(new OutCol(p.name().isEmpty() ? "column" + (out.size() + 1) : p.name(), p.type(), p.typmod(), 0, 0));
        }
        return out;
    }

    /** A bound call: the expression and, for a function with several result columns, those columns. */
    record Call(SqlFunctionCall expr, FunctionDef function, List<OutCol> columns) {
    }

    /**
     * The call {@code fc} of one of {@code candidates} (the user's functions of that name), or null when none
     * takes these arguments (the caller then tries the built-in functions).
     */
    static Call call(final ExprBinder eb, final FuncCall fc, final List<Expr> args, final List<FunctionDef> candidates) {
        FunctionDef best = null;
        int bestExact = -1;
        boolean ambiguous = false;
        for (final FunctionDef f : candidates) {
            final List<FunctionDef.Param> in = f.inputs();
            if (args.size() > in.size() || args.size() < in.size() - f.defaults()) {
                continue;
            }
            int exact = 0;
            boolean ok = true;
            for (int i = 0; i < args.size() && ok; i++) {
                final PgType a = args.get(i).type();
                final PgType t = in.get(i).type();
                exact += a == t ? 1 : 0;
                ok = a == t || a == PgType.UNKNOWN || SqlTypes.implicitlyCoercible(a, t);
            }
            if (!ok) {
                continue;
            }
            if (exact > bestExact) {
                best = f;
                bestExact = exact;
                ambiguous = false;
            } else if (exact == bestExact) {
                ambiguous = true;
            }
        }
        if (best == null) {
            return null;
        }
        if (ambiguous) {
            final SqlException e = Functions.noFunction(fc.name().name(), args, fc.pos());
            throw new SqlException("42725", e.getMessage().replace(" does not exist", " is not unique"), null,
                "Could not choose a best candidate function. You might need to add explicit type casts.", fc.pos() + 1, null);
        }
        final BindContext ctx = eb.ctx;
        final List<FunctionDef.Param> in = best.inputs();
        final Expr[] bound = new Expr[in.size()];
        for (int i = 0; i < in.size(); i++) {
            final FunctionDef.Param p = in.get(i);
            Expr a = i < args.size() ? args.get(i) : defaultArg(eb, p);
            if (a.type() != p.type() || p.typmod() >= 0 && EnumBinder.isEnum(p.type())) {
                a = Coerce.to(a, p.type(), p.typmod(), ctx);
            }
            bound[i] = a;
        }
        ctx.noteFunction(best.oid());
        final Body body = body(eb.binder, best);
        final List<OutCol> cols = outputs(best);
        final boolean record = cols.size() > 1;
        final PgType type = record ? PgType.RECORD : best.returnType();
        final PlanNode last = body.last() != null ? body.last()
            : new Nodes.Source("Result", List.of(), List.of(), cx -> PlanNode.listCursor(List.of()));
        final SqlFunctionCall call = new SqlFunctionCall(best.name(), type, bound, body.before(), last, best.strict(),
            best.returnsSet(), record);
        if (!record && best.returnTypmod() >= 0) {
            call.withTypmod(best.returnTypmod());
        }
        if (best.volatility() != 'i') {
            ctx.usesSystemRelations = true;
        }
        return new Call(call, best, cols);
    }

    /** A user SQL function's call: a set-returning one is a select-list SRF, as the built-in ones. */
    static Expr userCall(final ExprBinder eb, final FuncCall f, final Call c) {
        final List<OutCol> fields = c.columns().size() > 1 ? c.columns() : null;
        if (!c.function().returnsSet()) {
            eb.binder.registerRecord(c.expr(), fields);
            return c.expr();
        }
        if (eb.appended == null) {
            throw ExprBinder.err("0A000", "set-returning functions are not allowed here", f.pos());
        }
        eb.appended.srfs.add(c.expr());
        eb.appended.srfFields.add(c.columns());
        final int slot = eb.appended.base + eb.appended.srfs.size() - 1;
        final Expr col = new Exprs.Col(slot, c.expr().type(), f.name().name()).withTypmod(c.expr().typmod());
        eb.binder.registerRecord(col, fields);
        return col;
    }

    /** {@code $n} in a SQL function's body: its n-th parameter, an outer reference to the call's arguments. */
    static Expr param(final ExprBinder eb, final io.stratum.compute.sql.ast.Param p) {
        final Scope params = eb.ctx.functionParams;
        final List<OutCol> cols = params.entries.get(0).cols();
        if (p.index() < 1 || p.index() > cols.size()) {
            throw ExprBinder.err("42P02", "there is no parameter $" + p.index(), p.pos());
        }
        int level = 0;
        Scope s = eb.scope;
        while (s != null && s != params) {
            level += s.parentInRow ? 0 : 1;
            s = s.parent;
        }
        if (s == null) {
            throw ExprBinder.err("42P02", "there is no parameter $" + p.index(), p.pos());
        }
        eb.outerRef = true;
        eb.binder.markCorrelated(level);
        final OutCol c = cols.get(p.index() - 1);
        return new Exprs.Outer(level, p.index() - 1, c.type(), "$" + p.index()).withTypmod(c.typmod());
    }

    private static Expr defaultArg(final ExprBinder eb, final FunctionDef.Param p) {
        final io.stratum.compute.sql.ast.Statement st = Parser.parse("SELECT " + p.defaultText()).get(0);
        final io.stratum.compute.sql.ast.Select s = (io.stratum.compute.sql.ast.Select) ((Query) st).body();
        return new ExprBinder(eb.binder, new Scope(null)).bind(s.items().get(0).expr());
    }

    /**
     * Whether a user function may be what {@code fc} calls (no OVER, not qualified by pg_catalog).
     *
     * @throws SqlException 3F000 when it names a schema that does not exist, as PostgreSQL's lookup
     */
    static boolean userCallable(final FuncCall fc, final BindContext ctx) {
        final String schema = fc.name().schema();
        if (schema != null && !schema.equals("pg_catalog") && ctx.catalog.namespace(schema) == null) {
            throw new SqlException("3F000", "schema \"" + schema + "\" does not exist", null, null, fc.pos() + 1, null);
        }
        return fc.over() == null && (schema == null || !schema.toLowerCase(Locale.ROOT).equals("pg_catalog"));
    }
}
