package io.stratum.compute.sql.analyze;

import io.stratum.compute.exec.Expr;
import io.stratum.compute.exec.Exprs;
import io.stratum.compute.exec.PlanExprs;
import io.stratum.compute.exec.PlanNode;
import io.stratum.compute.exec.Scans;
import io.stratum.compute.exec.SqlTypes;
import io.stratum.compute.sql.ast.BinaryOp;
import io.stratum.compute.sql.ast.Exists;
import io.stratum.compute.sql.ast.InSubquery;
import io.stratum.compute.sql.ast.IntLit;
import io.stratum.compute.sql.ast.Not;
import io.stratum.compute.sql.ast.NullLit;
import io.stratum.compute.sql.ast.OrderItem;
import io.stratum.compute.sql.ast.QuantifiedComparison;
import io.stratum.compute.sql.ast.Quantifier;
import io.stratum.compute.sql.ast.Query;
import io.stratum.compute.sql.ast.RowExpr;
import io.stratum.compute.sql.ast.Select;
import io.stratum.compute.sql.ast.SelectItem;
import io.stratum.compute.sql.ast.Star;
import io.stratum.compute.types.PgType;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Decorrelates a WHERE conjunct that is a sublink into a semi or anti join, by PostgreSQL's rules
 * ({@code convert_EXISTS_sublink_to_join}, {@code convert_ANY_sublink_to_join}):
 * <ul>
 * <li>{@code [NOT] EXISTS (SELECT ... FROM ... WHERE ...)}: a plain SELECT (no set operation, WITH, GROUP BY,
 * HAVING, aggregates, window or set-returning functions in its select list, OFFSET, row locks; a constant
 * positive LIMIT is dropped) whose FROM list does not read the block and whose WHERE does. The WHERE
 * conjuncts that read only the subquery's own items stay in its plan; those reading the block are the
 * join's conditions: {@code inner = outer} equalities its keys, the rest its join filter. A semi join for
 * EXISTS, an anti join for NOT EXISTS.</li>
 * <li>{@code x IN (subquery)} / {@code x = ANY (subquery)} when the subquery does not read the block and
 * {@code x} does: a semi join on {@code x} = the subquery's column. A plain one-column SELECT is joined by
 * its items (so its rows are estimated and its table may be probed by index); anything else as a derived
 * table.</li>
 * <li>{@code x NOT IN (subquery)} / {@code x <> ALL (subquery)} on the same conditions: a null-aware hash
 * anti join (a NULL on either side makes NOT IN unknown, so such rows never pass).</li>
 * </ul>
 * Anything else (correlated IN, uncorrelated EXISTS, sublinks under OR, volatile conditions) stays a subplan.
 * Not thread-safe; one call per conjunct while a {@link JoinPlanner} plans its block.
 */
final class Sublinks {
    private Sublinks() {
    }

    /**
     * One equality of a semi join: the block's side (written in the block or the subquery) and the item it
     * reads (or -1), the type it is cast to (IN), the inner side bound in the inner scope and its column of
     * the inner side's single table (or -1), and the whole condition (EXISTS; null for IN).
     */
    record Key(io.stratum.compute.sql.ast.Expr outerAst, int item, PgType coerceTo, Expr inner, int innerColumn,
               io.stratum.compute.sql.ast.Expr whole) {
    }

    /** A decorrelated sublink: the inner side's plan, scope and planner, its keys and join filter, the block items they read. */
    record Semi(boolean anti, boolean nullAware, JoinPlanner planner, PlanNode plan, Scope scope, List<Key> keys,
                List<io.stratum.compute.sql.ast.Expr> filters, int required) {
        /** The inner side's single table scan when it is one table without subquery conditions (an index loop can probe it). */
        JoinPlanner.Rel table() {
            return planner != null && planner.single() != null && !nullAware ? planner.single() : null;
        }
    }

    /** The semi join conjunct {@code c} (bound as {@code bound} in {@code full}) becomes, or null to keep it a subplan. */
    static Semi convert(final JoinPlanner jp, final io.stratum.compute.sql.ast.Expr c, final Expr bound, final Scope full) {
        try {
            if (c instanceof Exists) {
                return exists(jp, ((Exists) c).query(), false, full);
            }
            if (c instanceof Not && ((Not) c).operand() instanceof Exists) {
                return exists(jp, ((Exists) ((Not) c).operand()).query(), true, full);
            }
            if (c instanceof InSubquery && !(((InSubquery) c).operand() instanceof RowExpr)) {
                final InSubquery in = (InSubquery) c;
                return in(jp, in.operand(), in.query(), in.not(), bound, full);
            }
            if (c instanceof Not && ((Not) c).operand() instanceof InSubquery) {
                final InSubquery in = (InSubquery) ((Not) c).operand();
                return in.not() || in.operand() instanceof RowExpr ? null : in(jp, in.operand(), in.query(), true, bound, full);
            }
            if (c instanceof QuantifiedComparison && ((QuantifiedComparison) c).query() != null) {
                final QuantifiedComparison q = (QuantifiedComparison) c;
                final boolean any = q.quantifier() != Quantifier.ALL;
                if (q.opSchema() == null && !(q.left() instanceof RowExpr) && (any ? q.op().equals("=") : q.op().equals("<>"))) {
                    return in(jp, q.left(), q.query(), !any, bound, full);
                }
            }
            return null;
        } finally {
            full.hits = null;
        }
    }

    private static Semi in(final JoinPlanner jp, final io.stratum.compute.sql.ast.Expr x, final Query q, final boolean not,
                           final Expr bound, final Scope full) {
        final Binder b = jp.binder();
        // the tested expression must read the block (without subqueries or volatile functions)...
        full.hits = new BitSet();
        final int subs = b.subqueries;
        final ExprBinder xb = new ExprBinder(b, full);
        final Expr xe = xb.bind(x);
        if (xb.maxRef < 0 || b.subqueries != subs || !PlanExprs.immutable(xe)) {
            return null;
        }
        final int required = jp.itemsOf(full.hits);
        // ... and the subquery must not
        full.hits = new BitSet();
        final PlanNode probe = b.bindQuery(q, full);
        if (!full.hits.isEmpty() || probe.columns().size() != 1) {
            return null;
        }
        full.hits = null;
        final PgType t = probe.columns().get(0).type();
        final Select s = plainSelect(q) && q.limit() == null && ((Select) q.body()).items().size() == 1
            && !(((Select) q.body()).items().get(0).expr() instanceof Star) ? (Select) q.body() : null;
        final Scope outer = jp.outer();
        JoinPlanner planner = null;
        PlanNode plan;
        Scope scope;
        Expr inner;
        if (s != null) {
            final List<Binder.Item> items = items(b, s.from(), outer);
            if (items == null) {
                return null;
            }
            scope = scopeOf(items, outer);
            SelectBinder.prune(items, ColumnUse.of(s, q.orderBy()));
            final List<io.stratum.compute.sql.ast.Expr> conj = new ArrayList<>();
            if (s.where() != null) {
                Binder.splitAnd(s.where(), conj);
            }
            planner = new JoinPlanner(b, items, outer);
            plan = planner.plan(conj, scope);
            inner = new ExprBinder(b, scope).bind(s.items().get(0).expr());
            inner = Coerce.to(inner.type() == PgType.UNKNOWN ? Coerce.to(inner, PgType.TEXT, b.ctx) : inner, t, b.ctx);
        } else {
            plan = b.bindQuery(q, outer);
            scope = new Scope(outer);
            scope.add(null, null, plan.columns());
            inner = new Exprs.Col(0, plan.columns().get(0).type(), plan.columns().get(0).name());
        }
        final int item = Integer.bitCount(required) == 1 ? Integer.numberOfTrailingZeros(required) : -1;
        final Key key = new Key(x, item, t, inner, innerColumn(planner, inner), null);
        return new Semi(not, not, planner, plan, scope, List.of(key), List.of(), required);
    }

    private static Semi exists(final JoinPlanner jp, final Query q, final boolean anti, final Scope full) {
        final Binder b = jp.binder();
        if (!plainSelect(q) || q.limit() != null && !(q.limit() instanceof NullLit
            || q.limit() instanceof IntLit && ((IntLit) q.limit()).value() > 0)) {
            return null;
        }
        final Select s = (Select) q.body();
        for (final SelectItem it : s.items()) {
            if (SelectBinder.containsAgg(it.expr()) || SelectBinder.containsWindowOrSrf(it.expr())) {
                return null;
            }
        }
        if (s.where() == null) {
            return null;
        }
        // bound once under the block (recording what reads it), then again for real under the block's outer scope
        full.hits = new BitSet();
        final List<Binder.Item> probe = items(b, s.from(), full);
        if (probe == null || !full.hits.isEmpty()) {
            return null;
        }
        final Scope probeScope = scopeOf(probe, full);
        final List<io.stratum.compute.sql.ast.Expr> conj = new ArrayList<>();
        Binder.splitAnd(s.where(), conj);
        final List<io.stratum.compute.sql.ast.Expr> local = new ArrayList<>();
        final List<io.stratum.compute.sql.ast.Expr> correlated = new ArrayList<>();
        final BitSet reads = new BitSet();
        for (final io.stratum.compute.sql.ast.Expr c : conj) {
            full.hits.clear();
            final Expr e = new ExprBinder(b, probeScope).bind(c);
            if (full.hits.isEmpty()) {
                local.add(c);
            } else if (!PlanExprs.immutable(e)) {
                return null;
            } else {
                correlated.add(c);
                reads.or(full.hits);
            }
        }
        if (correlated.isEmpty()) {
            return null;
        }
        // which correlated conjuncts are inner = outer equalities (the outer side reading one item of the block)
        final List<io.stratum.compute.sql.ast.Expr[]> keyAsts = new ArrayList<>();
        final List<io.stratum.compute.sql.ast.Expr> keyWholes = new ArrayList<>();
        final List<Integer> keyItems = new ArrayList<>();
        final List<io.stratum.compute.sql.ast.Expr> filters = new ArrayList<>();
        for (final io.stratum.compute.sql.ast.Expr c : correlated) {
            final io.stratum.compute.sql.ast.Expr[] pair = keyPair(jp, c, probeScope, full);
            if (pair == null) {
                filters.add(c);
            } else {
                keyAsts.add(pair);
                keyWholes.add(c);
                keyItems.add(jp.itemsOf(full.hits));
            }
        }
        full.hits = null;
        final Scope outer = jp.outer();
        final List<Binder.Item> items = items(b, s.from(), outer);
        if (items == null) {
            return null;
        }
        final Scope scope = scopeOf(items, outer);
        SelectBinder.prune(items, ColumnUse.of(s, q.orderBy()));
        final JoinPlanner planner = new JoinPlanner(b, items, outer);
        final PlanNode plan = planner.plan(local, scope);
        final List<Key> keys = new ArrayList<>();
        for (int i = 0; i < keyAsts.size(); i++) {
            final Expr inner = new ExprBinder(b, scope).bind(keyAsts.get(i)[0]);
            keys.add(new Key(keyAsts.get(i)[1], Integer.numberOfTrailingZeros(keyItems.get(i)), null, inner,
                innerColumn(planner, inner), keyWholes.get(i)));
        }
        return new Semi(anti, false, planner, plan, scope, keys, filters, jp.itemsOf(reads));
    }

    /**
     * {@code [inner side, outer side]} when {@code c} is an equality between an expression of the subquery's
     * items only and one of a single item of the block only (their types of one category), else null; on
     * success {@code full.hits} holds the block columns the outer side reads.
     */
    private static io.stratum.compute.sql.ast.Expr[] keyPair(final JoinPlanner jp, final io.stratum.compute.sql.ast.Expr c,
                                                           final Scope probeScope, final Scope full) {
        if (!(c instanceof BinaryOp) || !((BinaryOp) c).op().equals("=")) {
            return null;
        }
        final BinaryOp op = (BinaryOp) c;
        for (int flip = 0; flip < 2; flip++) {
            final io.stratum.compute.sql.ast.Expr in = flip == 0 ? op.left() : op.right();
            final io.stratum.compute.sql.ast.Expr out = flip == 0 ? op.right() : op.left();
            full.hits.clear();
            final ExprBinder ib = new ExprBinder(jp.binder(), probeScope);
            final Expr ie = ib.bind(in);
            if (ib.maxRef < 0 || ib.outerRef || !full.hits.isEmpty()) {
                continue;
            }
            final ExprBinder ob = new ExprBinder(jp.binder(), probeScope);
            final Expr oe = ob.bind(out);
            if (ob.maxRef >= 0 || full.hits.isEmpty() || Integer.bitCount(jp.itemsOf(full.hits)) != 1) {
                continue;
            }
            // the outer side must read nothing but the block (bound in the block's scope: no outer references)
            final BitSet hits = (BitSet) full.hits.clone();
            final ExprBinder fb = new ExprBinder(jp.binder(), full);
            fb.bind(out);
            full.hits = hits;
            if (fb.outerRef || SqlTypes.category(ie.type()) != SqlTypes.category(oe.type()) || ie.type() == PgType.UNKNOWN
                || oe.type() == PgType.UNKNOWN) {
                continue;
            }
            return new io.stratum.compute.sql.ast.Expr[] {in, out};
        }
        return null;
    }

    /** A SELECT block a sublink may be pulled up from: no WITH, set operation, OFFSET, row locks, grouping or aggregates. */
    private static boolean plainSelect(final Query q) {
        if (q.with() != null || !(q.body() instanceof Select) || q.offset() != null || !q.locking().isEmpty()) {
            return false;
        }
        final Select s = (Select) q.body();
        if (s.from().isEmpty() || !s.groupBy().isEmpty() || s.having() != null) {
            return false;
        }
        for (final SelectItem it : s.items()) {
            if (SelectBinder.containsAgg(it.expr()) || SelectBinder.containsWindowOrSrf(it.expr())) {
                return false;
            }
        }
        for (final OrderItem o : q.orderBy()) {
            if (SelectBinder.containsAgg(o.expr())) {
                return false;
            }
        }
        return !s.distinct() || s.distinctOn().isEmpty();
    }

    /** The subquery's FROM items bound under {@code parent}, or null when the join planner cannot take them. */
    private static List<Binder.Item> items(final Binder b, final List<io.stratum.compute.sql.ast.FromItem> from, final Scope parent) {
        final List<Binder.Item> out = new ArrayList<>();
        Scope soFar = null;
        for (final io.stratum.compute.sql.ast.FromItem f : from) {
            final Binder.Item it = b.item(f, parent, soFar);
            out.add(it);
            soFar = soFar == null ? it.local() : Binder.combine(soFar, it.local(), parent);
        }
        return JoinPlanner.applies(out) ? out : null;
    }

    private static Scope scopeOf(final List<Binder.Item> items, final Scope parent) {
        Scope s = items.get(0).local();
        for (int i = 1; i < items.size(); i++) {
            s = Binder.combine(s, items.get(i).local(), parent);
        }
        return s;
    }

    /** The inner key's column in the inner side's single table, or -1. */
    private static int innerColumn(final JoinPlanner planner, final Expr inner) {
        if (planner == null || planner.single() == null || !(inner instanceof Exprs.Col)) {
            return -1;
        }
        final Scans.TableScan scan = planner.single().scan;
        final int col = ((Exprs.Col) inner).index;
        return scan != null && col < scan.table().columns().size() ? col : -1;
    }
}
