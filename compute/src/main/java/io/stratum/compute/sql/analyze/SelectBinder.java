package io.stratum.compute.sql.analyze;

import io.stratum.compute.catalog.IndexDef;
import io.stratum.compute.catalog.TableDef;
import io.stratum.compute.exec.Aggregate;
import io.stratum.compute.exec.Expr;
import io.stratum.compute.exec.Exprs;
import io.stratum.compute.exec.Joins;
import io.stratum.compute.exec.Nodes;
import io.stratum.compute.exec.OutCol;
import io.stratum.compute.exec.PlanNode;
import io.stratum.compute.exec.Scans;
import io.stratum.compute.exec.SortNodes;
import io.stratum.compute.exec.SqlTypes;
import io.stratum.compute.exec.Window;
import io.stratum.compute.session.SqlException;
import io.stratum.compute.sql.ast.ColumnRef;
import io.stratum.compute.sql.ast.FuncCall;
import io.stratum.compute.sql.ast.IntLit;
import io.stratum.compute.sql.ast.LockStrength;
import io.stratum.compute.sql.ast.LockingClause;
import io.stratum.compute.sql.ast.OrderItem;
import io.stratum.compute.sql.ast.Select;
import io.stratum.compute.sql.ast.SelectItem;
import io.stratum.compute.sql.ast.Star;
import io.stratum.compute.types.PgType;
import java.util.ArrayList;
import java.util.List;

/** Binds one SELECT block with its ORDER BY and locking clause. */
final class SelectBinder {
    private final Binder b;
    private final Select s;
    private final Scope outer;
    private final BindContext ctx;
    /** The single base table of the FROM list and its scan's TID column (FOR UPDATE), else null / -1. */
    private TableDef lockTable;
    private int tidIndex = -1;
    private Expr lockRecheck;
    /** The column names this block mentions (its scans decode only those), or null: every column. */
    private java.util.Set<String> used;
    /**
     * An ORDER BY of one column of the FROM list, ascending, NULLS LAST, over no grouping (else null); the rows its
     * LIMIT (and OFFSET) reads, -1 without one, NaN when not a constant; the FROM column the join plan returns
     * its rows ascending on (then no sort is needed), or -1.
     */
    private ColumnRef orderHint;
    double limitHint = -1;
    private int sortedColumn = -1;

    SelectBinder(final Binder b, final Select s, final Scope outer) {
        this.b = b;
        this.s = s;
        this.outer = outer;
        this.ctx = b.ctx;
    }

    /** The FROM list with WHERE applied: returns the plan and sets {@code scope}. */
    record From(PlanNode plan, Scope scope) {
    }

    From from(final List<io.stratum.compute.sql.ast.FromItem> items, final io.stratum.compute.sql.ast.Expr where,
              final boolean forLock) {
        if (items.isEmpty()) {
            PlanNode p = new Nodes.Result();
            final Scope sc = new Scope(outer);
            if (where != null) {
                p = new Nodes.Filter(p, Coerce.toBool(new ExprBinder(b, sc).bind(where), "WHERE", ctx, where.pos()));
            }
            return new From(p, sc);
        }
        final List<Binder.Item> bound = new ArrayList<>();
        final List<Integer> ends = new ArrayList<>();
        Scope soFar = null;
        for (final io.stratum.compute.sql.ast.FromItem f : items) {
            final Binder.Item it = b.item(f, outer, soFar);
            bound.add(it);
            soFar = soFar == null ? it.local() : Binder.combine(soFar, it.local(), outer);
            ends.add(soFar.width);
        }
        final Scope full = soFar;
        prune(bound, used);
        final List<io.stratum.compute.sql.ast.Expr> conj = new ArrayList<>();
        if (where != null) {
            Binder.splitAnd(where, conj);
        }
        if (!forLock && JoinPlanner.applies(bound)) {
            final JoinPlanner jp = new JoinPlanner(b, bound, outer);
            final int col = orderColumn(full);
            if (col >= 0) {
                jp.orderBy(col, limitHint);
            }
            final PlanNode p = jp.plan(conj, full);
            sortedColumn = jp.sorted ? col : -1;
            return new From(p, full);
        }
        final List<List<io.stratum.compute.sql.ast.Expr>> levelAst = new ArrayList<>();
        final List<List<Expr>> levelExpr = new ArrayList<>();
        for (int i = 0; i <= bound.size(); i++) {
            levelAst.add(new ArrayList<>());
            levelExpr.add(new ArrayList<>());
        }
        for (final io.stratum.compute.sql.ast.Expr c : conj) {
            final ExprBinder eb = new ExprBinder(b, full);
            eb.clause = "WHERE";
            final int subs = b.subqueries;
            final Expr e = Coerce.toBool(eb.bind(c), "WHERE", ctx, c.pos());
            int level = bound.size();
            if (b.subqueries == subs) {
                level = 0;
                while (eb.maxRef >= ends.get(level)) {
                    level++;
                }
            }
            levelAst.get(level).add(c);
            levelExpr.get(level).add(e);
        }
        final Binder.Item first = bound.get(0);
        PlanNode plan = first.plan();
        if (plan instanceof Scans.TableScan && bound.size() == 1 && forLock) {
            lockTable = ((Scans.TableScan) plan).table();
            plan = new Scans.TableScan(lockTable, ((Scans.TableScan) plan).alias(),
                plan.columns().subList(0, lockTable.columns().size()), true);
            tidIndex = lockTable.columns().size();
        }
        if (!levelExpr.get(0).isEmpty()) {
            final Expr pred = and(levelExpr.get(0));
            List<Expr> rest = levelExpr.get(0);
            if (plan instanceof Scans.TableScan) {
                final IndexChoice.Choice idx = IndexChoice.choose((Scans.TableScan) plan, levelExpr.get(0), ctx,
                    tidIndex >= 0 || ((Scans.TableScan) plan).withTid());
                if (idx != null) {
                    plan = idx.scan();
                    rest = new ArrayList<>(rest);
                    rest.removeIf(e -> idx.enforced().stream().anyMatch(u -> u == e));
                }
            }
            if (!rest.isEmpty()) {
                plan = new Nodes.Filter(plan, and(rest));
            }
            lockRecheck = pred;
        }
        Scope prefix = first.local();
        for (int k = 1; k < bound.size(); k++) {
            final Binder.Item r = bound.get(k);
            final Scope combined = Binder.combine(prefix, r.local(), outer);
            plan = b.joinPlan(Joins.Kind.INNER, new Binder.Item(plan, prefix), r, combined, levelAst.get(k), List.of());
            prefix = combined;
        }
        if (!levelExpr.get(bound.size()).isEmpty()) {
            plan = new Nodes.Filter(plan, and(levelExpr.get(bound.size())));
        }
        return new From(plan, full);
    }

    /** Table scans of a block decode only the columns it names ({@code used}; when it names a table, all of them). */
    static void prune(final List<Binder.Item> bound, final java.util.Set<String> used) {
        if (used == null) {
            return;
        }
        for (int k = 0; k < bound.size(); k++) {
            final Binder.Item it = bound.get(k);
            if (!(it.plan() instanceof Scans.TableScan) || ((Scans.TableScan) it.plan()).withTid()) {
                continue;
            }
            final Scans.TableScan scan = (Scans.TableScan) it.plan();
            boolean whole = false;
            for (final Scope.Entry e : it.local().entries) {
                whole |= e.alias() != null && used.contains(e.alias());
            }
            final List<OutCol> cols = it.local().columns();
            final boolean[] wanted = new boolean[scan.table().columns().size()];
            boolean all = true;
            for (int i = 0; i < wanted.length && i < cols.size(); i++) {
                wanted[i] = whole || used.contains(cols.get(i).name());
                all &= wanted[i];
            }
            if (!all) {
                bound.set(k, new Binder.Item(scan.reading(wanted), it.local(), it.lateral()));
            }
        }
    }

    /** The ORDER BY column the join planner may return its rows in the order of (see {@link #orderHint}), or null. */
    private ColumnRef orderHint(final List<OrderItem> orderBy) {
        if (orderBy.size() != 1 || !(orderBy.get(0).expr() instanceof ColumnRef) || !s.groupBy().isEmpty() || s.having() != null
            || s.distinct() || orderBy.get(0).order() == io.stratum.compute.sql.ast.SortOrder.DESC
            || orderBy.get(0).order() == io.stratum.compute.sql.ast.SortOrder.USING
            || orderBy.get(0).nulls() == io.stratum.compute.sql.ast.NullOrdering.FIRST) {
            return null;
        }
        final ColumnRef c = (ColumnRef) orderBy.get(0).expr();
        for (final SelectItem it : s.items()) {
            // a bare name may be an output column's: then only when every output is a column under its own name
            if (containsAgg(it.expr()) || containsWindowOrSrf(it.expr()) || c.parts().size() == 1 && (it.alias() != null
                || !(it.expr() instanceof ColumnRef || it.expr() instanceof Star))) {
                return null;
            }
        }
        return c;
    }

    /** The FROM list's column {@link #orderHint} names, or -1. */
    private int orderColumn(final Scope full) {
        if (orderHint == null) {
            return -1;
        }
        try {
            final Expr e = new ExprBinder(b, full).bind(orderHint);
            return e instanceof Exprs.Col && ((Exprs.Col) e).index < full.width ? ((Exprs.Col) e).index : -1;
        } catch (final SqlException e) {
            return -1; // its error is reported where ORDER BY is bound
        }
    }

    /** Whether the plan's rows already come in ORDER BY's order: a join plan's in {@link #sortedColumn}'s. */
    private boolean inOrder(final Outputs out, final boolean regrouped) {
        if (sortedColumn < 0 || regrouped || out.keys.size() != 1 || out.keys.get(0).descending() || out.keys.get(0).nullsFirst()
            || !(out.keys.get(0).expr() instanceof Exprs.Col)) {
            return false;
        }
        final int k = ((Exprs.Col) out.keys.get(0).expr()).index;
        final Expr src = k < out.exprs.size() ? out.exprs.get(k) : out.junk.get(k - out.exprs.size());
        return src instanceof Exprs.Col && ((Exprs.Col) src).index == sortedColumn;
    }

    static Expr and(final List<Expr> es) {
        return es.size() == 1 ? es.get(0) : new Exprs.And(es);
    }

    static boolean containsAgg(final io.stratum.compute.sql.ast.Node n) {
        return AstWalk.any(n, x -> x instanceof FuncCall && ((FuncCall) x).over() == null
            && Functions.isAggregate(((FuncCall) x).name().name()));
    }

    static boolean containsWindowOrSrf(final io.stratum.compute.sql.ast.Node n) {
        return AstWalk.any(n, x -> x instanceof FuncCall && (((FuncCall) x).over() != null
            || Functions.isSetReturning(((FuncCall) x).name().name(), null)));
    }

    PlanNode bind(final List<OrderItem> orderBy, final List<LockingClause> locking) {
        used = locking.isEmpty() ? ColumnUse.of(s, orderBy) : null;
        orderHint = orderHint(orderBy);
        final From from = from(s.from(), s.where(), !locking.isEmpty());
        PlanNode plan = from.plan();
        final Scope scope = from.scope();
        boolean hasAgg = !s.groupBy().isEmpty() || s.having() != null;
        boolean appendedNeeded = false;
        for (final SelectItem it : s.items()) {
            hasAgg |= containsAgg(it.expr());
            appendedNeeded |= containsWindowOrSrf(it.expr());
        }
        for (final OrderItem o : orderBy) {
            hasAgg |= containsAgg(o.expr());
        }
        ExprBinder.AggState agg = null;
        Scope post = scope;
        // PostgreSQL analyses the select list before GROUP BY: its errors (42883 max(boolean) ...) come first
        SqlException groupByError = null;
        if (hasAgg) {
            agg = new ExprBinder.AggState(scope);
            final ExprBinder pre = new ExprBinder(b, scope);
            for (final io.stratum.compute.sql.ast.Expr g : s.groupBy()) {
                io.stratum.compute.sql.ast.Expr ge = g;
                if (nonIntegerConstant(g)) {
                    if (groupByError == null) {
                        groupByError = new SqlException("42601", "non-integer constant in GROUP BY", null, null, g.pos() + 1, null);
                    }
                    continue;
                }
                if (g instanceof IntLit) {
                    final int k = (int) ((IntLit) g).value();
                    if (k < 1 || k > s.items().size()) {
                        throw new SqlException("42P10", "GROUP BY position " + k + " is not in select list", null, null,
                            g.pos() + 1, null);
                    }
                    ge = s.items().get(k - 1).expr();
                } else if (g instanceof ColumnRef && ((ColumnRef) g).parts().size() == 1
                    && scope.resolve(((ColumnRef) g).parts(), g.pos()) == null) {
                    for (final SelectItem it : s.items()) {
                        if (((ColumnRef) g).column().equals(it.alias())) {
                            ge = it.expr();
                        }
                    }
                }
                final Expr k = pre.bind(ge);
                JsonBinder.checkEquality(k.type(), g.pos());
                agg.keys.add(k);
                // matched as PostgreSQL matches them, before folding (GROUP BY c + (1 + 1) does not cover c + 2)
                agg.keyFps.add(ctx.folding == null ? k.explain() : FoldBinder.frozen(pre, ge).explain());
            }
            post = new Scope(outer);
        }
        // bind outputs (twice when appended columns must come after aggregates)
        Outputs out = null;
        final int base;
        try {
            if (hasAgg && appendedNeeded) {
                final ExprBinder.AggState trial = copyAgg(agg);
                outputs(post, trial, Integer.MAX_VALUE / 4, orderBy);
                for (int i = agg.aggs.size(); i < trial.aggs.size(); i++) {
                    agg.aggs.add(trial.aggs.get(i));
                    agg.aggFps.add(trial.aggFps.get(i));
                }
            }
            base = hasAgg ? agg.keys.size() + agg.aggs.size() : scope.width + (tidIndex >= 0 ? 1 : 0);
            out = outputs(post, agg, base, orderBy);
        } catch (final SqlException e) {
            // ... but GROUP BY's own error precedes the check that columns are grouped (parseCheckAggregates)
            throw groupByError != null && e.sqlState().equals("42803") ? groupByError : e;
        }
        if (groupByError != null) {
            throw groupByError;
        }
        if (hasAgg) {
            final List<OutCol> aggCols = new ArrayList<>();
            for (final Expr k : agg.keys) {
                aggCols.add(OutCol.of(k.explain(), k.type()));
            }
            for (final Aggregate.Spec a : agg.aggs) {
                aggCols.add(OutCol.of(a.kind(), a.type()));
            }
            if (appendedNeeded && agg.aggs.size() + agg.keys.size() != base) {
                throw new SqlException("XX000", "aggregate binding mismatch");
            }
            plan = new Aggregate(plan, agg.keys, agg.aggs, aggCols);
            if (out.having != null) {
                plan = new Nodes.Filter(plan, out.having);
            }
        }
        if (lockTable != null && !hasAgg) {
            final LockingClause lc = locking.get(0);
            final boolean share = lc.strength() == LockStrength.SHARE || lc.strength() == LockStrength.KEY_SHARE;
            final int wait = lc.waitPolicy().ordinal();
            plan = new Scans.LockRows(plan, lockTable, tidIndex, share, wait, lockRecheck);
        }
        if (!out.app.windows.isEmpty()) {
            final List<OutCol> wc = new ArrayList<>(plan.columns());
            for (final Window.Spec w : out.app.windows) {
                wc.add(OutCol.of(w.fn(), w.type()));
            }
            plan = new Window(plan, out.app.windows, wc);
        }
        if (!out.app.srfs.isEmpty()) {
            final List<OutCol> sc = new ArrayList<>(plan.columns());
            for (final Expr e : out.app.srfs) {
                sc.add(OutCol.of("srf", e.type()));
            }
            plan = new Scans.ProjectSet(plan, out.app.srfs, sc);
        }
        final List<OutCol> cols = new ArrayList<>(out.cols);
        final List<Expr> exprs = new ArrayList<>(out.exprs);
        for (final Expr j : out.junk) {
            cols.add(OutCol.of("?junk?", j.type()));
            exprs.add(j);
        }
        plan = new Nodes.Project(plan, cols, exprs);
        if (s.distinct()) {
            if (s.distinctOn().isEmpty()) {
                for (final OutCol c : cols) {
                    JsonBinder.checkEquality(c.type(), s.pos());
                }
            }
            List<Expr> on = null;
            if (!s.distinctOn().isEmpty()) {
                on = new ArrayList<>();
                final Scope os = new Scope(outer);
                os.add(null, null, cols);
                for (final io.stratum.compute.sql.ast.Expr d : s.distinctOn()) {
                    on.add(new Exprs.Col(outputIndex(d, out), PgType.TEXT, "distinct"));
                }
            }
            if (on != null && !out.keys.isEmpty()) {
                // the leftmost ORDER BY items must be DISTINCT ON expressions
                final java.util.Set<Integer> onIdx = new java.util.HashSet<>();
                on.forEach(x -> onIdx.add(((Exprs.Col) x).index));
                for (int i = 0; i < Math.min(on.size(), out.keys.size()); i++) {
                    final Expr k = out.keys.get(i).expr();
                    if (!(k instanceof Exprs.Col) || !onIdx.contains(((Exprs.Col) k).index)) {
                        throw new SqlException("42P10", "SELECT DISTINCT ON expressions must match initial ORDER BY expressions",
                            null, null, s.distinctOn().get(0).pos() + 1, null);
                    }
                }
                plan = new SortNodes.Distinct(new SortNodes.Sort(plan, out.keys), on);
            } else {
                plan = new SortNodes.Distinct(plan, on);
                if (!out.keys.isEmpty()) {
                    plan = new SortNodes.Sort(plan, out.keys);
                }
            }
        } else if (!out.keys.isEmpty() && !inOrder(out, hasAgg || !out.app.windows.isEmpty() || !out.app.srfs.isEmpty())) {
            plan = new SortNodes.Sort(plan, out.keys);
        }
        if (!out.junk.isEmpty()) {
            plan = new Nodes.Trim(plan, out.cols.size());
        }
        return plan;
    }

    private int outputIndex(final io.stratum.compute.sql.ast.Expr d, final Outputs out) {
        if (d instanceof IntLit) {
            return (int) ((IntLit) d).value() - 1;
        }
        for (int i = 0; i < out.asts.size(); i++) {
            if (AstWalk.same(out.asts.get(i), d) || (d instanceof ColumnRef && out.cols.get(i).name().equals(((ColumnRef) d).column()))) {
                return i;
            }
        }
        throw new SqlException("42P10", "SELECT DISTINCT ON expressions must match initial ORDER BY expressions", null, null,
            d.pos() + 1, null);
    }

    private static ExprBinder.AggState copyAgg(final ExprBinder.AggState a) {
        final ExprBinder.AggState c = new ExprBinder.AggState(a.preScope);
        c.keys.addAll(a.keys);
        c.keyFps.addAll(a.keyFps);
        c.aggs.addAll(a.aggs);
        c.aggFps.addAll(a.aggFps);
        return c;
    }

    /** Bound select list, HAVING and ORDER BY keys. */
    static final class Outputs {
        final List<OutCol> cols = new ArrayList<>();
        final List<Expr> exprs = new ArrayList<>();
        final List<io.stratum.compute.sql.ast.Expr> asts = new ArrayList<>();
        final List<Expr> junk = new ArrayList<>();
        final List<SortNodes.Key> keys = new ArrayList<>();
        Expr having;
        ExprBinder.Appended app;
    }

    private Outputs outputs(final Scope post, final ExprBinder.AggState agg, final int base, final List<OrderItem> orderBy) {
        final Outputs o = new Outputs();
        final ExprBinder eb = new ExprBinder(b, post);
        eb.agg = agg;
        o.app = new ExprBinder.Appended(base);
        eb.appended = o.app;
        final Scope in = agg == null ? post : agg.preScope;
        int item = -1;
        for (final SelectItem it : s.items()) {
            item++;
            if (it.expr() instanceof Star) {
                final Star st = (Star) it.expr();
                final List<Scope.Entry> entries = st.qualifier().isEmpty() ? in.entries : List.of(in.entry(st.qualifier(), st.pos()));
                if (agg != null && !agg.keys.isEmpty() || agg != null && entries.stream().anyMatch(e -> !e.cols().isEmpty())) {
                    if (agg != null) {
                        throw new SqlException("42803", "column \"" + entries.get(0).cols().get(0).name() + "\" must appear in the "
                            + "GROUP BY clause or be used in an aggregate function", null, null, st.pos() + 1, null);
                    }
                }
                if (st.qualifier().isEmpty() && in.entries.isEmpty()) {
                    throw new SqlException("42601", "SELECT * with no tables specified is not valid", null, null, st.pos() + 1, null);
                }
                for (final Scope.Entry e : entries) {
                    for (int i = 0; i < e.cols().size(); i++) {
                        final OutCol c = e.cols().get(i);
                        if (st.qualifier().isEmpty() && e.hidden().contains(c.name())
                            || io.stratum.compute.catalog.ColumnDef.droppedName(c.name())) {
                            continue; // merged into the join's USING column, or a dropped column
                        }
                        b.ctx.noteColumn(c);
                        o.cols.add(c);
                        o.exprs.add(new Exprs.Col(e.offset() + i, c.type(), (e.alias() == null ? "" : e.alias() + ".") + c.name())
                            .withTypmod(c.typmod()));
                        o.asts.add(new ColumnRef(List.of(c.name()), st.pos()));
                    }
                }
                continue;
            }
            String name = it.alias() != null ? it.alias() : Names.figure(it.expr());
            Expr e = FoldBinder.frozenOutput(ctx, s, item, name, agg != null)
                ? FoldBinder.existsOutput(ctx, s, FoldBinder.frozen(eb, it.expr())) : eb.bind(it.expr());
            if (e.type() == PgType.UNKNOWN) {
                e = Coerce.to(e, PgType.TEXT, ctx);
            }
            if (it.alias() == null && it.expr() instanceof io.stratum.compute.sql.ast.ScalarSubquery
                && e instanceof io.stratum.compute.exec.MoreExprs.Sub) {
                final String inner = ((io.stratum.compute.exec.MoreExprs.Sub) e).plan().columns().get(0).name();
                if (!inner.equals("?column?")) {
                    name = inner;
                }
            }
            OutCol col = new OutCol(name, e.type(), e.typmod(), 0, 0);
            // a column as written (not a CASE or COALESCE that folding reduced to one): its table and attnum
            if (e instanceof Exprs.Col && agg == null && ((Exprs.Col) e).index < in.width && !FoldBinder.simplifiable(it.expr())) {
                final OutCol src = in.columns().get(((Exprs.Col) e).index);
                col = new OutCol(name, e.type(), src.typmod(), src.tableOid(), src.attnum());
            }
            o.cols.add(col);
            o.exprs.add(e);
            o.asts.add(it.expr());
        }
        if (s.having() != null) {
            o.having = Coerce.toBool(eb.bind(s.having()), "HAVING", ctx, s.having().pos());
        }
        eb.appended = null;
        for (final OrderItem oi : orderBy) {
            final io.stratum.compute.sql.ast.Expr x = oi.expr();
            int idx = -1;
            if (nonIntegerConstant(x)) {
                throw new SqlException("42601", "non-integer constant in ORDER BY", null, null, x.pos() + 1, null);
            }
            if (x instanceof IntLit) {
                idx = (int) ((IntLit) x).value() - 1;
                if (idx < 0 || idx >= o.cols.size()) {
                    throw new SqlException("42P10", "ORDER BY position " + (idx + 1) + " is not in select list", null, null,
                        x.pos() + 1, null);
                }
            } else if (x instanceof ColumnRef && ((ColumnRef) x).parts().size() == 1) {
                final String n = ((ColumnRef) x).column();
                for (int i = 0; i < o.cols.size(); i++) {
                    if (o.cols.get(i).name().equals(n) && (s.items().get(Math.min(i, s.items().size() - 1)).alias() != null
                        || in.resolve(((ColumnRef) x).parts(), x.pos()) == null || sameColumn(o, i, x))) {
                        idx = i;
                        break;
                    }
                }
            }
            if (idx < 0) {
                for (int i = 0; i < o.asts.size(); i++) {
                    if (AstWalk.same(o.asts.get(i), x)) {
                        idx = i;
                        break;
                    }
                }
            }
            final Expr key;
            if (idx >= 0) {
                key = new Exprs.Col(idx, o.cols.get(idx).type(), o.cols.get(idx).name());
            } else {
                Expr e = eb.bind(x);
                if (e.type() == PgType.UNKNOWN) {
                    e = Coerce.to(e, PgType.TEXT, ctx);
                }
                o.junk.add(e);
                final int j = o.cols.size() + o.junk.size() - 1;
                key = new Exprs.Col(j, e.type(), e.explain());
            }
            o.keys.add(eb.sortKey(oi, key));
        }
        return o;
    }

    private static boolean sameColumn(final Outputs o, final int i, final io.stratum.compute.sql.ast.Expr x) {
        return AstWalk.same(o.asts.get(i), x);
    }

    /** Whether a type can be an index key here. */
    static boolean indexable(final PgType t) {
        return t != null && SqlTypes.category(t) != 'U' && SqlTypes.category(t) != 'A';
    }

    /** The index of a table usable for a unique lookup on {@code attnums}, or null. */
    static IndexDef uniqueIndexOn(final TableDef t, final int[] attnums) {
        for (final IndexDef i : t.indexes()) {
            if (i.unique() && i.plain() && java.util.Arrays.equals(i.keyAttnums(), attnums)) {
                return i;
            }
        }
        return null;
    }

    /**
     * Whether a GROUP BY or (query-level) ORDER BY item is a bare constant that is no integer, which PostgreSQL's
     * findTargetlistEntrySQL92 refuses (42601 {@code non-integer constant in ...}): a string, numeric, boolean or
     * NULL literal, or an integer literal its lexer reads as numeric ({@link IntLit#isIntegerConstant}).
     */
    static boolean nonIntegerConstant(final io.stratum.compute.sql.ast.Expr e) {
        return e instanceof io.stratum.compute.sql.ast.StringLit || e instanceof io.stratum.compute.sql.ast.NumericLit
            || e instanceof io.stratum.compute.sql.ast.BoolLit || e instanceof io.stratum.compute.sql.ast.NullLit
            || e instanceof IntLit && !((IntLit) e).isIntegerConstant();
    }
}
