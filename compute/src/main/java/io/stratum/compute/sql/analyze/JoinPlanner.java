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
 * sublinks that can become semi and anti joins ({@link Sublinks}), and {@link JoinOrder} orders the
 * joins: hash joins (the table built on the smaller side) or index nested loops. Estimates come from
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
    private record Side(int item, io.stratum.compute.sql.ast.Expr ast, String key, int column) {
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
        final JoinOrder.Choice top = order.search();
        final BitSet usedGenerals = new BitSet(generals.size());
        if (top == null) {
            // past the search's limit: hash joins in FROM order, then the semi and anti joins
            Part p = new Part(rels.get(0).access, List.of(0), rows[0]);
            for (int i = 1; i < n; i++) {
                p = hashJoin(p, new Part(rels.get(i).access, List.of(i), rows[i]), p.rows * rows[i], usedGenerals);
            }
            for (int i = 0; i < semis.size(); i++) {
                p = SemiPlans.join(this, p, i, null, p.rows * semiItems.get(i).keep());
            }
            estRows = p.rows;
            return inFromOrder(p);
        }
        estRows = top.rows();
        estCost = top.cost();
        return inFromOrder(build(order, top, usedGenerals));
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

    /** Builds the plan {@link JoinOrder} chose for a subset. */
    private Part build(final JoinOrder order, final JoinOrder.Choice c, final BitSet usedGenerals) {
        if (c.left() < 0) {
            final int i = Integer.numberOfTrailingZeros(c.mask());
            return new Part(rels.get(i).access, List.of(i), rels.get(i).rows);
        }
        final Part l = build(order, order.choice(c.left()), usedGenerals);
        if (order.semi(c.right()) >= 0) {
            return SemiPlans.join(this, l, order.semi(c.right()), c.index(), c.rows());
        }
        if (c.index() != null) {
            final Part p = indexLoopBy(order, l, c, usedGenerals);
            if (p != null) {
                return p;
            }
        }
        final Part r = build(order, order.choice(c.right()), usedGenerals);
        return hashJoin(l, r, c.rows(), usedGenerals);
    }

    /** Key pairs between two parts: one per equivalence class with members on both sides ([left side, right side]). */
    private List<Side[]> keyPairs(final List<Integer> left, final List<Integer> right) {
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
    private List<io.stratum.compute.sql.ast.Expr> rest(final List<Integer> left, final List<Integer> right,
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

    private Part hashJoin(final Part l, final Part r, final double rows, final BitSet usedGenerals) {
        final List<Side[]> pairs = keyPairs(l.layout, r.layout);
        final List<io.stratum.compute.sql.ast.Expr> residual = rest(l.layout, r.layout, pairs, usedGenerals);
        // the hash table is built on the right input: the smaller one
        final Part probe = l.rows >= r.rows ? l : r;
        final Part build = probe == l ? r : l;
        final List<Integer> layout = new ArrayList<>(probe.layout);
        layout.addAll(build.layout);
        final Scope ps = scopeOf(probe.layout);
        final Scope bs = scopeOf(build.layout);
        final List<Expr> pk = new ArrayList<>();
        final List<Expr> bk = new ArrayList<>();
        for (final Side[] p : pairs) {
            final Side ofProbe = probe == l ? p[0] : p[1];
            final Side ofBuild = probe == l ? p[1] : p[0];
            pk.add(new ExprBinder(b, ps).bind(ofProbe.ast));
            bk.add(new ExprBinder(b, bs).bind(ofBuild.ast));
        }
        final Expr res = residual(residual, scopeOf(layout));
        final PlanNode plan = pairs.isEmpty() ? new Joins.NestedLoop(Joins.Kind.INNER, probe.plan, build.plan, res, false)
            : new Joins.Hash(Joins.Kind.INNER, probe.plan, build.plan, pk, bk, res);
        return new Part(plan, layout, rows);
    }

    /** The index nested loop {@link JoinOrder} chose from part {@code l} into the single item of {@code c.right()}. */
    private Part indexLoopBy(final JoinOrder order, final Part l, final JoinOrder.Choice c, final BitSet usedGenerals) {
        final int k = Integer.numberOfTrailingZeros(c.right());
        final Rel r = rels.get(k);
        final TableDef t = r.scan.table();
        final IndexDef ix = t.indexes().get(c.index().ordinal());
        final Scope ls = scopeOf(l.layout);
        final List<Expr> values = new ArrayList<>();
        final List<Side[]> pairs = new ArrayList<>();
        for (final int col : c.index().columns()) {
            Side[] pair = null;
            for (final Side[] p : keyPairs(l.layout, List.of(k))) {
                if (p[1].column == col) {
                    pair = p;
                }
            }
            if (pair == null) {
                break;
            }
            final Expr v = new ExprBinder(b, ls).bind(pair[0].ast);
            final PgType ct = t.columns().get(col).type();
            if (!IndexChoice.compatible(v.type(), ct)) {
                break;
            }
            values.add(Coerce.to(v, ct, ctx));
            pairs.add(pair);
        }
        if (values.isEmpty()) {
            return null;
        }
        final List<io.stratum.compute.sql.ast.Expr> residual = rest(l.layout, List.of(k), pairs, usedGenerals);
        final List<Integer> layout = new ArrayList<>(l.layout);
        layout.add(k);
        return new Part(indexLoop(l.plan, r, ix, values, residual(residual, scopeOf(layout))), layout, c.rows());
    }

    /** {@code outer} joined to item r by probing {@code ix} with {@code values} (over outer's row) per outer row. */
    private PlanNode indexLoop(final PlanNode outer, final Rel r, final IndexDef ix, final List<Expr> values, final Expr residual) {
        final Object[][] slot = new Object[1][];
        return new Joins.IndexLoop(Joins.Kind.INNER, outer, probe(r, ix, values, slot), values, slot, residual);
    }

    /** Item r's index scan probing {@code ix} with the outer row's {@code values} (put in {@code slot}), under r's filters. */
    PlanNode probe(final Rel r, final IndexDef ix, final List<Expr> values, final Object[][] slot) {
        final TableDef t = r.scan.table();
        final Expr[] bounds = new Expr[values.size()];
        final StringBuilder cond = new StringBuilder("(");
        for (int i = 0; i < bounds.length; i++) {
            final io.stratum.compute.catalog.ColumnDef col = t.columns().get(ix.keyAttnums()[i] - 1);
            bounds[i] = new Joins.LoopKey(slot, i, col.type(), values.get(i).explain());
            cond.append(i > 0 ? " AND " : "").append(col.name()).append(" = ").append(values.get(i).explain());
        }
        final List<OutCol> cols = r.scan.columns().subList(0, t.columns().size());
        final Scans.IndexScan scan = new Scans.IndexScan(t, ix, r.scan.alias(), cols, bounds, true, bounds, true,
            r.scan.withTid(), cond.append(')').toString());
        if (r.scan.withTid()) {
            return r.filters.isEmpty() ? scan : new Nodes.Filter(scan, SelectBinder.and(r.filters));
        }
        // per probe only the columns the query reads are decoded, after the filters (cheapest first) pass
        final Scans.IndexScan reading = scan.reading(r.scan.wanted());
        return r.filters.isEmpty() ? reading : reading.filtering(r.filters);
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
