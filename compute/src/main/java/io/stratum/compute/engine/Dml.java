package io.stratum.compute.engine;

import io.stratum.compute.catalog.ColumnDef;
import io.stratum.compute.catalog.IndexDef;
import io.stratum.compute.catalog.TableDef;
import io.stratum.compute.exec.Cursor;
import io.stratum.compute.exec.ExecContext;
import io.stratum.compute.exec.Expr;
import io.stratum.compute.exec.ModifyingCte;
import io.stratum.compute.exec.PlanNode;
import io.stratum.compute.session.SqlException;
import io.stratum.compute.sql.analyze.DmlBinder;
import io.stratum.compute.storage.RowCursor;
import io.stratum.compute.storage.TableAccess;
import io.stratum.compute.types.PgType;
import io.stratum.mvcc.Outcome;
import io.stratum.mvcc.Transaction;
import io.stratum.mvcc.WaitPolicy;
import java.util.ArrayList;
import java.util.List;

/** INSERT, UPDATE and DELETE against storage, with PostgreSQL's READ COMMITTED re-check (EvalPlanQual). */
final class Dml {
    private final EngineSession s;

    Dml(final EngineSession s) {
        this.s = s;
    }

    /**
     * Runs a top-level INSERT, UPDATE or DELETE with the data-modifying CTEs of its WITH ({@code ctes}, in WITH
     * order): those it reads when it reads them, the others after it; returns the main statement's tag.
     */
    String run(final Object plan, final List<ModifyingCte> ctes, final ExecContext cx, final List<Object[]> returned) {
        final Run r = new Run(cx);
        final String tag = r.apply(plan, returned);
        r.finish(ctes);
        return tag;
    }

    /** Runs a query whose WITH holds data-modifying CTEs to its end: its rows, then the CTEs it did not read. */
    List<Object[]> query(final PlanNode plan, final List<ModifyingCte> ctes, final ExecContext cx) {
        return around(ctes, cx, () -> {
            final List<Object[]> rows = new ArrayList<>();
            try (Cursor c = plan.open(cx)) {
                Object[] row;
                while ((row = c.next()) != null) {
                    cx.reserve(ExecContext.estimate(row));
                    rows.add(row);
                }
            }
            return rows;
        });
    }

    /**
     * Runs {@code body}, a query's whole execution (EXPLAIN ANALYZE's), with the data-modifying CTEs of its WITH
     * ({@code ctes}): those it reads when it reads them, the others after it, then the FOREIGN KEY work.
     */
    <T> T around(final List<ModifyingCte> ctes, final ExecContext cx, final java.util.function.Supplier<T> body) {
        final Run r = new Run(cx);
        final T out = body.get();
        r.finish(ctes);
        return out;
    }

    /**
     * The DML of one statement execution: the main statement's and its data-modifying CTEs', which share one
     * command id and one FOREIGN KEY queue, checked once at the end as PostgreSQL fires its RI triggers at the end
     * of the whole query (so a CTE may insert the row the main statement's new row references).
     */
    private final class Run implements ModifyingCte.Runner {
        private final ExecContext cx;
        private ForeignKeys fk;

        Run(final ExecContext cx) {
            this.cx = cx;
            cx.modifier(this);
        }

        @Override
        public List<Object[]> run(final Object plan, final ExecContext ignored) {
            final List<Object[]> rows = new ArrayList<>();
            apply(plan, rows);
            return rows;
        }

        String apply(final Object plan, final List<Object[]> returned) {
            if (plan instanceof DmlBinder.InsertPlan) {
                final DmlBinder.InsertPlan p = (DmlBinder.InsertPlan) plan;
                return insert(p, cx, returned, fk(p.table()));
            }
            if (plan instanceof DmlBinder.UpdatePlan) {
                final DmlBinder.UpdatePlan p = (DmlBinder.UpdatePlan) plan;
                return update(p, cx, returned, fk(p.table()));
            }
            final DmlBinder.DeletePlan p = (DmlBinder.DeletePlan) plan;
            return delete(p, cx, returned, fk(p.table()));
        }

        /** The statement's FOREIGN KEY work, made when the first table a FOREIGN KEY involves is written. */
        private ForeignKeys fk(final TableDef t) {
            if (fk == null) {
                fk = ForeignKeys.of(s, cx, t);
            }
            return fk;
        }

        /** Runs the CTEs nothing read (the last first), then the FOREIGN KEY checks and actions. */
        void finish(final List<ModifyingCte> ctes) {
            cx.finishModifying(ctes);
            if (fk != null) {
                fk.finish();
            }
        }
    }

    /** varchar(n) / char(n) length rules of an assignment (22001), char(n) padding. */
    static void fit(final TableDef t, final Object[] row) {
        for (int i = 0; i < row.length && i < t.columns().size(); i++) {
            row[i] = fitValue(t.columns().get(i), row[i]);
        }
    }

    /** One value assigned to column {@code c}: varchar(n) / char(n) length (22001) and char(n) padding. */
    static Object fitValue(final ColumnDef c, final Object value) {
        if (value instanceof String && c.typmod() > 4 && (c.type() == PgType.VARCHAR || c.type() == PgType.BPCHAR)) {
            final int n = c.typmod() - 4;
            String v = (String) value;
            final int len = v.codePointCount(0, v.length());
            if (len > n) {
                final String tail = v.substring(v.offsetByCodePoints(0, n));
                if (!tail.isBlank() || !tail.chars().allMatch(ch -> ch == ' ')) {
                    throw new SqlException("22001", "value too long for type " + (c.type() == PgType.VARCHAR
                        ? "character varying(" : "character(") + n + ")");
                }
                v = v.substring(0, v.offsetByCodePoints(0, n));
            }
            if (c.type() == PgType.BPCHAR && len < n) {
                v = v + " ".repeat(n - len);
            }
            return v;
        }
        return value;
    }

    static void checkConstraints(final TableDef t, final List<Expr> checks, final List<String> names, final Object[] row,
                                 final ExecContext cx) {
        for (int i = 0; i < checks.size(); i++) {
            if (Boolean.FALSE.equals(checks.get(i).eval(row, cx))) {
                throw new SqlException("23514", "new row for relation \"" + t.name() + "\" violates check constraint \""
                    + names.get(i) + "\"", "Failing row contains " + rowText(t, row, cx) + ".", null, 0, null);
            }
        }
    }

    static String rowText(final TableDef t, final Object[] row, final ExecContext cx) {
        final StringBuilder sb = new StringBuilder("(");
        boolean first = true;
        for (int i = 0; i < row.length; i++) {
            if (i < t.columns().size() && t.columns().get(i).dropped()) {
                continue;
            }
            sb.append(first ? "" : ", ");
            first = false;
            sb.append(row[i] == null ? "null" : io.stratum.compute.exec.Casts.toText(row[i], null, cx.zone()));
        }
        return sb.append(')').toString();
    }

    /** Whether {@code row} conflicts with a visible row in one of {@code arbiters} (all unique indexes when empty). */
    static boolean conflicts(final TableAccess a, final Transaction tx, final TableDef t, final Object[] row,
                             final List<IndexDef> arbiters) {
        for (final IndexDef i : arbiters.isEmpty() ? t.indexes() : arbiters) {
            if (!i.unique()) {
                continue;
            }
            final Object[] key = a.uniqueKey(i, row);
            if (key == null) {
                continue;
            }
            try (RowCursor c = a.indexScan(tx, i, key, key.length, true, key, key.length, true, false)) {
                if (c.next()) {
                    return true;
                }
            }
        }
        return false;
    }

    private String insert(final DmlBinder.InsertPlan p, final ExecContext cx, final List<Object[]> returned,
                          final ForeignKeys fk) {
        final TableDef t = p.table();
        final TableAccess a = new TableAccess(s.store, t);
        final Transaction tx = s.tx;
        final DmlBinder.Upsert up = p.onConflict();
        final UpsertExec upsert = up != null && !up.doNothing() ? new UpsertExec(a, tx, p, cx, returned) : null;
        if (upsert != null) {
            upsert.fk = fk;
        }
        long n = 0;
        try (Cursor c = p.source().open(cx)) {
            Object[] row;
            while ((row = c.next()) != null) {
                cx.check();
                fit(t, row);
                checkConstraints(t, p.checks(), p.checkNames(), row, cx);
                if (upsert != null) {
                    n += upsert.apply(row);
                    continue;
                }
                if (up != null && conflicts(a, tx, t, row, up.arbiters())) {
                    continue;
                }
                final long tid;
                if (up != null) {
                    final int sp = tx.savepoint();
                    try {
                        tid = a.insert(tx, row);
                        tx.release(sp);
                    } catch (final SqlException e) {
                        tx.rollbackTo(sp);
                        tx.release(sp);
                        if (!"23505".equals(e.sqlState()) || !conflicts(a, tx, t, row, up.arbiters())) {
                            throw e;
                        }
                        continue;
                    }
                } else {
                    tid = a.insert(tx, row);
                }
                if (fk != null) {
                    fk.inserted(t, row, tid);
                }
                n++;
                returning(p.returning(), row, cx, returned);
            }
        }
        return "INSERT 0 " + n;
    }

    static void returning(final DmlBinder.Returning r, final Object[] row, final ExecContext cx, final List<Object[]> out) {
        if (r == null) {
            return;
        }
        final Object[] o = new Object[r.exprs().size()];
        for (int i = 0; i < o.length; i++) {
            o[i] = r.exprs().get(i).eval(row, cx);
        }
        cx.reserve(ExecContext.estimate(o));
        out.add(o);
    }

    /** The target rows (values plus TID), materialised before any change. */
    private static List<Object[]> targets(final io.stratum.compute.exec.PlanNode scan, final ExecContext cx) {
        final List<Object[]> rows = new ArrayList<>();
        try (Cursor c = scan.open(cx)) {
            Object[] r;
            while ((r = c.next()) != null) {
                cx.reserve(ExecContext.estimate(r));
                rows.add(r);
            }
        }
        return rows;
    }

    private String update(final DmlBinder.UpdatePlan p, final ExecContext cx, final List<Object[]> returned,
                          final ForeignKeys fk) {
        final TableDef t = p.table();
        final int width = t.columns().size();
        final TableAccess a = new TableAccess(s.store, t);
        final Transaction tx = s.tx;
        final long[] out = new long[1];
        final java.util.Set<Long> seen = p.joined() ? new java.util.HashSet<>() : null;
        long n = 0;
        for (final Object[] target : targets(p.scan(), cx)) {
            cx.check();
            Object[] old = target;
            long tid = (Long) target[width];
            if (seen != null && !seen.add(tid)) {
                continue;
            }
            while (true) {
                final Object[] row = java.util.Arrays.copyOf(old, width);
                for (int i = 0; i < p.setColumns().length; i++) {
                    row[p.setColumns()[i]] = p.setExprs()[i].eval(old, cx);
                }
                fit(t, row);
                checkConstraints(t, p.checks(), p.checkNames(), row, cx);
                final Outcome o = a.update(tx, tid, old, row, WaitPolicy.BLOCK, out);
                if (o == Outcome.OK) {
                    n++;
                    if (fk != null) {
                        fk.updated(t, old, row, out[0]);
                    }
                    if (p.returning() != null) {
                        final Object[] full = old.clone();
                        System.arraycopy(row, 0, full, 0, width);
                        returning(p.returning(), full, cx, returned);
                    }
                    break;
                }
                if (o != Outcome.UPDATED) {
                    break;
                }
                final Object[] latest = old.clone();
                if (!a.fetchLatest(tx, out[0], latest)) {
                    break;
                }
                latest[width] = out[0];
                if (p.where() != null && !Boolean.TRUE.equals(p.where().eval(latest, cx))) {
                    break;
                }
                old = latest;
                tid = out[0];
            }
        }
        return "UPDATE " + n;
    }

    private String delete(final DmlBinder.DeletePlan p, final ExecContext cx, final List<Object[]> returned,
                          final ForeignKeys fk) {
        final TableDef t = p.table();
        final int width = t.columns().size();
        final TableAccess a = new TableAccess(s.store, t);
        final Transaction tx = s.tx;
        final long[] out = new long[1];
        final java.util.Set<Long> seen = p.joined() ? new java.util.HashSet<>() : null;
        long n = 0;
        for (final Object[] target : targets(p.scan(), cx)) {
            cx.check();
            Object[] old = target;
            long tid = (Long) target[width];
            if (seen != null && !seen.add(tid)) {
                continue;
            }
            while (true) {
                final Outcome o = a.delete(tx, tid, WaitPolicy.BLOCK, out);
                if (o == Outcome.OK) {
                    n++;
                    if (fk != null) {
                        fk.deleted(t, old);
                    }
                    returning(p.returning(), old, cx, returned);
                    break;
                }
                if (o != Outcome.UPDATED) {
                    break;
                }
                final Object[] latest = old.clone();
                if (!a.fetchLatest(tx, out[0], latest)) {
                    break;
                }
                latest[width] = out[0];
                if (p.where() != null && !Boolean.TRUE.equals(p.where().eval(latest, cx))) {
                    break;
                }
                old = latest;
                tid = out[0];
            }
        }
        return "DELETE " + n;
    }
}
