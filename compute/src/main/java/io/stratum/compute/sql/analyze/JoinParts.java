package io.stratum.compute.sql.analyze;

import io.stratum.compute.catalog.IndexDef;
import io.stratum.compute.catalog.TableDef;
import io.stratum.compute.exec.Expr;
import io.stratum.compute.exec.Joins;
import io.stratum.compute.exec.MergeJoin;
import io.stratum.compute.exec.Nodes;
import io.stratum.compute.exec.OutCol;
import io.stratum.compute.exec.PlanNode;
import io.stratum.compute.exec.Scans;
import io.stratum.compute.exec.SortNodes;
import io.stratum.compute.sql.analyze.JoinPlanner.Part;
import io.stratum.compute.sql.analyze.JoinPlanner.Rel;
import io.stratum.compute.sql.analyze.JoinPlanner.Side;
import io.stratum.compute.types.PgType;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The joins of the plan {@link JoinOrder} chose, built over {@link JoinPlanner}'s parts: hash joins (the table on
 * the smaller side), index nested loops, merge joins (each half sorted on its keys unless read in their order), and
 * an item's scan in the order of an index on a join column. Stateless.
 */
final class JoinParts {
    private JoinParts() {
    }

    static Part hashJoin(final JoinPlanner jp, final Part l, final Part r, final double rows, final BitSet usedGenerals) {
        final List<Side[]> pairs = jp.keyPairs(l.layout(), r.layout());
        final List<io.stratum.compute.sql.ast.Expr> residual = jp.rest(l.layout(), r.layout(), pairs, usedGenerals);
        // the hash table is built on the right input: the smaller one
        final Part probe = l.rows() >= r.rows() ? l : r;
        final Part build = probe == l ? r : l;
        final List<Integer> layout = new ArrayList<>(probe.layout());
        layout.addAll(build.layout());
        final Scope ps = jp.scopeOf(probe.layout());
        final Scope bs = jp.scopeOf(build.layout());
        final List<Expr> pk = new ArrayList<>();
        final List<Expr> bk = new ArrayList<>();
        for (final Side[] p : pairs) {
            final Side ofProbe = probe == l ? p[0] : p[1];
            final Side ofBuild = probe == l ? p[1] : p[0];
            pk.add(new ExprBinder(jp.b, ps).bind(ofProbe.ast()));
            bk.add(new ExprBinder(jp.b, bs).bind(ofBuild.ast()));
        }
        final Expr res = jp.residual(residual, jp.scopeOf(layout));
        final PlanNode plan = pairs.isEmpty() ? new Joins.NestedLoop(Joins.Kind.INNER, probe.plan(), build.plan(), res, false)
            : new Joins.Hash(Joins.Kind.INNER, probe.plan(), build.plan(), pk, bk, res);
        return new Part(plan, layout, rows);
    }

    /**
     * The merge join {@link JoinOrder} chose ({@code c.merge()}: its first key's class; with {@code c.allKeys()} every
     * class between the parts is a key, else the rest of them are the join filter), a part sorted when
     * {@code c.lsort()} / {@code c.rsort()} (or, read through an index, when its key is not the index's column).
     */
    static Part mergeJoin(final JoinPlanner jp, final Part l, final Part r, final JoinOrder.Choice c, final BitSet usedGenerals) {
        final List<Side[]> pairs = new ArrayList<>();
        final Side[] first = jp.pairOf(c.merge(), l.layout(), r.layout());
        pairs.add(first);
        if (c.allKeys()) {
            for (final Side[] p : jp.keyPairs(l.layout(), r.layout())) {
                if (!p[0].key().equals(first[0].key()) || !p[1].key().equals(first[1].key())) {
                    pairs.add(p);
                }
            }
        }
        final List<io.stratum.compute.sql.ast.Expr> residual = jp.rest(l.layout(), r.layout(), pairs, usedGenerals);
        final Scope ls = jp.scopeOf(l.layout());
        final Scope rs = jp.scopeOf(r.layout());
        final List<Expr> lk = new ArrayList<>();
        final List<Expr> rk = new ArrayList<>();
        for (final Side[] p : pairs) {
            lk.add(new ExprBinder(jp.b, ls).bind(p[0].ast()));
            rk.add(new ExprBinder(jp.b, rs).bind(p[1].ast()));
        }
        final List<Integer> layout = new ArrayList<>(l.layout());
        layout.addAll(r.layout());
        final PlanNode plan = new MergeJoin(Joins.Kind.INNER, ordered(l, lk, c.lsort()), ordered(r, rk, c.rsort()), lk, rk,
            jp.residual(residual, jp.scopeOf(layout)));
        return new Part(plan, layout, c.rows());
    }

    private static PlanNode ordered(final Part p, final List<Expr> keys, final boolean sort) {
        final boolean single = p.layout().size() == 1;
        return sort || single && !JoinMethods.ordered(p.plan(), keys) ? new SortNodes.Sort(p.plan(), MergeJoin.order(keys))
            : p.plan();
    }

    /** The plain index of item {@code r} whose first key is table column {@code column} (0-based), or null. */
    static IndexDef orderingIndex(final Rel r, final int column) {
        if (r.scan == null || r.scan.withTid() || column < 0 || column >= r.scan.table().columns().size()
            || !JoinMethods.indexOrdered(r.scan.table().columns().get(column).type())) {
            return null;
        }
        if (r.access instanceof Scans.IndexScan && ((Scans.IndexScan) r.access).index().keyAttnums()[0] == column + 1) {
            return ((Scans.IndexScan) r.access).index();
        }
        for (final IndexDef ix : r.scan.table().indexes()) {
            if (ix.plain() && ix.keyAttnums()[0] == column + 1) {
                return ix;
            }
        }
        return null;
    }

    /** The cost of reading item {@code r} ascending on {@code column} through an index, or -1 (no such index). */
    static double orderedCost(final Rel r, final int column) {
        final IndexDef ix = orderingIndex(r, column);
        if (ix == null) {
            return -1;
        }
        if (r.access instanceof Scans.IndexScan && ((Scans.IndexScan) r.access).index() == ix) {
            return r.cost; // its chosen scan is in that order already
        }
        return JoinPlanner.PROBE + r.baseRows * JoinPlanner.FETCH;
    }

    /** Item {@code r} read ascending on {@code column} through its index, with its filters. */
    static PlanNode orderedAccess(final Rel r, final int column) {
        final IndexDef ix = orderingIndex(r, column);
        if (r.access instanceof Scans.IndexScan && ((Scans.IndexScan) r.access).index() == ix) {
            return r.access;
        }
        final TableDef t = r.scan.table();
        final List<OutCol> cols = r.scan.columns().subList(0, t.columns().size());
        final Scans.IndexScan scan = new Scans.IndexScan(t, ix, r.scan.alias(), cols, new Expr[0], true, new Expr[0], true,
            false, null).reading(r.scan.wanted());
        return r.filters.isEmpty() ? scan : scan.filtering(r.filters);
    }

    /** The index nested loop {@link JoinOrder} chose from part {@code l} into the single item of {@code c.right()}. */
    static Part indexLoopBy(final JoinPlanner jp, final Part l, final JoinOrder.Choice c, final BitSet usedGenerals) {
        final int k = Integer.numberOfTrailingZeros(c.right());
        final Rel r = jp.rels.get(k);
        final TableDef t = r.scan.table();
        final IndexDef ix = t.indexes().get(c.index().ordinal());
        final Scope ls = jp.scopeOf(l.layout());
        final List<Expr> values = new ArrayList<>();
        final List<Side[]> pairs = new ArrayList<>();
        for (final int col : c.index().columns()) {
            Side[] pair = null;
            for (final Side[] p : jp.keyPairs(l.layout(), List.of(k))) {
                if (p[1].column() == col) {
                    pair = p;
                }
            }
            if (pair == null) {
                break;
            }
            final Expr v = new ExprBinder(jp.b, ls).bind(pair[0].ast());
            final PgType ct = t.columns().get(col).type();
            if (!IndexChoice.compatible(v.type(), ct)) {
                break;
            }
            values.add(Coerce.to(v, ct, jp.ctx));
            pairs.add(pair);
        }
        if (values.isEmpty()) {
            return null;
        }
        final List<io.stratum.compute.sql.ast.Expr> residual = jp.rest(l.layout(), List.of(k), pairs, usedGenerals);
        final List<Integer> layout = new ArrayList<>(l.layout());
        layout.add(k);
        final Object[][] slot = new Object[1][];
        final PlanNode plan = new Joins.IndexLoop(Joins.Kind.INNER, l.plan(), probe(r, ix, values, slot), values, slot,
            jp.residual(residual, jp.scopeOf(layout)));
        return new Part(plan, layout, c.rows());
    }

    /** Item r's index scan probing {@code ix} with the outer row's {@code values} (put in {@code slot}), under r's filters. */
    static PlanNode probe(final Rel r, final IndexDef ix, final List<Expr> values, final Object[][] slot) {
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
}
