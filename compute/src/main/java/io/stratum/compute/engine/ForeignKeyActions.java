package io.stratum.compute.engine;

import io.stratum.compute.catalog.ConstraintDef;
import io.stratum.compute.catalog.IndexDef;
import io.stratum.compute.catalog.TableDef;
import io.stratum.compute.exec.Expr;
import io.stratum.compute.session.SqlException;
import io.stratum.compute.sql.analyze.BindContext;
import io.stratum.compute.sql.analyze.Binder;
import io.stratum.compute.sql.analyze.DmlBinder;
import io.stratum.compute.storage.RowCursor;
import io.stratum.compute.storage.TableAccess;
import io.stratum.mvcc.Isolation;
import io.stratum.mvcc.Outcome;
import io.stratum.mvcc.Transaction;
import io.stratum.mvcc.WaitPolicy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The referenced side of FOREIGN KEYs: when a referenced row is deleted or its key updated, the referencing
 * rows of each FOREIGN KEY on it are found and the constraint's action applied: NO ACTION (an error unless
 * another row now has the old key), RESTRICT (an error), CASCADE (delete them, or give them the new key), SET
 * NULL, SET DEFAULT. Referencing rows are looked up with the transaction's snapshot and with a fresh one (rows
 * other transactions committed after it; under REPEATABLE READ finding one is a 40001, as in PostgreSQL).
 */
final class ForeignKeyActions {
    private final ForeignKeys fk;

    ForeignKeyActions(final ForeignKeys fk) {
        this.fk = fk;
    }

    /** A referencing row found: its TID and values. */
    private record Found(long tid, Object[] row) {
    }

    void referencedRowChanged(final ForeignKeys.Event e) {
        final TableDef t = e.table();
        for (final ConstraintDef c : fk.snap.referencing(t.oid())) {
            final Object[] oldKey = ForeignKeys.pick(e.old(), c.refAttnums());
            if (ForeignKeys.nulls(oldKey) > 0) {
                continue;
            }
            final Object[] newKey = e.neu() == null ? null : ForeignKeys.pick(e.neu(), c.refAttnums());
            if (newKey != null && ForeignKeys.same(oldKey, newKey)) {
                continue;
            }
            final char action = e.neu() == null ? c.onDelete() : c.onUpdate();
            if (action == 'a' && keyStillPresent(t, c, oldKey)) {
                continue;
            }
            final TableDef child = fk.snap.table(c.tableOid());
            final List<Found> rows = referencing(child, c, oldKey);
            if (rows.isEmpty()) {
                continue;
            }
            switch (action) {
                case 'c':
                    for (final Found f : rows) {
                        if (newKey == null) {
                            delete(child, c, f, oldKey);
                        } else {
                            update(child, c, f, oldKey, converted(child, c, newKey));
                        }
                    }
                    break;
                case 'n':
                    for (final Found f : rows) {
                        update(child, c, f, oldKey, new Object[c.keyAttnums().length]);
                    }
                    break;
                case 'd': {
                    final Object[] defaults = defaults(child, c);
                    if (ForeignKeys.same(defaults, converted(child, c, oldKey))) {
                        // the rows would keep their key (the default) and still reference the row that is gone
                        throw stillReferenced(t, c, child, oldKey);
                    }
                    for (final Found f : rows) {
                        update(child, c, f, oldKey, defaults);
                    }
                    break;
                }
                default:
                    throw stillReferenced(t, c, child, oldKey);
            }
        }
    }

    private static SqlException stillReferenced(final TableDef t, final ConstraintDef c, final TableDef child,
                                                final Object[] oldKey) {
        return new SqlException("23503", "update or delete on table \"" + t.name()
            + "\" violates foreign key constraint \"" + c.name() + "\" on table \"" + child.name() + "\"",
            ForeignKeys.keyText(t, c.refAttnums(), oldKey) + " is still referenced from table \""
            + child.name() + "\".", null, 0, null);
    }

    /** NO ACTION: whether a row of the referenced table has the old key now (it was re-inserted or moved). */
    private boolean keyStillPresent(final TableDef t, final ConstraintDef c, final Object[] key) {
        final IndexDef idx = fk.snap.index(c.indexOid());
        final int n = idx.keyAttnums().length;
        final Object[] bound = new Object[n];
        for (int k = 0; k < n; k++) {
            bound[k] = key[ForeignKeys.indexOf(c.refAttnums(), idx.keyAttnums()[k])];
        }
        try (RowCursor rc = fk.access(t).indexScan(fk.tx, idx, bound, n, true, bound, n, true, false)) {
            return rc.next();
        }
    }

    /** The new key converted to the referencing columns' types (22003 when it does not fit). */
    private static Object[] converted(final TableDef child, final ConstraintDef c, final Object[] key) {
        final Object[] out = new Object[key.length];
        for (int i = 0; i < key.length; i++) {
            out[i] = ForeignKeys.convert(key[i], child.columns().get(c.keyAttnums()[i] - 1).type());
            if (out[i] == ForeignKeys.NO_MATCH) {
                throw new SqlException("22003", child.columns().get(c.keyAttnums()[i] - 1).type().sqlName()
                    + " out of range");
            }
        }
        return out;
    }

    private Object[] defaults(final TableDef child, final ConstraintDef c) {
        final Object[] out = new Object[c.keyAttnums().length];
        for (int i = 0; i < out.length; i++) {
            final String text = child.columns().get(c.keyAttnums()[i] - 1).defaultExpr();
            if (text != null) {
                final BindContext bc = new BindContext(fk.snap, fk.s.catalogContext(), fk.s.settings.zone(), List.of());
                final Expr e = new DmlBinder(new Binder(bc)).overTable(child, text);
                out[i] = ForeignKeys.convert(e.eval(new Object[child.columns().size()], fk.cx),
                    child.columns().get(c.keyAttnums()[i] - 1).type());
            }
        }
        return out;
    }

    /** The rows of {@code child} whose key columns of {@code c} equal {@code key} (the referenced table's values). */
    private List<Found> referencing(final TableDef child, final ConstraintDef c, final Object[] key) {
        final Object[] want = new Object[key.length];
        for (int i = 0; i < key.length; i++) {
            want[i] = ForeignKeys.convert(key[i], child.columns().get(c.keyAttnums()[i] - 1).type());
            if (want[i] == ForeignKeys.NO_MATCH) {
                return List.of();
            }
        }
        final TableAccess a = fk.access(child);
        final List<Found> out = new ArrayList<>();
        final Set<Long> seen = new HashSet<>();
        scan(a, fk.tx, child, c, want, out, seen);
        // rows committed after our snapshot (a concurrent insert that waited for our lock on the referenced row)
        final Transaction fresh = fk.store.begin(Isolation.READ_COMMITTED, true);
        final List<Found> recent = new ArrayList<>();
        try {
            fresh.newStatement();
            scan(new TableAccess(fk.store, child), fresh, child, c, want, recent, seen);
        } finally {
            fresh.commit();
        }
        final Object[] latest = new Object[child.columns().size()];
        for (final Found f : recent) {
            if (a.fetchLatest(fk.tx, f.tid(), latest) && ForeignKeys.matches(latest, c.keyAttnums(), want)) {
                if (fk.tx.isolation() != Isolation.READ_COMMITTED) {
                    throw new SqlException("40001", "could not serialize access due to concurrent update");
                }
                out.add(new Found(f.tid(), latest.clone()));
            }
        }
        return out;
    }

    private void scan(final TableAccess a, final Transaction tx, final TableDef child, final ConstraintDef c,
                      final Object[] want, final List<Found> out, final Set<Long> seen) {
        final IndexDef idx = leadingIndex(child, c.keyAttnums());
        final int n = c.keyAttnums().length;
        if (idx != null) {
            final Object[] bound = new Object[n];
            for (int k = 0; k < n; k++) {
                bound[k] = want[ForeignKeys.indexOf(c.keyAttnums(), idx.keyAttnums()[k])];
            }
            try (RowCursor rc = a.indexScan(tx, idx, bound, n, true, bound, n, true, false)) {
                collect(rc, c, want, out, seen);
            }
        } else {
            try (RowCursor rc = a.scan(tx)) {
                collect(rc, c, want, out, seen);
            }
        }
    }

    private void collect(final RowCursor rc, final ConstraintDef c, final Object[] want, final List<Found> out,
                         final Set<Long> seen) {
        while (rc.next()) {
            if (ForeignKeys.matches(rc.row(), c.keyAttnums(), want) && seen.add(rc.tid())) {
                fk.cx.reserve(io.stratum.compute.exec.ExecContext.estimate(rc.row()) + 32);
                out.add(new Found(rc.tid(), rc.row().clone()));
            }
        }
    }

    /** An index of {@code t} whose first key columns are exactly the set {@code attnums}. */
    static IndexDef leadingIndex(final TableDef t, final int[] attnums) {
        for (final IndexDef i : t.indexes()) {
            if (i.keyAttnums().length < attnums.length || !i.plain()) {
                continue;
            }
            boolean all = true;
            for (int k = 0; k < attnums.length && all; k++) {
                boolean found = false;
                for (final int a : attnums) {
                    found |= a == i.keyAttnums()[k];
                }
                all = found;
            }
            if (all) {
                return i;
            }
        }
        return null;
    }

    private void delete(final TableDef child, final ConstraintDef c, final Found f, final Object[] oldKey) {
        final TableAccess a = fk.access(child);
        final long[] out = new long[1];
        long tid = f.tid();
        Object[] row = f.row();
        while (true) {
            final Outcome o = a.delete(fk.tx, tid, WaitPolicy.BLOCK, out);
            if (o == Outcome.OK) {
                fk.deleted(child, row);
                return;
            }
            final Object[] latest = new Object[child.columns().size()];
            if (o != Outcome.UPDATED || !a.fetchLatest(fk.tx, out[0], latest)
                    || !ForeignKeys.matches(latest, c.keyAttnums(), converted(child, c, oldKey))) {
                return;
            }
            tid = out[0];
            row = latest;
        }
    }

    private void update(final TableDef child, final ConstraintDef c, final Found f, final Object[] oldKey,
                        final Object[] values) {
        final TableAccess a = fk.access(child);
        final long[] out = new long[1];
        long tid = f.tid();
        Object[] row = f.row();
        while (true) {
            final Object[] changed = row.clone();
            for (int i = 0; i < values.length; i++) {
                changed[c.keyAttnums()[i] - 1] = values[i];
            }
            final Outcome o = a.update(fk.tx, tid, changed, WaitPolicy.BLOCK, out);
            if (o == Outcome.OK) {
                fk.updated(child, row, changed, out[0]);
                return;
            }
            final Object[] latest = new Object[child.columns().size()];
            if (o != Outcome.UPDATED || !a.fetchLatest(fk.tx, out[0], latest)
                    || !ForeignKeys.matches(latest, c.keyAttnums(), converted(child, c, oldKey))) {
                return;
            }
            tid = out[0];
            row = latest;
        }
    }
}
