package io.stratum.compute.sql.analyze;

import io.stratum.compute.catalog.IndexDef;
import io.stratum.compute.catalog.TableDef;
import io.stratum.compute.exec.Expr;
import io.stratum.compute.exec.Exprs;
import io.stratum.compute.exec.PlanExprs;
import io.stratum.compute.exec.PlanNode;
import io.stratum.compute.exec.SemiJoins;
import io.stratum.compute.types.PgType;
import java.util.ArrayList;
import java.util.List;

/**
 * The semi and anti joins of a {@link JoinPlanner}'s block ({@link Sublinks}) in its join order search and
 * plan: their estimates as items of {@link JoinOrder}, and the join node the search chose for each. A semi
 * join keeps, per equality, min(1, d_inner / d_outer) of the outer rows (the inner key's distinct values
 * among its rows over the outer column's in its whole table: the inner values are assumed to be among the
 * outer ones), the smallest of those over its keys, 0.5 without keys and half as much with a join filter
 * besides; an anti join keeps the rest. Not thread-safe; called by the planner that owns the semis.
 */
final class SemiPlans {
    private SemiPlans() {
    }

    /**
     * Fills the search's inputs of the semi joins (items {@code jp.items.size()} on): rows, base rows and cost
     * of their inner sides, the indexes of a single-table inner side and its key columns; returns their items.
     */
    static List<JoinOrder.Semi> items(final JoinPlanner jp, final double[] rows, final double[] base, final double[] cost,
                                      final List<JoinOrder.Index> indexes, final List<List<JoinOrder.Member>> semiKeys) {
        final int n = jp.items.size();
        final List<JoinOrder.Semi> out = new ArrayList<>();
        for (int i = 0; i < jp.semis.size(); i++) {
            final Sublinks.Semi s = jp.semis.get(i);
            final int k = n + i;
            final JoinPlanner.Rel t = s.table();
            rows[k] = s.planner() == null ? 1000 : Math.max(1, s.planner().estRows);
            base[k] = t != null ? t.baseRows : rows[k];
            cost[k] = s.planner() == null ? 1000 : s.planner().estCost;
            double match = s.keys().isEmpty() ? 0.5 : 1;
            for (final Sublinks.Key key : s.keys()) {
                final double inner = innerDistinct(s, key);
                final int col = key.item() < 0 ? -1
                    : PlanExprs.column(new ExprBinder(jp.b, jp.items.get(key.item()).local()).bind(key.outerAst()));
                final double outer = key.item() < 0 ? JoinPlanner.DEFAULT_DISTINCT : jp.distinct(key.item(), col);
                match = Math.min(match, Math.min(1, Math.min(inner, rows[k]) / outer));
                if (t != null && key.innerColumn() >= 0 && key.item() >= 0) {
                    semiKeys.add(List.of(new JoinOrder.Member(key.item(), col, outer),
                        new JoinOrder.Member(k, key.innerColumn(), Math.min(inner, base[k]))));
                }
            }
            if (!s.filters().isEmpty()) {
                match *= 0.5;
            }
            if (t != null) {
                final List<IndexDef> ixs = t.scan.table().indexes();
                for (int x = 0; x < ixs.size(); x++) {
                    final int[] cols = ixs.get(x).keyAttnums().clone();
                    for (int j = 0; j < cols.length; j++) {
                        cols[j]--;
                    }
                    indexes.add(new JoinOrder.Index(k, x, cols, ixs.get(x).unique()));
                }
            }
            out.add(new JoinOrder.Semi(s.required(), Math.max(1e-3, s.anti() ? 1 - match : match), !s.keys().isEmpty()));
        }
        return out;
    }

    /** Distinct values of a key's inner side: its column's in the inner planner's items, else 200. */
    private static double innerDistinct(final Sublinks.Semi s, final Sublinks.Key key) {
        if (s.planner() == null || !(key.inner() instanceof Exprs.Col)) {
            return JoinPlanner.DEFAULT_DISTINCT;
        }
        final JoinPlanner p = s.planner();
        final int index = ((Exprs.Col) key.inner()).index;
        final int item = p.itemOf(index);
        int offset = 0;
        for (int j = 0; j < item; j++) {
            offset += p.items.get(j).local().width;
        }
        return p.rels.get(item).scan == null ? JoinPlanner.DEFAULT_DISTINCT : p.distinct(item, index - offset);
    }

    /** Part {@code l} semi- or anti-joined to semi {@code i}: by index nested loop into {@code ix} when chosen, else hashed. */
    static JoinPlanner.Part join(final JoinPlanner jp, final JoinPlanner.Part l, final int i, final JoinOrder.Index ix,
                                 final double rows) {
        final Sublinks.Semi s = jp.semis.get(i);
        final Scope ls = jp.scopeOf(l.layout());
        // the joined row: the outer part's columns, then the inner side's; names resolve in the inner side first
        final Scope flat = new Scope(ls);
        flat.parentInRow = true;
        flat.width = ls.width;
        for (final Scope.Entry e : s.scope().entries) {
            flat.add(e.alias(), e.schema(), e.cols()).hidden().addAll(e.hidden());
        }
        final List<io.stratum.compute.sql.ast.Expr> residual = new ArrayList<>(s.filters());
        if (ix != null) {
            final JoinPlanner.Rel t = s.table();
            final TableDef td = t.scan.table();
            final List<Expr> values = new ArrayList<>();
            final List<Sublinks.Key> rest = new ArrayList<>(s.keys());
            for (final int col : ix.columns()) {
                final Sublinks.Key key = rest.stream().filter(k -> k.innerColumn() == col).findFirst().orElse(null);
                if (key == null) {
                    break;
                }
                final Expr v = outerValue(jp, key, ls);
                final PgType ct = td.columns().get(col).type();
                if (!IndexChoice.compatible(v.type(), ct)) {
                    break;
                }
                values.add(Coerce.to(v, ct, jp.ctx));
                rest.remove(key);
            }
            if (!values.isEmpty()) {
                rest.forEach(k -> residual.add(k.whole()));
                final Object[][] slot = new Object[1][];
                final PlanNode inner = JoinParts.probe(t, td.indexes().get(ix.ordinal()), values, slot);
                return new JoinPlanner.Part(new SemiJoins.IndexLoop(s.anti(), l.plan(), inner, values, slot,
                    jp.residual(residual, flat)), l.layout(), rows);
            }
        }
        final List<Expr> leftKeys = new ArrayList<>();
        final List<Expr> rightKeys = new ArrayList<>();
        for (final Sublinks.Key key : s.keys()) {
            leftKeys.add(outerValue(jp, key, ls));
            rightKeys.add(key.inner());
        }
        final Expr filter = jp.residual(residual, flat);
        final PlanNode plan = leftKeys.isEmpty() ? new SemiJoins.NestedLoop(s.anti(), l.plan(), s.plan(), filter)
            : new SemiJoins.Hash(s.anti(), s.nullAware(), l.plan(), s.plan(), leftKeys, rightKeys, filter);
        return new JoinPlanner.Part(plan, l.layout(), rows);
    }

    /** A key's outer side over the outer part's row (cast to the subquery's column type for IN). */
    private static Expr outerValue(final JoinPlanner jp, final Sublinks.Key key, final Scope ls) {
        final Expr v = new ExprBinder(jp.b, ls).bind(key.outerAst());
        return key.coerceTo() == null ? v : Coerce.to(v, key.coerceTo(), jp.ctx);
    }
}
