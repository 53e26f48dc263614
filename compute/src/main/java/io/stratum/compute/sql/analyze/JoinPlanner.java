package io.stratum.compute.sql.analyze;

import io.stratum.compute.catalog.IndexDef;
import io.stratum.compute.exec.Expr;
import io.stratum.compute.exec.Exprs;
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
 * sublinks that can become semi and anti joins ({@link Sublinks}), and {@link JoinOrder} orders the
 * joins: hash joins (the table built on the smaller side), index nested loops or merge joins ({@link JoinParts}),
 * in an ORDER BY's order when that is cheaper than sorting ({@link #orderBy}). Estimates come from ANALYZE's
 * statistics ({@link BindContext.TableEstimates}) with PostgreSQL's defaults where none are known. The output
 * keeps the FROM list's column order. One per SELECT block; not thread-safe.
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
    record Part(PlanNode plan, List<Integer> layout, double rows) {
    }

    /** One FROM item: its scan (when a table), statistics, pushed filters and chosen access path. */
    final class Rel {
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

    final Binder b;
    final BindContext ctx;
    private final Scope outer;
    final List<Binder.Item> items;
    private final int[] offsets;
    final List<Rel> rels = new ArrayList<>();
    private final List<Edge> edges = new ArrayList<>();
    private final List<General> generals = new ArrayList<>();
    /** WHERE conjuncts decorrelated into semi and anti joins ({@link Sublinks}): items of the search after the FROM items. */
    final List<Sublinks.Semi> semis = new ArrayList<>();
    /** Whether some conjunct stayed a subplan above the joins; the plan's estimated rows and cost. */
    private boolean hasTop;
    /** The ORDER BY column asked for ({@link #orderBy}) and its LIMIT; whether the plan gives that order. */
    private int wantedColumn = -1;
    private double limitRows = -1;
    boolean sorted;
    double estRows;
    double estCost;

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

    Binder binder() {
        return b;
    }

    Scope outer() {
        return outer;
    }

    /** The bit mask of the items the columns {@code cols} (of the FROM list's row) belong to. */
    int itemsOf(final BitSet cols) {
        int m = 0;
        for (int i = cols.nextSetBit(0); i >= 0; i = cols.nextSetBit(i + 1)) {
            m |= 1 << itemOf(i);
        }
        return m;
    }

    /** The only item when it is a table and every conjunct was pushed into it (after {@link #plan}), else null. */
    Rel single() {
        return rels.size() == 1 && rels.get(0).scan != null && !hasTop && semis.isEmpty() ? rels.get(0) : null;
    }

    int itemOf(final int column) {
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
                final Sublinks.Semi semi = semis.size() < 8 ? Sublinks.convert(this, c, e, full) : null;
                if (semi != null) {
                    semis.add(semi);
                } else {
                    top.add(e);
                }
            } else if (eb.maxRef < 0) {
                pushed.get(0).add(c);
            } else if (itemOf(eb.minRef) == itemOf(eb.maxRef)) {
                pushed.get(itemOf(eb.minRef)).add(c);
            } else {
                if (!edge(c, full)) {
                    generals.add(new General(itemOf(eb.minRef), itemOf(eb.maxRef), c));
                }
                // an OR over several items may imply a restriction of each (kept above the join as well)
                final List<io.stratum.compute.sql.ast.Expr> implied =
                    OrRestrictions.derive(b, full, c, items.size(), this::itemOf);
                for (int i = 0; i < implied.size(); i++) {
                    if (implied.get(i) != null) {
                        pushed.get(i).add(implied.get(i));
                    }
                }
            }
        }
        for (int i = 0; i < items.size(); i++) {
            rels.add(access(new Rel(items.get(i)), pushed.get(i)));
        }
        estRows = rels.get(0).rows;
        estCost = rels.get(0).cost;
        PlanNode plan = items.size() == 1 && semis.isEmpty() ? rels.get(0).access : ordered();
        hasTop = !top.isEmpty();
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
        r.baseRows = r.scan == null ? 1000 : JoinOrder.tableRows(r.scan.table(), r.stats, ctx.estimates);
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
        if (!rest.isEmpty() && p instanceof Scans.TableScan && !((Scans.TableScan) p).withTid()) {
            r.access = ((Scans.TableScan) p).filtering(rest); // filtered while decoding, cheapest columns first
            return r;
        }
        if (p instanceof Scans.IndexScan && !r.scan.withTid()) {
            final Scans.IndexScan ix = ((Scans.IndexScan) p).reading(r.scan.wanted());
            r.access = rest.isEmpty() ? ix : ix.filtering(rest);
            return r;
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

    // ---- join order search ----

    /** An equi-join column of an item: one side of an edge, bound in the item's own scope. */
    record Side(int item, io.stratum.compute.sql.ast.Expr ast, String key, int column) {
    }

    private final List<List<Side>> classes = new ArrayList<>();
    /** Each edge side's key ({@link Side#key}), by identity of its AST. */
    private final java.util.Map<io.stratum.compute.sql.ast.Expr, String> sideKeys = new java.util.IdentityHashMap<>();

    /** The joined items in FROM column order: ordered by {@link JoinOrder}, or greedily past its limit. */
    private PlanNode ordered() {
        final int n = items.size();
        // equivalence classes of the edges' sides (union-find by their bound text)
        final List<Side> sides = new ArrayList<>();
        final List<Integer> parent = new ArrayList<>();
        for (final Edge e : edges) {
            final int a = side(sides, parent, e.a, e.aSide);
            final int c = side(sides, parent, e.b, e.bSide);
            parent.set(find(parent, a), find(parent, c));
        }
        final java.util.Map<Integer, List<Side>> byRoot = new java.util.LinkedHashMap<>();
        for (int i = 0; i < sides.size(); i++) {
            byRoot.computeIfAbsent(find(parent, i), x -> new ArrayList<>()).add(sides.get(i));
        }
        classes.addAll(byRoot.values());
        final List<List<JoinOrder.Member>> members = new ArrayList<>();
        for (final List<Side> c : classes) {
            final List<JoinOrder.Member> m = new ArrayList<>();
            for (final Side sd : c) {
                m.add(new JoinOrder.Member(sd.item, sd.column, distinct(sd.item, sd.ast)));
            }
            members.add(m);
        }
        final List<int[]> gens = new ArrayList<>();
        for (final General g : generals) {
            int m = 0;
            for (int i = g.lo; i <= g.hi; i++) {
                m |= 1 << i;
            }
            gens.add(new int[] {m});
        }
        final List<JoinOrder.Index> indexes = new ArrayList<>();
        final double[] rows = new double[n + semis.size()];
        final double[] base = new double[n + semis.size()];
        final double[] cost = new double[n + semis.size()];
        for (int i = 0; i < n; i++) {
            final Rel r = rels.get(i);
            rows[i] = r.rows;
            base[i] = r.baseRows;
            cost[i] = r.cost;
            if (r.scan != null) {
                final List<IndexDef> ixs = r.scan.table().indexes();
                for (int k = 0; k < ixs.size(); k++) {
                    if (!ixs.get(k).plain()) {
                        continue; // expression and partial indexes serve single-table scans only (IndexChoice)
                    }
                    final int[] cols = ixs.get(k).keyAttnums().clone();
                    for (int j = 0; j < cols.length; j++) {
                        cols[j]--;
                    }
                    indexes.add(new JoinOrder.Index(i, k, cols, ixs.get(k).unique()));
                }
            }
        }
        final List<List<JoinOrder.Member>> semiKeys = new ArrayList<>();
        final List<JoinOrder.Semi> semiItems = SemiPlans.items(this, rows, base, cost, indexes, semiKeys);
        final JoinOrder order = new JoinOrder(rows, base, cost, members, gens, indexes, semiItems, semiKeys);
        order.orders(orderedCosts(), wantedClass(), limitRows);
        order.methods(ctx.hashJoins, ctx.mergeJoins, ctx.nestLoops);
        final JoinOrder.Choice top = order.search() == null ? null : order.top();
        final BitSet usedGenerals = new BitSet(generals.size());
        if (top == null) {
            // past the search's limit: hash joins in FROM order, then the semi and anti joins
            Part p = new Part(rels.get(0).access, List.of(0), rows[0]);
            for (int i = 1; i < n; i++) {
                p = JoinParts.hashJoin(this, p, new Part(rels.get(i).access, List.of(i), rows[i]), p.rows * rows[i], usedGenerals);
            }
            for (int i = 0; i < semis.size(); i++) {
                p = SemiPlans.join(this, p, i, null, p.rows * semiItems.get(i).keep());
            }
            estRows = p.rows;
            return inFromOrder(p);
        }
        estRows = top.rows();
        estCost = top.cost();
        sorted = order.ordered(top);
        return inFromOrder(build(order, top, -1, usedGenerals));
    }

    /** For each item and class, the cost of reading the item ascending on its member of the class by an index, or -1. */
    private double[][] orderedCosts() {
        final double[][] out = new double[items.size()][classes.size()];
        for (int i = 0; i < out.length; i++) {
            for (int c = 0; c < classes.size(); c++) {
                out[i][c] = -1;
                for (final Side sd : classes.get(c)) {
                    if (sd.item == i) {
                        final double oc = JoinParts.orderedCost(rels.get(i), sd.column);
                        out[i][c] = oc >= 0 && (out[i][c] < 0 || oc < out[i][c]) ? oc : out[i][c];
                    }
                }
            }
        }
        return out;
    }

    /** The class of the ORDER BY column ({@link #orderBy}), or -1. */
    private int wantedClass() {
        if (wantedColumn < 0) {
            return -1;
        }
        final int item = itemOf(wantedColumn);
        for (int c = 0; c < classes.size(); c++) {
            for (final Side sd : classes.get(c)) {
                if (sd.item == item && sd.column == wantedColumn - offsets[item]) {
                    return c;
                }
            }
        }
        return -1;
    }

    /**
     * Asks for the output ascending on column {@code column} of the FROM list's row (an ORDER BY of it, NULLS LAST),
     * with {@code limit} rows wanted (-1: all; NaN: a LIMIT of unknown size); after {@link #plan}, {@link #sorted}
     * tells whether the plan gives that order.
     */
    void orderBy(final int column, final double limit) {
        this.wantedColumn = column;
        this.limitRows = limit;
    }

    /** The key pair [left side, right side] of class {@code cls} between two parts. */
    Side[] pairOf(final int cls, final List<Integer> left, final List<Integer> right) {
        Side a = null;
        Side z = null;
        for (final Side sd : classes.get(cls)) {
            if (a == null && left.contains(sd.item)) {
                a = sd;
            }
            if (z == null && right.contains(sd.item)) {
                z = sd;
            }
        }
        return new Side[] {a, z};
    }

    private int side(final List<Side> sides, final List<Integer> parent, final int item,
                     final io.stratum.compute.sql.ast.Expr ast) {
        final Expr e = new ExprBinder(b, items.get(item).local()).bind(ast);
        final String key = item + ":" + e.explain();
        sideKeys.put(ast, key);
        for (int i = 0; i < sides.size(); i++) {
            if (sides.get(i).key.equals(key)) {
                return i;
            }
        }
        final Rel r = rels.get(item);
        final int col = e instanceof Exprs.Col && r.scan != null && ((Exprs.Col) e).index < r.scan.table().columns().size()
            ? ((Exprs.Col) e).index : -1;
        sides.add(new Side(item, ast, key, col));
        parent.add(sides.size() - 1);
        return sides.size() - 1;
    }

    private static int find(final List<Integer> parent, final int i) {
        int r = i;
        while (parent.get(r) != r) {
            r = parent.get(r);
        }
        parent.set(i, r);
        return r;
    }

    /**
     * Builds the plan {@link JoinOrder} chose for a subset; a single item under a merge join that reads it through an
     * index ({@link JoinOrder#SLOT_INDEX}) is read in class {@code cls}'s order.
     */
    private Part build(final JoinOrder order, final JoinOrder.Choice c, final int cls, final BitSet usedGenerals) {
        if (c.left() < 0) {
            final int i = Integer.numberOfTrailingZeros(c.mask());
            final int by = cls >= 0 ? cls : c.order();
            PlanNode p = rels.get(i).access;
            if (by >= 0) {
                for (final Side sd : classes.get(by)) {
                    if (sd.item == i && JoinParts.orderingIndex(rels.get(i), sd.column) != null) {
                        p = JoinParts.orderedAccess(rels.get(i), sd.column);
                        break;
                    }
                }
            }
            return new Part(p, List.of(i), rels.get(i).rows);
        }
        final Part l = half(order, c.left(), c.lslot(), c.merge(), usedGenerals);
        if (order.semi(c.right()) >= 0) {
            return SemiPlans.join(this, l, order.semi(c.right()), c.index(), c.rows());
        }
        if (c.index() != null) {
            final Part p = JoinParts.indexLoopBy(this, l, c, usedGenerals);
            if (p != null) {
                return p;
            }
        }
        final Part r = half(order, c.right(), c.rslot(), c.merge(), usedGenerals);
        return c.merge() >= 0 ? JoinParts.mergeJoin(this, l, r, c, usedGenerals) : JoinParts.hashJoin(this, l, r, c.rows(), usedGenerals);
    }

    private Part half(final JoinOrder order, final int mask, final int slot, final int cls, final BitSet usedGenerals) {
        if (slot == JoinOrder.SLOT_INDEX) {
            return build(order, order.choice(mask, JoinOrder.SLOT_ANY), cls, usedGenerals);
        }
        return build(order, order.choice(mask, slot), -1, usedGenerals);
    }

    /** Key pairs between two parts: one per equivalence class with members on both sides ([left side, right side]). */
    List<Side[]> keyPairs(final List<Integer> left, final List<Integer> right) {
        final List<Side[]> out = new ArrayList<>();
        for (final List<Side> c : classes) {
            Side a = null;
            Side z = null;
            for (final Side sd : c) {
                if (a == null && left.contains(sd.item)) {
                    a = sd;
                }
                if (z == null && right.contains(sd.item)) {
                    z = sd;
                }
            }
            if (a != null && z != null) {
                out.add(new Side[] {a, z});
            }
        }
        return out;
    }

    /** The edges between the two parts that no key pair enforces, and the conditions over several items now complete. */
    List<io.stratum.compute.sql.ast.Expr> rest(final List<Integer> left, final List<Integer> right,
                                                        final List<Side[]> pairs, final BitSet usedGenerals) {
        final List<io.stratum.compute.sql.ast.Expr> out = new ArrayList<>();
        for (final Edge e : edges) {
            final boolean between = (left.contains(e.a) && right.contains(e.b)) || (left.contains(e.b) && right.contains(e.a));
            if (!between) {
                continue;
            }
            boolean enforced = false;
            for (final Side[] p : pairs) {
                final String ka = sideKeys.get(e.aSide);
                final String kb = sideKeys.get(e.bSide);
                enforced |= (p[0].key.equals(ka) && p[1].key.equals(kb)) || (p[0].key.equals(kb) && p[1].key.equals(ka));
            }
            if (!enforced) {
                out.add(e.whole);
            }
        }
        for (int g = 0; g < generals.size(); g++) {
            final General gen = generals.get(g);
            boolean all = !usedGenerals.get(g);
            for (int i = gen.lo; i <= gen.hi && all; i++) {
                all = left.contains(i) || right.contains(i);
            }
            if (all) {
                usedGenerals.set(g);
                out.add(gen.ast);
            }
        }
        return out;
    }

    /** The part's rows with the columns in FROM order. */
    PlanNode inFromOrder(final Part part) {
        final int n = items.size();
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

    /** Distinct values of an edge side in its item: statistics, a unique index's row count, else 200; at most its rows. */
    double distinct(final int item, final io.stratum.compute.sql.ast.Expr side) {
        return Math.max(1, Math.min(distinct(item, PlanExprs.column(new ExprBinder(b, rels.get(item).item.local()).bind(side))),
            rels.get(item).rows));
    }

    /** Distinct values of column {@code col} (or -1: an expression) of an item in its whole table, at most its rows. */
    double distinct(final int item, final int col) {
        final Rel r = rels.get(item);
        double d = DEFAULT_DISTINCT;
        if (col >= 0 && r.column(col) != null) {
            d = r.column(col).distinct();
        } else if (col >= 0 && r.scan != null && col < r.scan.table().columns().size()
            && SelectBinder.uniqueIndexOn(r.scan.table(), new int[] {col + 1}) != null) {
            d = r.baseRows;
        }
        return Math.max(1, Math.min(d, r.baseRows));
    }

    Expr residual(final List<io.stratum.compute.sql.ast.Expr> asts, final Scope scope) {
        if (asts.isEmpty()) {
            return null;
        }
        final List<Expr> out = new ArrayList<>();
        for (final io.stratum.compute.sql.ast.Expr c : asts) {
            out.add(Coerce.toBool(new ExprBinder(b, scope).bind(c), "WHERE", ctx, c.pos()));
        }
        return SelectBinder.and(out);
    }

    Scope scopeOf(final List<Integer> layout) {
        final Scope s = new Scope(outer);
        for (final int i : layout) {
            for (final Scope.Entry e : items.get(i).local().entries) {
                s.add(e.alias(), e.schema(), e.cols()).hidden().addAll(e.hidden());
            }
        }
        return s;
    }
}
