package io.stratum.compute.sql.analyze;

import io.stratum.compute.exec.Expr;
import io.stratum.compute.exec.Exprs;
import io.stratum.compute.exec.Folding;
import io.stratum.compute.exec.MoreExprs;
import io.stratum.compute.exec.Values;
import io.stratum.compute.sql.ast.And;
import io.stratum.compute.sql.ast.Case;
import io.stratum.compute.sql.ast.FuncCall;
import io.stratum.compute.sql.ast.Or;
import io.stratum.compute.sql.ast.Select;
import io.stratum.compute.types.PgType;
import java.util.ArrayList;
import java.util.List;

/**
 * Binding of the expressions whose later parts PostgreSQL's constant folding may never look at: CASE (arms after
 * a constant true test, and those of a constant false or NULL one), COALESCE (arguments after a non-NULL
 * constant), AND / OR (arms after a constant false / true one). Those parts are still bound (their type and name
 * errors are the parser's), but frozen: nothing in them is evaluated while planning. Stateless.
 */
final class FoldBinder {
    private FoldBinder() {
    }

    /** Whether folding may reduce {@code e} to one of its operands (CASE, COALESCE and the like, AND, OR). */
    static boolean simplifiable(final io.stratum.compute.sql.ast.Expr e) {
        return e instanceof Case || e instanceof FuncCall || e instanceof And || e instanceof Or;
    }

    /** Whether {@code eb} folds what it binds now. */
    private static boolean folding(final ExprBinder eb) {
        return eb.ctx.folding != null && eb.ctx.noFold == 0;
    }

    /** Binds {@code e} without folding anything in it (and marks it so that enclosing nodes leave it alone). */
    static Expr frozen(final ExprBinder eb, final io.stratum.compute.sql.ast.Expr e) {
        eb.ctx.noFold++;
        try {
            return eb.bind(e);
        } finally {
            eb.ctx.noFold--;
        }
    }

    /** AND / OR, flattened; the arms after one that folds to the deciding constant are frozen. */
    static Expr logic(final ExprBinder eb, final io.stratum.compute.sql.ast.Expr e) {
        final boolean and = e instanceof And;
        final List<io.stratum.compute.sql.ast.Expr> leaves = new ArrayList<>();
        flatten(e, and, leaves);
        final List<Expr> parts = new ArrayList<>();
        boolean decided = false;
        for (final io.stratum.compute.sql.ast.Expr leaf : leaves) {
            Expr x = Coerce.toBool(decided ? frozen(eb, leaf) : eb.bind(leaf), and ? "AND" : "OR", eb.ctx, leaf.pos());
            if (!decided && folding(eb)) {
                x = eb.ctx.folding.fold(x);
                decided = x instanceof Exprs.Const && Boolean.valueOf(!and).equals(((Exprs.Const) x).value);
            }
            parts.add(x);
        }
        return and ? new Exprs.And(parts) : new Exprs.Or(parts);
    }

    private static void flatten(final io.stratum.compute.sql.ast.Expr e, final boolean and,
                                final List<io.stratum.compute.sql.ast.Expr> out) {
        if (and && e instanceof And) {
            flatten(((And) e).left(), true, out);
            flatten(((And) e).right(), true, out);
        } else if (!and && e instanceof Or) {
            flatten(((Or) e).left(), false, out);
            flatten(((Or) e).right(), false, out);
        } else {
            out.add(e);
        }
    }

    /** COALESCE's arguments: those after one that folds to a non-NULL constant are frozen. */
    static List<Expr> coalesceArgs(final ExprBinder eb, final FuncCall f) {
        final List<Expr> args = new ArrayList<>();
        boolean decided = false;
        for (final io.stratum.compute.sql.ast.Expr a : f.args()) {
            final Expr x = decided ? frozen(eb, a) : eb.bind(a);
            decided |= folding(eb) && Folding.isNonNullConst(x);
            args.add(x);
        }
        return args;
    }

    /** CASE [operand] WHEN ... THEN ... [ELSE ...] END. */
    static Expr caseExpr(final ExprBinder eb, final Case c) {
        final BindContext ctx = eb.ctx;
        final boolean folding = folding(eb);
        final Expr operand = c.operand() == null ? null : eb.bind(c.operand());
        final boolean constOperand = operand instanceof Exprs.Const;
        final List<Expr> whens = new ArrayList<>();
        final List<Expr> thens = new ArrayList<>();
        boolean ended = false;
        for (final Case.When w : c.whens()) {
            Expr cond = ended ? frozen(eb, w.condition()) : eb.bind(w.condition());
            if (operand == null) {
                cond = Coerce.toBool(cond, "CASE/WHEN", ctx, w.pos());
            } else {
                cond = Operators.unify(operand, cond, "=", ctx, w.pos())[1];
            }
            boolean skip = ended;
            if (folding && !ended) {
                cond = ctx.folding.fold(cond);
                if (cond instanceof Exprs.Const && (operand == null || constOperand)) {
                    final boolean taken = operand == null ? Folding.isTrue(cond) : matches(operand, cond);
                    skip = !taken;
                    ended = taken;
                }
            }
            whens.add(cond);
            thens.add(skip ? frozen(eb, w.result()) : eb.bind(w.result()));
        }
        Expr otherwise = c.elseExpr() == null ? null : ended ? frozen(eb, c.elseExpr()) : eb.bind(c.elseExpr());
        final List<Expr> results = new ArrayList<>(thens);
        if (otherwise != null) {
            results.add(otherwise);
        }
        final PgType t = Coerce.common(results, "CASE", c.pos());
        final int tm = EnumBinder.typmod(results);
        thens.replaceAll(x -> Coerce.to(x, t, tm, ctx));
        if (otherwise != null) {
            otherwise = Coerce.to(otherwise, t, tm, ctx);
        }
        Expr op = operand;
        if (op != null && op.type() == PgType.UNKNOWN) {
            op = Coerce.to(op, PgType.TEXT, ctx);
        }
        return new MoreExprs.Case(t, op, whens, thens, otherwise).withTypmod(EnumBinder.isEnum(t) ? tm : -1);
    }

    /**
     * Marks the body of a FROM subquery, a view or a CTE read once: its select items that the statement never names
     * are bound frozen, since PostgreSQL drops unreferenced subquery outputs before it plans (folds) them. A
     * statement with a star, a whole-row reference to {@code alias} or a DISTINCT body keeps everything; a name
     * mentioned anywhere counts as a reference (a missed plan-time error is the worst a wrong guess costs).
     */
    static void derived(final BindContext ctx, final io.stratum.compute.sql.ast.Query q, final String alias,
                        final List<String> outerNames) {
        if (ctx.folding == null || !(q.body() instanceof Select)) {
            return;
        }
        final Select s = (Select) q.body();
        if (s.distinct() || !s.distinctOn().isEmpty()) {
            return;
        }
        names(ctx);
        if (ctx.starUsed || alias != null && ctx.namesUsed.contains(alias)) {
            return;
        }
        ctx.derived.put(s, outerNames);
    }

    /** The body of an EXISTS: its select list is frozen (PostgreSQL's simplify_EXISTS_query drops it). */
    static void exists(final BindContext ctx, final io.stratum.compute.sql.ast.Query q) {
        if (ctx.folding != null) {
            ctx.existsBodies.add(q.body());
        }
    }

    /** Whether select item {@code i} of {@code s}, named {@code name} there, is bound frozen. */
    static boolean frozenOutput(final BindContext ctx, final Select s, final int i, final String name, final boolean grouped) {
        if (ctx.folding == null) {
            return false;
        }
        if (!grouped && ctx.existsBodies.contains(s)) {
            return true;
        }
        final List<String> outer = ctx.derived.get(s);
        if (outer == null) {
            return false;
        }
        return !ctx.namesUsed.contains(i < outer.size() ? outer.get(i) : name);
    }

    /**
     * A frozen output of an EXISTS body: a NULL of its type, as PostgreSQL's simplify_EXISTS_query empties the select
     * list (so 1 / 0 there fails on no row); a column (a set-returning or window function's slot) stays.
     */
    static Expr existsOutput(final BindContext ctx, final Select s, final Expr e) {
        if (!ctx.existsBodies.contains(s) || e instanceof Exprs.Col) {
            return e;
        }
        return new Exprs.Const(null, e.type()).withTypmod(e.typmod());
    }

    /** Adds the column names {@code ast} mentions (a view's definition) to those of the statement. */
    static void addNames(final BindContext ctx, final Object ast) {
        if (ctx.folding != null) {
            names(ctx);
            collect(ast, ctx);
        }
    }

    private static void names(final BindContext ctx) {
        if (ctx.namesUsed == null) {
            ctx.namesUsed = new java.util.HashSet<>();
            collect(ctx.statement, ctx);
        }
    }

    private static void collect(final Object n, final BindContext ctx) {
        if (n instanceof List) {
            for (final Object o : (List<?>) n) {
                collect(o, ctx);
            }
            return;
        }
        if (n instanceof io.stratum.compute.sql.ast.ColumnRef) {
            ctx.namesUsed.addAll(((io.stratum.compute.sql.ast.ColumnRef) n).parts());
            return;
        }
        if (n instanceof io.stratum.compute.sql.ast.Star) {
            ctx.starUsed = true;
            return;
        }
        if (!(n instanceof io.stratum.compute.sql.ast.Node) || !n.getClass().isRecord()) {
            return;
        }
        for (final java.lang.reflect.RecordComponent c : n.getClass().getRecordComponents()) {
            try {
                collect(c.getAccessor().invoke(n), ctx);
            } catch (final ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Whether a constant CASE operand equals a constant WHEN value (as the CASE compares them at run time). */
    private static boolean matches(final Expr operand, final Expr when) {
        final Object a = ((Exprs.Const) operand).value;
        final Object b = ((Exprs.Const) when).value;
        return a != null && b != null && Values.compare(a, b) == 0;
    }
}
