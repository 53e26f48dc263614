package io.stratum.compute.sql.analyze;

import io.stratum.compute.catalog.ColumnDef;
import io.stratum.compute.catalog.ConstraintDef;
import io.stratum.compute.catalog.ConstraintKind;
import io.stratum.compute.catalog.IndexDef;
import io.stratum.compute.catalog.TableDef;
import io.stratum.compute.exec.Expr;
import io.stratum.compute.exec.OutCol;
import io.stratum.compute.session.SqlException;
import io.stratum.compute.sql.ast.Assignment;
import io.stratum.compute.sql.ast.DefaultExpr;
import io.stratum.compute.sql.ast.IndexElem;
import io.stratum.compute.sql.ast.OnConflict;
import io.stratum.compute.types.PgType;
import java.util.ArrayList;
import java.util.List;

/**
 * Binds {@code INSERT ... ON CONFLICT}: the arbiter indexes (PostgreSQL's inference: a unique index whose key
 * columns and key expressions are exactly the target's, a partial one only when the target's {@code WHERE}
 * implies its predicate, or the index of {@code ON CONSTRAINT name}) and, for DO UPDATE, the SET
 * list and WHERE over the existing row and {@code EXCLUDED} (the row proposed for insertion).
 */
final class UpsertBinder {
    private UpsertBinder() {
    }

    static DmlBinder.Upsert bind(final DmlBinder db, final Binder b, final TableDef t, final String alias, final OnConflict oc) {
        final List<IndexDef> arbiters = arbiters(b, t, oc);
        if (oc.doNothing()) {
            return new DmlBinder.Upsert(arbiters, true, new int[0], new Expr[0], null);
        }
        if (arbiters.isEmpty()) {
            throw new SqlException("42601", "ON CONFLICT DO UPDATE requires inference specification or constraint name", null,
                "For example, ON CONFLICT (column_name).", oc.pos() + 1, null);
        }
        final Scope s = new Scope(null);
        final List<OutCol> cols = new ArrayList<>();
        for (final ColumnDef c : t.columns()) {
            cols.add(new OutCol(c.name(), c.type(), c.typmod(), t.oid(), c.attnum()));
        }
        s.add(alias == null ? t.name() : alias, null, cols);
        s.add(Binder.TID_ENTRY, null, List.of(OutCol.of("ctid", PgType.INT8)));
        s.add("excluded", null, cols);
        final ExprBinder eb = new ExprBinder(b, s);
        final int[] setCols = new int[oc.set().size()];
        final Expr[] setExprs = new Expr[oc.set().size()];
        int k = 0;
        for (final Assignment a : oc.set()) {
            final int idx = DmlBinder.assignedColumn(t, a);
            DmlBinder.identityUpdate(t.columns().get(idx), a);
            final ColumnDef c = t.columns().get(idx);
            setCols[k] = idx;
            setExprs[k++] = a.value() instanceof DefaultExpr ? db.defaultOf(t, c)
                : Coerce.assign(eb.bind(a.value()), c.type(), DmlBinder.stringless(c), b.ctx, c.name(), a.value().pos());
        }
        final List<Integer> assigned = new ArrayList<>();
        for (final int c : setCols) {
            assigned.add(c);
        }
        DmlBinder.checkAssignedOnce(assigned, t);
        final Expr where = oc.where() == null ? null
            : Coerce.toBool(eb.bind(oc.where()), "WHERE", b.ctx, oc.where().pos());
        return new DmlBinder.Upsert(arbiters, false, setCols, setExprs, where);
    }

    private static List<IndexDef> arbiters(final Binder b, final TableDef t, final OnConflict oc) {
        if (oc.constraint() != null) {
            for (final ConstraintDef c : t.constraints()) {
                if (c.name().equals(oc.constraint())
                    && (c.kind() == ConstraintKind.PRIMARY_KEY || c.kind() == ConstraintKind.UNIQUE)) {
                    for (final IndexDef i : t.indexes()) {
                        if (i.oid() == c.indexOid()) {
                            return List.of(i);
                        }
                    }
                }
            }
            throw new SqlException("42704", "constraint \"" + oc.constraint() + "\" for table \"" + t.name()
                + "\" does not exist", null, null, 0, null);
        }
        if (oc.target().isEmpty()) {
            return List.of();
        }
        // PostgreSQL's infer_arbiter_indexes: the same key columns and the same key expressions; a partial index
        // only when the target's WHERE implies its predicate
        final java.util.Set<Integer> wantCols = new java.util.TreeSet<>();
        final java.util.Set<String> wantExprs = new java.util.TreeSet<>();
        final Scope scope = IndexExprs.scope(t);
        for (final IndexElem e : oc.target()) {
            final io.stratum.compute.sql.ast.Expr x = e.expr();
            if (e.column() != null || x instanceof io.stratum.compute.sql.ast.ColumnRef r && r.parts().size() == 1) {
                final String name = e.column() != null ? e.column() : ((io.stratum.compute.sql.ast.ColumnRef) x).column();
                final int idx = t.columnIndex(name);
                if (idx < 0) {
                    throw new SqlException("42703", "column \"" + name + "\" does not exist", null, null, e.pos() + 1, null);
                }
                wantCols.add(idx + 1);
            } else {
                wantExprs.add(new ExprBinder(b, scope).bind(x).explain());
            }
        }
        final List<Expr> where = oc.targetWhere() == null ? List.of()
            : io.stratum.compute.exec.PlanExprs.conjuncts(new ExprBinder(b, scope).bind(oc.targetWhere()));
        final List<IndexDef> out = new ArrayList<>();
        for (final IndexDef i : t.indexes()) {
            if (!i.unique()) {
                continue;
            }
            final java.util.Set<Integer> cols = new java.util.TreeSet<>();
            for (final int a : i.keyAttnums()) {
                if (a > 0) {
                    cols.add(a);
                }
            }
            final java.util.Set<String> exprs = new java.util.TreeSet<>();
            for (final Expr x : IndexExprs.keys(t, i, b.ctx)) {
                exprs.add(x.explain());
            }
            if (cols.equals(wantCols) && exprs.equals(wantExprs) && IndexExprs.implied(t, t.name(), i, where, b.ctx)) {
                out.add(i);
            }
        }
        if (out.isEmpty()) {
            throw new SqlException("42P10", "there is no unique or exclusion constraint matching the ON CONFLICT specification",
                null, null, 0, null);
        }
        return out;
    }
}
