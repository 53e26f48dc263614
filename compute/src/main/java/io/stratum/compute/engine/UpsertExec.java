package io.stratum.compute.engine;

import io.stratum.compute.catalog.IndexDef;
import io.stratum.compute.catalog.TableDef;
import io.stratum.compute.exec.ExecContext;
import io.stratum.compute.session.SqlException;
import io.stratum.compute.sql.analyze.DmlBinder;
import io.stratum.compute.storage.RowCursor;
import io.stratum.compute.storage.TableAccess;
import io.stratum.mvcc.Outcome;
import io.stratum.mvcc.Transaction;
import io.stratum.mvcc.WaitPolicy;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code INSERT ... ON CONFLICT (...) DO UPDATE} for one statement: for each proposed row, find the row it
 * conflicts with in an arbiter index; if none, insert it (under a savepoint, so a row another transaction
 * inserted meanwhile sends it back to the search); else update that row with the SET list over the existing
 * row and EXCLUDED, if the DO UPDATE WHERE holds. A row the statement has already inserted or updated cannot
 * be affected again (21000), as in PostgreSQL. Not thread-safe; one per statement execution.
 */
final class UpsertExec {
    private final TableAccess a;
    private final Transaction tx;
    private final DmlBinder.InsertPlan p;
    private final DmlBinder.Upsert up;
    private final ExecContext cx;
    private final List<Object[]> returned;
    private final int width;
    private final long[] out = new long[1];
    /** The statement's FOREIGN KEY work, or null. */
    ForeignKeys fk;
    /** TIDs of the versions this statement wrote: a second proposal for one of them is an error. */
    private final Set<Long> touched = new HashSet<>();
    /** Arbiter keys of the rows this statement wrote (its own new versions are not visible to its index scans). */
    private final Set<List<Object>> touchedKeys = new HashSet<>();

    UpsertExec(final TableAccess a, final Transaction tx, final DmlBinder.InsertPlan p, final ExecContext cx,
               final List<Object[]> returned) {
        this.a = a;
        this.tx = tx;
        this.p = p;
        this.up = p.onConflict();
        this.cx = cx;
        this.returned = returned;
        this.width = p.table().columns().size();
    }

    /** Inserts or updates for one proposed row (already fitted and checked); returns the rows affected (0 or 1). */
    int apply(final Object[] proposed) {
        final TableDef t = p.table();
        while (true) {
            cx.check();
            final Object[] existing = find(proposed);
            if (existing == null) {
                final int sp = tx.savepoint();
                try {
                    final long tid = a.insert(tx, proposed);
                    tx.release(sp);
                    if (fk != null) {
                        fk.inserted(t, proposed, tid);
                    }
                    touched.add(tid);
                    remember(proposed);
                    Dml.returning(p.returning(), proposed, cx, returned);
                    return 1;
                } catch (final SqlException e) {
                    tx.rollbackTo(sp);
                    tx.release(sp);
                    if (!"23505".equals(e.sqlState())) {
                        throw e;
                    }
                    if (find(proposed) == null) {
                        if (wrote(proposed)) {
                            throw secondTime();
                        }
                        throw e;
                    }
                    continue;
                }
            }
            long tid = (Long) existing[width];
            if (touched.contains(tid) || wrote(proposed)) {
                throw secondTime();
            }
            final Object[] both = new Object[2 * width + 1];
            System.arraycopy(existing, 0, both, 0, width + 1);
            System.arraycopy(proposed, 0, both, width + 1, width);
            while (true) {
                if (up.where() != null && !Boolean.TRUE.equals(up.where().eval(both, cx))) {
                    return 0;
                }
                final Object[] row = java.util.Arrays.copyOf(both, width);
                for (int i = 0; i < up.setColumns().length; i++) {
                    row[up.setColumns()[i]] = up.setExprs()[i].eval(both, cx);
                }
                Dml.fit(t, row);
                Dml.checkConstraints(t, p.checks(), p.checkNames(), row, cx);
                final Outcome o = a.update(tx, tid, both, row, WaitPolicy.BLOCK, out);
                if (o == Outcome.OK) {
                    if (fk != null) {
                        fk.updated(t, both, row, out[0]);
                    }
                    touched.add(tid);
                    touched.add(out[0]);
                    remember(row);
                    Dml.returning(p.returning(), row, cx, returned);
                    return 1;
                }
                if (o != Outcome.UPDATED) {
                    throw secondTime();
                }
                // another transaction changed the row first: carry on with its newest version (READ COMMITTED)
                if (!a.fetchLatest(tx, out[0], both)) {
                    break;
                }
                tid = out[0];
                both[width] = tid;
            }
        }
    }

    private static SqlException secondTime() {
        return new SqlException("21000", "ON CONFLICT DO UPDATE command cannot affect row a second time", null,
            "Ensure that no rows proposed for insertion within the same command have duplicate constrained values.", 0, null);
    }

    private List<Object> key(final IndexDef i, final Object[] row) {
        final Object[] values = a.uniqueKey(i, row);
        if (values == null) {
            return null;
        }
        final Object[] k = new Object[values.length + 1];
        k[0] = i.oid();
        for (int j = 0; j < values.length; j++) {
            final Object v = values[j];
            // one representation per value for hashing (numerics compare by value, not scale)
            k[j + 1] = v instanceof java.math.BigDecimal ? ((java.math.BigDecimal) v).stripTrailingZeros() : v;
        }
        return java.util.Arrays.asList(k);
    }

    private void remember(final Object[] row) {
        for (final IndexDef i : up.arbiters()) {
            final List<Object> k = key(i, row);
            if (k != null) {
                cx.reserve(64);
                touchedKeys.add(k);
            }
        }
    }

    private boolean wrote(final Object[] row) {
        for (final IndexDef i : up.arbiters()) {
            final List<Object> k = key(i, row);
            if (k != null && touchedKeys.contains(k)) {
                return true;
            }
        }
        return false;
    }

    /** The existing row (values then TID) that {@code row} conflicts with in an arbiter index, or null. */
    private Object[] find(final Object[] row) {
        final List<IndexDef> arbiters = up.arbiters();
        for (final IndexDef i : arbiters) {
            final Object[] key = a.uniqueKey(i, row);
            if (key == null) {
                continue;
            }
            try (RowCursor c = a.indexScan(tx, i, key, key.length, true, key, key.length, true, false)) {
                if (c.next()) {
                    final Object[] found = java.util.Arrays.copyOf(c.row(), width + 1);
                    found[width] = c.tid();
                    return found;
                }
            }
        }
        return null;
    }
}
