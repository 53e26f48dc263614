package io.stratum.compute.sql.analyze;

import io.stratum.compute.catalog.IndexDef;
import io.stratum.compute.catalog.TableDef;
import io.stratum.compute.exec.Expr;
import io.stratum.compute.exec.Exprs;
import io.stratum.compute.exec.Joins;
import io.stratum.compute.exec.Nodes;
import io.stratum.compute.exec.OutCol;
import io.stratum.compute.exec.PlanExprs;
import io.stratum.compute.exec.PlanNode;
import io.stratum.compute.exec.Scans;
import io.stratum.compute.exec.SqlTypes;
import io.stratum.compute.sql.ast.BinaryOp;
import io.stratum.compute.stats.ColumnStats;
import io.stratum.compute.stats.TableStats;
import io.stratum.compute.types.PgType;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Plans a SELECT's FROM list with its WHERE clause when every item is an inner join of the list (no
 * LATERAL, no row locks): each conjunct that reads one item is pushed into that item (an index scan when
 * the estimated cost is lower than a sequential scan's), equalities between two items become join edges,
 * and the items are joined greedily, smallest estimated result first, each step either a hash join (its
 * table built on the smaller side) or an index nested loop into the new item's index. Estimates come from
 * ANALYZE's statistics ({@link BindContext.TableEstimates}) with PostgreSQL's defaults where none are known.
 * The output keeps the FROM list's column order. One per SELECT block; not thread-safe.
 */
final class JoinPlanner {
    /** Cost units (about microseconds here): a row of a sequential scan, an index descent, a row fetched by TID. */
    static final double SCAN = 1.0;
    static final double PROBE = 10.0;
    static final double FETCH = 3.0;
    static final double BUILD = 1.5;
    static final double HASH_PROBE = 0.5;
    /** PostgreSQL's default number of distinct values of a column without statistics. */
    static final double DEFAULT_DISTINCT = 200;

    private record Edge(int a, int b, io.stratum.compute.sql.ast.Expr aSide, io.stratum.compute.sql.ast.Expr bSide,
                        io.stratum.compute.sql.ast.Expr whole) {
    }

    private record General(int lo, int hi, io.stratum.compute.sql.ast.Expr ast) {
    }

    /** A partial plan: the items joined so far, in the order their columns appear. */
    private record Part(PlanNode plan, List<Integer> layout, double rows) {
    }

    /** One FROM item: its scan (when a table), statistics, pushed filters and chosen access path. */
    private final class Rel {
        final Binder.Item item;
        final Scans.TableScan scan;
        final TableStats stats;
        final List<Expr> filters = new ArrayList<>();
        double baseRows;
        double rows;
        PlanNode access;
        double cost;

        Rel(final Binder.Item item) {
            this.item = item;
            this.scan = item.plan() instanceof Scans.TableScan ? (Scans.TableScan) item.plan() : null;
            this.stats = scan == null || ctx.estimates == null ? null : ctx.estimates.stats(scan.table());
        }

        ColumnStats column(final int i) {
            return stats == null || i >= scan.table().columns().size() ? null : stats.column(i);
        }
    }

    private final Binder b;
    private final BindContext ctx;
    private final Scope outer;
    private final List<Binder.Item> items;
    private final int[] offsets;
    private final List<Rel> rels = new ArrayList<>();
    private final List<Edge> edges = new ArrayList<>();
    private final List<General> generals = new ArrayList<>();

    JoinPlanner(final Binder b, final List<Binder.Item> items, final Scope outer) {
        this.b = b;
        this.ctx = b.ctx;
        this.outer = outer;
        this.items = items;
        this.offsets = new int[items.size() + 1];
        for (int i = 0; i < items.size(); i++) {
            offsets[i + 1] = offsets[i] + items.get(i).local().width;
        }
    }

    /** Whether this planner can take the items: no LATERAL, and each item's plan as wide as its scope. */
    static boolean applies(final List<Binder.Item> items) {
        for (final Binder.Item it : items) {
            if (it.lateral() || it.plan().columns().size() != it.local().width) {
                return false;
            }
        }
        return true;
    }

    private int itemOf(final int column) {
        int i = 0;
        while (column >= offsets[i + 1]) {
            i++;
        }
        return i;
    }

    /** The plan of the FROM list and WHERE conjuncts; its columns are the items' in FROM order ({@code full}). */
    PlanNode plan(final List<io.stratum.compute.sql.ast.Expr> conjuncts, final Scope full) {
        final List<List<io.stratum.compute.sql.ast.Expr>> pushed = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            pushed.add(new ArrayList<>());
        }
        final List<Expr> top = new ArrayList<>();
        for (final io.stratum.compute.sql.ast.Expr c : conjuncts) {
            final ExprBinder eb = new ExprBinder(b, full);
            eb.clause = "WHERE";
            final int subs = b.subqueries;
            final Expr e = Coerce.toBool(eb.bind(c), "WHERE", ctx, c.pos());
            if (b.subqueries != subs) {
                top.add(e);
            } else if (eb.maxRef < 0) {
                pushed.get(0).add(c);
            } else if (itemOf(eb.minRef) == itemOf(eb.maxRef)) {
                pushed.get(itemOf(eb.minRef)).add(c);
            } else if (!edge(c, full)) {
                generals.add(new General(itemOf(eb.minRef), itemOf(eb.maxRef), c));
            }
        }
        for (int i = 0; i < items.size(); i++) {
            rels.add(access(new Rel(items.get(i)), pushed.get(i)));
        }
        PlanNode plan = items.size() == 1 ? rels.get(0).access : join(full);
        if (!top.isEmpty()) {
            plan = new Nodes.Filter(plan, SelectBinder.and(top));
        }
        return plan;
    }

    /** Records {@code a = b} between two items as a join edge (the sides bound apart, as hash keys are). */
    private boolean edge(final io.stratum.compute.sql.ast.Expr c, final Scope full) {
        if (!(c instanceof BinaryOp) || !((BinaryOp) c).op().equals("=")) {
            return false;
        }
        final BinaryOp op = (BinaryOp) c;
        final ExprBinder eb = new ExprBinder(b, full);
        final Expr x = eb.bind(op.left());
        final int xmin = eb.minRef;
        final int xmax = eb.maxRef;
        final boolean xo = eb.outerRef;
        eb.resetRefs();
        final Expr y = eb.bind(op.right());
        final boolean comparable = SqlTypes.category(x.type()) == SqlTypes.category(y.type()) && x.type() != PgType.UNKNOWN
            && !xo && !eb.outerRef;
        if (!comparable || xmax < 0 || eb.maxRef < 0 || itemOf(xmin) != itemOf(xmax) || itemOf(eb.minRef) != itemOf(eb.maxRef)
            || itemOf(xmin) == itemOf(eb.minRef)) {
            return false;
        }
        edges.add(new Edge(itemOf(xmin), itemOf(eb.minRef), op.left(), op.right(), c));
        return true;
    }

    // ---- one item ----

    private Rel access(final Rel r, final List<io.stratum.compute.sql.ast.Expr> asts) {
        for (final io.stratum.compute.sql.ast.Expr c : asts) {
            final ExprBinder eb = new ExprBinder(b, r.item.local());
            eb.clause = "WHERE";
            r.filters.addAll(PlanExprs.conjuncts(Coerce.toBool(eb.bind(c), "WHERE", ctx, c.pos())));
        }
        r.baseRows = r.scan == null ? 1000 : tableRows(r.scan.table(), r.stats);
        r.rows = Math.max(1, r.baseRows * selectivity(r, r.filters));
        PlanNode p = r.item.plan();
        List<Expr> rest = r.filters;
        r.cost = r.baseRows * SCAN;
        if (r.scan != null && !r.filters.isEmpty()) {
            final IndexChoice.Choice idx = IndexChoice.choose(r.scan, r.filters, ctx, r.scan.withTid());
            if (idx != null) {
                final double matched = Math.max(1, r.baseRows * selectivity(r, idx.enforced()));
                final double cost = PROBE + matched * FETCH;
                if (cost < r.cost) {
                    p = idx.scan();
                    r.cost = cost;
                    rest = new ArrayList<>(r.filters);
                    rest.removeIf(e -> idx.enforced().stream().anyMatch(u -> u == e));
                }
            }
        }
        r.access = rest.isEmpty() ? p : new Nodes.Filter(p, SelectBinder.and(rest));
        return r;
    }

    private double selectivity(final Rel r, final List<Expr> conjuncts) {
        if (conjuncts.isEmpty()) {
            return 1;
        }
        return PlanExprs.selectivity(conjuncts.size() == 1 ? conjuncts.get(0) : new Exprs.And(conjuncts), r::column);
    }

    /** ANALYZE's row count, else the heap's blocks times the rows a block holds at the columns' typical widths. */
    private double tableRows(final TableDef t, final TableStats stats) {
        if (stats != null) {
            return Math.max(1, stats.rows());
        }
        if (ctx.estimates == null) {
            return 1000;
        }
        int width = 28;
        for (final io.stratum.compute.catalog.ColumnDef c : t.columns()) {
            final PgType ty = c.type();
            width += ty == PgType.INT2 || ty == PgType.BOOL ? 2 : ty == PgType.INT4 || ty == PgType.DATE
                || ty == PgType.FLOAT4 ? 4 : ty == PgType.INT8 || ty == PgType.FLOAT8 ? 8 : 24;
        }
        return Math.max(1, ctx.estimates.blocks(t)) * Math.max(1, 8000 / width);
    }

    // ---- joins ----

    private PlanNode join(final Scope full) {
        final int n = items.size();
        final BitSet done = new BitSet(n);
        int start = 0;
        for (int i = 1; i < n; i++) {
            if (rels.get(i).rows < rels.get(start).rows) {
                start = i;
            }
        }
        done.set(start);
        Part part = new Part(rels.get(start).access, List.of(start), rels.get(start).rows);
        final BitSet usedGenerals = new BitSet(generals.size());
        while (done.cardinality() < n) {
            boolean connected = false;
            for (final Edge e : edges) {
                connected |= done.get(e.a) != done.get(e.b);
            }
            int best = -1;
            double bestRows = Double.MAX_VALUE;
            for (int k = 0; k < n; k++) {
                if (done.get(k) || (connected && !touches(done, k))) {
                    continue;
                }
                final double est = part.rows * rels.get(k).rows * edgeSelectivity(done, k);
                if (est < bestRows) {
                    best = k;
                    bestRows = est;
                }
            }
            part = step(part, done, best, Math.max(1, bestRows), usedGenerals);
            done.set(best);
        }
        final List<Integer> layout = part.layout;
        boolean same = true;
        for (int i = 0; i < n; i++) {
            same &= layout.get(i) == i;
        }
        if (same) {
            return part.plan;
        }
        final int[] pos = new int[n];
        int off = 0;
        for (final int item : layout) {
            pos[item] = off;
            off += items.get(item).local().width;
        }
        final List<OutCol> cols = new ArrayList<>();
        final List<Expr> exprs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            final List<OutCol> ic = items.get(i).plan().columns();
            for (int j = 0; j < ic.size(); j++) {
                cols.add(ic.get(j));
                exprs.add(new Exprs.Col(pos[i] + j, ic.get(j).type(), ic.get(j).name()));
            }
        }
        return new Nodes.Project(part.plan, cols, exprs);
    }

    private boolean touches(final BitSet done, final int k) {
        for (final Edge e : edges) {
            if ((e.a == k && done.get(e.b)) || (e.b == k && done.get(e.a))) {
                return true;
            }
        }
        return false;
    }

    /** The product of 1 / max(distinct values of the two sides) over the edges between the part and item k. */
    private double edgeSelectivity(final BitSet done, final int k) {
        double s = 1;
        for (final Edge e : edges) {
            if (e.a == k && done.get(e.b)) {
                s /= Math.max(distinct(e.a, e.aSide), distinct(e.b, e.bSide));
            } else if (e.b == k && done.get(e.a)) {
                s /= Math.max(distinct(e.a, e.aSide), distinct(e.b, e.bSide));
            }
        }
        return s;
    }

    /** Distinct values of an edge side in its item: statistics, a unique index's row count, else 200; at most its rows. */
    private double distinct(final int item, final io.stratum.compute.sql.ast.Expr side) {
        final Rel r = rels.get(item);
        final int col = PlanExprs.column(new ExprBinder(b, r.item.local()).bind(side));
        double d = DEFAULT_DISTINCT;
        if (col >= 0 && r.column(col) != null) {
            d = r.column(col).distinct();
        } else if (col >= 0 && r.scan != null && col < r.scan.table().columns().size()
            && SelectBinder.uniqueIndexOn(r.scan.table(), new int[] {col + 1}) != null) {
            d = r.baseRows;
        }
        return Math.max(1, Math.min(d, r.rows));
    }

    /** Joins item k to the part: a hash join on the edges between them, or an index nested loop into k. */
    private Part step(final Part part, final BitSet done, final int k, final double rows, final BitSet usedGenerals) {
        final Rel r = rels.get(k);
        final List<Edge> keys = new ArrayList<>();
        for (final Edge e : edges) {
            if ((e.a == k && done.get(e.b)) || (e.b == k && done.get(e.a))) {
                keys.add(e);
            }
        }
        final List<io.stratum.compute.sql.ast.Expr> residual = new ArrayList<>();
        for (int g = 0; g < generals.size(); g++) {
            final General gen = generals.get(g);
            boolean all = !usedGenerals.get(g);
            for (int i = gen.lo; i <= gen.hi && all; i++) {
                all = done.get(i) || i == k;
            }
            if (all) {
                usedGenerals.set(g);
                residual.add(gen.ast);
            }
        }
        final Part inl = indexLoop(part, k, keys, residual, rows);
        if (inl != null) {
            return inl;
        }
        final Scope partScope = scopeOf(part.layout);
        final boolean buildPart = part.rows < r.rows;
        final List<Integer> layout = new ArrayList<>();
        if (buildPart) {
            layout.add(k);
            layout.addAll(part.layout);
        } else {
            layout.addAll(part.layout);
            layout.add(k);
        }
        final Scope combined = scopeOf(layout);
        final List<Expr> partKeys = new ArrayList<>();
        final List<Expr> itemKeys = new ArrayList<>();
        for (final Edge e : keys) {
            final boolean kIsA = e.a == k;
            partKeys.add(new ExprBinder(b, partScope).bind(kIsA ? e.bSide : e.aSide));
            itemKeys.add(new ExprBinder(b, r.item.local()).bind(kIsA ? e.aSide : e.bSide));
        }
        final Expr res = residual(residual, combined);
        final PlanNode plan;
        if (keys.isEmpty()) {
            plan = buildPart ? new Joins.NestedLoop(Joins.Kind.INNER, r.access, part.plan, res, false)
                : new Joins.NestedLoop(Joins.Kind.INNER, part.plan, r.access, res, false);
        } else {
            plan = buildPart ? new Joins.Hash(Joins.Kind.INNER, r.access, part.plan, itemKeys, partKeys, res)
                : new Joins.Hash(Joins.Kind.INNER, part.plan, r.access, partKeys, itemKeys, res);
        }
        return new Part(plan, layout, rows);
    }

    /**
     * An index nested loop into item k when it is a table with an index whose leading columns the edges
     * equate to the part's values, and probing it once per row of the part costs less than scanning k and
     * hashing; else null.
     */
    private Part indexLoop(final Part part, final int k, final List<Edge> keys, final List<io.stratum.compute.sql.ast.Expr> residual,
                           final double rows) {
        final Rel r = rels.get(k);
        if (r.scan == null || keys.isEmpty()) {
            return null;
        }
        final TableDef t = r.scan.table();
        final int[] kCol = new int[keys.size()];
        for (int i = 0; i < keys.size(); i++) {
            final Edge e = keys.get(i);
            final Expr side = new ExprBinder(b, r.item.local()).bind(e.a == k ? e.aSide : e.bSide);
            kCol[i] = side instanceof Exprs.Col && ((Exprs.Col) side).index < t.columns().size() ? ((Exprs.Col) side).index : -1;
        }
        final Scope partScope = scopeOf(part.layout);
        IndexDef best = null;
        List<Integer> bestEdges = List.of();
        List<Expr> bestValues = List.of();
        for (final IndexDef ix : t.indexes()) {
            final List<Integer> used = new ArrayList<>();
            final List<Expr> values = new ArrayList<>();
            for (final int attnum : ix.keyAttnums()) {
                int found = -1;
                for (int i = 0; i < keys.size() && found < 0; i++) {
                    if (kCol[i] == attnum - 1 && !used.contains(i)) {
                        final Edge e = keys.get(i);
                        final Expr v = new ExprBinder(b, partScope).bind(e.a == k ? e.bSide : e.aSide);
                        if (IndexChoice.compatible(v.type(), t.columns().get(attnum - 1).type())) {
                            found = i;
                            values.add(Coerce.to(v, t.columns().get(attnum - 1).type(), ctx));
                        }
                    }
                }
                if (found < 0) {
                    break;
                }
                used.add(found);
            }
            if (used.size() > bestEdges.size()) {
                best = ix;
                bestEdges = used;
                bestValues = values;
            }
        }
        if (best == null) {
            return null;
        }
        double perProbe = r.baseRows;
        for (final int i : bestEdges) {
            final int col = kCol[i];
            final double d = r.column(col) != null ? r.column(col).distinct()
                : best.unique() && bestEdges.size() == best.keyAttnums().length ? r.baseRows : DEFAULT_DISTINCT;
            perProbe /= Math.max(1, Math.min(d, r.baseRows));
        }
        final double inlCost = part.rows * (PROBE + Math.max(1, perProbe) * FETCH);
        final double hashCost = r.cost + BUILD * Math.min(part.rows, r.rows) + HASH_PROBE * Math.max(part.rows, r.rows);
        if (inlCost >= hashCost) {
            return null;
        }
        final Object[][] slot = new Object[1][];
        final Expr[] bounds = new Expr[bestValues.size()];
        final StringBuilder cond = new StringBuilder("(");
        for (int i = 0; i < bounds.length; i++) {
            final io.stratum.compute.catalog.ColumnDef c = t.columns().get(best.keyAttnums()[i] - 1);
            bounds[i] = new Joins.LoopKey(slot, i, c.type(), bestValues.get(i).explain());
            cond.append(i > 0 ? " AND " : "").append(c.name()).append(" = ").append(bestValues.get(i).explain());
        }
        final List<OutCol> cols = r.scan.columns().subList(0, t.columns().size());
        PlanNode inner = new Scans.IndexScan(t, best, r.scan.alias(), cols, bounds, true, bounds, true, r.scan.withTid(),
            cond.append(')').toString());
        if (!r.filters.isEmpty()) {
            inner = new Nodes.Filter(inner, SelectBinder.and(r.filters));
        }
        final List<Integer> layout = new ArrayList<>(part.layout);
        layout.add(k);
        final Scope combined = scopeOf(layout);
        final List<io.stratum.compute.sql.ast.Expr> res = new ArrayList<>(residual);
        for (int i = 0; i < keys.size(); i++) {
            if (!bestEdges.contains(i)) {
                res.add(keys.get(i).whole);
            }
        }
        return new Part(new Joins.IndexLoop(Joins.Kind.INNER, part.plan, inner, bestValues, slot, residual(res, combined)),
            layout, rows);
    }

    private Expr residual(final List<io.stratum.compute.sql.ast.Expr> asts, final Scope scope) {
        if (asts.isEmpty()) {
            return null;
        }
        final List<Expr> out = new ArrayList<>();
        for (final io.stratum.compute.sql.ast.Expr c : asts) {
            out.add(Coerce.toBool(new ExprBinder(b, scope).bind(c), "WHERE", ctx, c.pos()));
        }
        return SelectBinder.and(out);
    }

    private Scope scopeOf(final List<Integer> layout) {
        final Scope s = new Scope(outer);
        for (final int i : layout) {
            for (final Scope.Entry e : items.get(i).local().entries) {
                s.add(e.alias(), e.schema(), e.cols()).hidden().addAll(e.hidden());
            }
        }
        return s;
    }
}
