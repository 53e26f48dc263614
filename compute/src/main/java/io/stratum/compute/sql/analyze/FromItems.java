package io.stratum.compute.sql.analyze;

import io.stratum.compute.catalog.ViewDef;
import io.stratum.compute.exec.Expr;
import io.stratum.compute.exec.Exprs;
import io.stratum.compute.exec.Joins;
import io.stratum.compute.exec.Nodes;
import io.stratum.compute.exec.OutCol;
import io.stratum.compute.exec.PlanNode;
import io.stratum.compute.session.SqlException;
import io.stratum.compute.sql.ast.Join;
import io.stratum.compute.sql.ast.Query;
import io.stratum.compute.sql.ast.TableRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** FROM items that need more than a scan: joins (with USING / NATURAL column merging) and views. */
final class FromItems {
    private FromItems() {
    }

    static Binder.Item join(final Binder binder, final Join j, final Scope outer, final Scope left) {
        final Binder.Item l = binder.item(j.left(), outer, left);
        final Binder.Item r = binder.item(j.right(), outer, l.local());
        final Scope combined = Binder.combine(l.local(), r.local(), outer);
        Joins.Kind kind;
        switch (j.kind()) {
            case LEFT: kind = Joins.Kind.LEFT; break;
            case RIGHT: kind = Joins.Kind.RIGHT; break;
            case FULL: kind = Joins.Kind.FULL; break;
            default: kind = Joins.Kind.INNER;
        }
        final List<io.stratum.compute.sql.ast.Expr> conjuncts = new ArrayList<>();
        List<String> using = j.using();
        if (j.natural()) {
            using = new ArrayList<>();
            for (final OutCol a : l.local().columns()) {
                for (final OutCol b : r.local().columns()) {
                    if (a.name().equals(b.name()) && !io.stratum.compute.catalog.ColumnDef.droppedName(a.name())) {
                        using.add(a.name());
                    }
                }
            }
        }
        final List<Expr[]> usingPairs = new ArrayList<>();
        for (final String u : using) {
            final Scope.Resolved a = l.local().resolve(List.of(u), j.pos());
            final Scope.Resolved b = r.local().resolve(List.of(u), j.pos());
            if (a == null || b == null) {
                throw new SqlException("42703", "column \"" + u + "\" specified in USING clause does not exist in "
                    + (a == null ? "left" : "right") + " table", null, null, j.pos() + 1, null);
            }
            binder.ctx.noteColumn(a.col());
            binder.ctx.noteColumn(b.col());
            usingPairs.add(new Expr[] {new Exprs.Col(a.index(), a.col().type(), a.qualified()),
                new Exprs.Col(b.index(), b.col().type(), b.qualified())});
            for (final Scope.Entry e : combined.entries) {
                if (e.offset() >= l.local().width) {
                    e.hidden().add(u);
                }
            }
        }
        if (j.on() != null) {
            Binder.splitAnd(j.on(), conjuncts);
        }
        PlanNode plan = binder.joinPlan(kind, l, r, combined, conjuncts, usingPairs);
        Scope result = combined;
        if (!usingPairs.isEmpty()) {
            // PostgreSQL's join output: the merged USING columns first (COALESCE for FULL, the right one for RIGHT)
            final List<OutCol> merged = new ArrayList<>();
            final List<OutCol> cols = new ArrayList<>();
            final List<Expr> exprs = new ArrayList<>();
            final int lw = l.local().width;
            for (int k = 0; k < usingPairs.size(); k++) {
                final Exprs.Col a = (Exprs.Col) usingPairs.get(k)[0];
                final Exprs.Col b = (Exprs.Col) usingPairs.get(k)[1];
                final Exprs.Col rb = new Exprs.Col(lw + b.index, b.type(), b.name);
                final Expr[] u = Operators.unify(a, rb, "=", binder.ctx, j.pos());
                if (u[0].type() != u[1].type() && io.stratum.compute.exec.SqlTypes.category(u[0].type())
                    == io.stratum.compute.exec.SqlTypes.category(u[1].type())) {
                    // the merged column has the two columns' common type (PostgreSQL's buildMergedJoinVar): int4 and int8 give int8
                    final io.stratum.compute.types.PgType ct = Coerce.commonOf(u[0].type(), u[1].type(), "JOIN/USING", j.pos());
                    u[0] = Coerce.to(u[0], ct, binder.ctx);
                    u[1] = Coerce.to(u[1], ct, binder.ctx);
                }
                final Expr m = kind == Joins.Kind.FULL ? new io.stratum.compute.exec.MoreExprs.Variadic("coalesce", u[0].type(),
                    List.of(u[0], u[1])) : kind == Joins.Kind.RIGHT ? u[1] : u[0];
                final OutCol src = combined.columns().get(kind == Joins.Kind.RIGHT ? lw + b.index : a.index);
                merged.add(kind != Joins.Kind.FULL && m.type() == src.type() ? src.renamed(using.get(k))
                    : OutCol.of(using.get(k), m.type()));
                exprs.add(m);
            }
            cols.addAll(merged);
            final List<OutCol> all = combined.columns();
            for (int i = 0; i < all.size(); i++) {
                cols.add(all.get(i));
                exprs.add(new Exprs.Col(i, all.get(i).type(), all.get(i).name()));
            }
            plan = new Nodes.Project(plan, cols, exprs);
            result = new Scope(outer);
            result.add(null, null, merged);
            for (final Scope.Entry e : combined.entries) {
                final Scope.Entry n = result.add(e.alias(), e.schema(), e.cols());
                n.hidden().addAll(e.hidden());
                n.hidden().addAll(using);
            }
        }
        if (j.alias() != null) {
            final Scope sc = new Scope(outer);
            sc.add(j.alias(), null, result.columns());
            return new Binder.Item(plan, sc, l.lateral());
        }
        return new Binder.Item(plan, result, l.lateral());
    }


    /** A view in FROM: its stored query bound afresh (no outer CTEs, not correlated), columns named as the view's. */
    static Binder.Item view(final Binder binder, final ViewDef v, final TableRef t, final String alias, final Scope outer) {
        binder.ctx.noteRelation(v.oid());
        if (!binder.ctx.expanding.add(v.oid())) {
            throw new SqlException("42P17", "infinite recursion detected in rules for relation \"" + v.name() + "\"");
        }
        final List<Map<String, Binder.Cte>> saved = new ArrayList<>(binder.ctx.ctes);
        binder.ctx.ctes.clear();
        PlanNode p;
        try {
            final io.stratum.compute.sql.ast.Statement st = io.stratum.compute.sql.parser.Parser.parse(v.definition()).get(0);
            FoldBinder.addNames(binder.ctx, st);
            final List<String> names = new ArrayList<>();
            v.columns().forEach(c -> names.add(c.name()));
            FoldBinder.derived(binder.ctx, (Query) st, alias, names);
            p = binder.bindQuery((Query) st, null);
        } finally {
            binder.ctx.ctes.clear();
            binder.ctx.ctes.addAll(saved);
            binder.ctx.expanding.remove(v.oid());
        }
        final List<OutCol> cols = new ArrayList<>();
        final List<Expr> exprs = new ArrayList<>();
        for (int i = 0; i < v.columns().size() && i < p.columns().size(); i++) {
            final io.stratum.compute.catalog.ColumnDef c = v.columns().get(i);
            String name = c.name();
            if (i < t.columnAliases().size()) {
                name = t.columnAliases().get(i);
            }
            cols.add(new OutCol(name, c.type(), c.typmod(), v.oid(), c.attnum()));
            final OutCol pc = p.columns().get(i);
            final Expr x = new Exprs.Col(i, pc.type(), pc.name());
            exprs.add(pc.type() == c.type() ? x : Coerce.to(x, c.type(), binder.ctx));
        }
        p = new Nodes.Project(p, cols, exprs);
        final Scope sc = new Scope(outer);
        sc.add(alias, t.alias() != null ? null : binder.schemaName(v), cols);
        return new Binder.Item(p, sc);
    }

}
