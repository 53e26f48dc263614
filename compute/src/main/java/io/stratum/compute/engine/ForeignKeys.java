package io.stratum.compute.engine;

import io.stratum.compute.catalog.CatalogSnapshot;
import io.stratum.compute.catalog.ColumnDef;
import io.stratum.compute.catalog.ConstraintDef;
import io.stratum.compute.catalog.IndexDef;
import io.stratum.compute.catalog.TableDef;
import io.stratum.compute.exec.ExecContext;
import io.stratum.compute.exec.Values;
import io.stratum.compute.session.SqlException;
import io.stratum.compute.storage.RowCursor;
import io.stratum.compute.storage.TableAccess;
import io.stratum.compute.types.PgType;
import io.stratum.mvcc.LockMode;
import io.stratum.mvcc.MvccStore;
import io.stratum.mvcc.Outcome;
import io.stratum.mvcc.Transaction;
import io.stratum.mvcc.WaitPolicy;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The FOREIGN KEY work of one DML statement, as PostgreSQL's RI triggers do it: the statement records each row
 * it inserted, updated or deleted in a table that has or is referenced by a FOREIGN KEY; at its end
 * ({@link #finish}) the transaction starts a new command (so the statement's own rows are visible and, under
 * READ COMMITTED, the snapshot is fresh) and the checks and actions run. A referencing row's check finds its
 * referenced row through the referenced table's unique index and locks it FOR SHARE (so a concurrent DELETE of
 * it waits for this transaction and then finds the new row); the referenced side's actions (NO ACTION,
 * RESTRICT, CASCADE, SET NULL, SET DEFAULT) are in {@link ForeignKeyActions}. Rows changed by cascades are
 * checked in further rounds until none are left. Rows recorded count against the statement memory limit.
 *
 * <p>Threads: none; lock waits block the caller's thread.
 */
final class ForeignKeys {
    /** A value that cannot equal any value of the target type (e.g. 3000000000 for an int4 column). */
    static final Object NO_MATCH = new Object();

    /** One row change: {@code old} null for an insert, {@code neu} null for a delete. */
    record Event(TableDef table, Object[] old, Object[] neu, long newTid) {
    }

    final EngineSession s;
    final ExecContext cx;
    final Transaction tx;
    final MvccStore store;
    final CatalogSnapshot snap;
    private final Map<Integer, TableAccess> access = new HashMap<>();
    private List<Event> queue = new ArrayList<>();
    private final ForeignKeyActions actions;

    private ForeignKeys(final EngineSession s, final ExecContext cx) {
        this.s = s;
        this.cx = cx;
        this.tx = s.tx;
        this.store = s.store;
        this.snap = s.snapshot();
        this.actions = new ForeignKeyActions(this);
    }

    /** The FOREIGN KEY work for a statement changing {@code t}, or null when no FOREIGN KEY involves it. */
    static ForeignKeys of(final EngineSession s, final ExecContext cx, final TableDef t) {
        return involved(s.snapshot(), t) ? new ForeignKeys(s, cx) : null;
    }

    /**
     * ALTER TABLE ADD FOREIGN KEY: every row of {@code t} must reference an existing row (23503 as for an insert).
     * {@code t} and {@code c} come from the transaction's view after the constraint was added.
     */
    static void validate(final EngineSession s, final ExecContext cx, final TableDef t, final ConstraintDef c) {
        final ForeignKeys fk = new ForeignKeys(s, cx);
        try (RowCursor rc = fk.access(t).scan(s.tx)) {
            while (rc.next()) {
                cx.check();
                final Object[] key = pick(rc.row(), c.keyAttnums());
                final int nulls = nulls(key);
                if (nulls == key.length || (nulls > 0 && c.matchType() != 'f')) {
                    continue;
                }
                if (nulls > 0) {
                    throw new SqlException("23503", "insert or update on table \"" + t.name()
                        + "\" violates foreign key constraint \"" + c.name() + "\"",
                        "MATCH FULL does not allow mixing of null and nonnull key values.", null, 0, null);
                }
                if (!fk.lockReferenced(c, key)) {
                    throw fk.notPresent(t, c, key);
                }
            }
        }
    }

    static boolean involved(final CatalogSnapshot snap, final TableDef t) {
        if (!snap.referencing(t.oid()).isEmpty()) {
            return true;
        }
        for (final ConstraintDef c : t.constraints()) {
            if (c.foreignKey()) {
                return true;
            }
        }
        return false;
    }

    TableAccess access(final TableDef t) {
        return access.computeIfAbsent(t.oid(), k -> new TableAccess(store, t));
    }

    void inserted(final TableDef t, final Object[] row, final long tid) {
        add(new Event(t, null, java.util.Arrays.copyOf(row, t.columns().size()), tid));
    }

    void updated(final TableDef t, final Object[] old, final Object[] row, final long tid) {
        add(new Event(t, java.util.Arrays.copyOf(old, t.columns().size()), java.util.Arrays.copyOf(row, t.columns().size()),
            tid));
    }

    void deleted(final TableDef t, final Object[] old) {
        add(new Event(t, java.util.Arrays.copyOf(old, t.columns().size()), null, 0));
    }

    private void add(final Event e) {
        if (!involved(snap, e.table())) {
            return;
        }
        cx.reserve(ExecContext.estimate(e.old() != null ? e.old() : e.neu()) + 64);
        queue.add(e);
    }

    /** Runs the checks and actions of every recorded row, then of the rows the actions changed, until none is left. */
    void finish() {
        while (!queue.isEmpty()) {
            final List<Event> batch = queue;
            queue = new ArrayList<>();
            tx.newStatement();
            for (final Event e : batch) {
                cx.check();
                if (e.old() != null) {
                    actions.referencedRowChanged(e);
                }
                if (e.neu() != null) {
                    checkReferencingRow(e);
                }
            }
        }
    }

    /** The referencing side: each FOREIGN KEY of the row's table must find its referenced row. */
    private void checkReferencingRow(final Event e) {
        final TableDef t = e.table();
        boolean live = false;
        boolean looked = false;
        for (final ConstraintDef c : byOid(t.constraints())) {
            if (!c.foreignKey()) {
                continue;
            }
            final Object[] key = pick(e.neu(), c.keyAttnums());
            if (e.old() != null && same(key, pick(e.old(), c.keyAttnums()))) {
                continue;
            }
            final int nulls = nulls(key);
            if (nulls == key.length || (nulls > 0 && c.matchType() != 'f')) {
                continue;
            }
            if (!looked) {
                looked = true;
                // a version the statement (or a cascade) changed again later carries its own event
                live = access(t).fetch(tx, e.newTid(), new Object[t.columns().size()]);
            }
            if (!live) {
                return;
            }
            if (nulls > 0) {
                throw new SqlException("23503", "insert or update on table \"" + t.name()
                    + "\" violates foreign key constraint \"" + c.name() + "\"",
                    "MATCH FULL does not allow mixing of null and nonnull key values.", null, 0, null);
            }
            if (!lockReferenced(c, key)) {
                throw notPresent(t, c, key);
            }
        }
    }

    /** Constraints in creation order (PostgreSQL fires the RI triggers of one row in that order). */
    private static List<ConstraintDef> byOid(final List<ConstraintDef> l) {
        final List<ConstraintDef> out = new ArrayList<>(l);
        out.sort(java.util.Comparator.comparingInt(ConstraintDef::oid));
        return out;
    }

    SqlException notPresent(final TableDef t, final ConstraintDef c, final Object[] key) {
        return new SqlException("23503", "insert or update on table \"" + t.name() + "\" violates foreign key constraint \""
            + c.name() + "\"", keyText(t, c.keyAttnums(), key) + " is not present in table \""
            + snap.table(c.refTableOid()).name() + "\".", null, 0, null);
    }

    /**
     * Finds the referenced row of key {@code key} (values in {@code c.keyAttnums()} order) and locks it FOR SHARE;
     * false when there is none (or it was deleted, or its key changed, by a transaction that committed meanwhile).
     */
    boolean lockReferenced(final ConstraintDef c, final Object[] key) {
        final TableDef ref = snap.table(c.refTableOid());
        final IndexDef idx = snap.index(c.indexOid());
        final int n = idx.keyAttnums().length;
        final Object[] bound = new Object[n];
        for (int k = 0; k < n; k++) {
            final int j = indexOf(c.refAttnums(), idx.keyAttnums()[k]);
            bound[k] = convert(key[j], ref.columns().get(idx.keyAttnums()[k] - 1).type());
            if (bound[k] == NO_MATCH) {
                return false;
            }
        }
        final TableAccess a = access(ref);
        final List<Long> tids = new ArrayList<>();
        try (RowCursor rc = a.indexScan(tx, idx, bound, n, true, bound, n, true, false)) {
            while (rc.next()) {
                tids.add(rc.tid());
            }
        }
        final long[] out = new long[1];
        final Object[] latest = new Object[ref.columns().size()];
        for (long tid : tids) {
            while (true) {
                final Outcome o = a.lock(tx, tid, LockMode.SHARE, WaitPolicy.BLOCK, out);
                if (o == Outcome.OK || o == Outcome.SELF_MODIFIED) {
                    return true;
                }
                if (o != Outcome.UPDATED || !a.fetchLatest(tx, out[0], latest)
                        || !matches(latest, c.refAttnums(), key)) {
                    break;
                }
                tid = out[0];
            }
        }
        return false;
    }

    static int indexOf(final int[] a, final int v) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == v) {
                return i;
            }
        }
        throw new IllegalStateException("attnum " + v + " not in " + java.util.Arrays.toString(a));
    }

    static Object[] pick(final Object[] row, final int[] attnums) {
        final Object[] k = new Object[attnums.length];
        for (int i = 0; i < k.length; i++) {
            k[i] = row[attnums[i] - 1];
        }
        return k;
    }

    static int nulls(final Object[] key) {
        int n = 0;
        for (final Object v : key) {
            n += v == null ? 1 : 0;
        }
        return n;
    }

    /** Whether two keys are equal column by column (NULLs equal each other: the key did not change). */
    static boolean same(final Object[] a, final Object[] b) {
        for (int i = 0; i < a.length; i++) {
            if (!Values.same(a[i], b[i])) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code row}'s columns {@code attnums} equal {@code key} (no NULLs match). */
    static boolean matches(final Object[] row, final int[] attnums, final Object[] key) {
        for (int i = 0; i < attnums.length; i++) {
            final Object v = row[attnums[i] - 1];
            if (v == null || key[i] == null || Values.compare(v, key[i]) != 0) {
                return false;
            }
        }
        return true;
    }

    /** {@code v} as a value of {@code type} for a key lookup, or {@link #NO_MATCH} when no value of it is equal. */
    static Object convert(final Object v, final PgType type) {
        if (!(v instanceof Number)) {
            return v;
        }
        switch (type) {
            case INT2: case INT4: case INT8: {
                if (Values.numeric(v) instanceof io.stratum.compute.types.NumericSpecial) {
                    return NO_MATCH; // NaN and the infinities equal no integer
                }
                final BigDecimal d = Values.decimal(v);
                if (d.signum() != 0 && d.stripTrailingZeros().scale() > 0) {
                    return NO_MATCH;
                }
                final long min = type == PgType.INT2 ? Short.MIN_VALUE : type == PgType.INT4 ? Integer.MIN_VALUE : Long.MIN_VALUE;
                final long max = type == PgType.INT2 ? Short.MAX_VALUE : type == PgType.INT4 ? Integer.MAX_VALUE : Long.MAX_VALUE;
                if (d.compareTo(BigDecimal.valueOf(min)) < 0 || d.compareTo(BigDecimal.valueOf(max)) > 0) {
                    return NO_MATCH;
                }
                final long l = d.longValue();
                return type == PgType.INT2 ? (Object) (short) l : type == PgType.INT4 ? (Object) (int) l : (Object) l;
            }
            case NUMERIC:
                return Values.numeric(v);
            case FLOAT8:
                return ((Number) v).doubleValue();
            case FLOAT4:
                return ((Number) v).floatValue();
            default:
                return v;
        }
    }

    /** {@code Key (a, b)=(1, x)} as PostgreSQL's DETAIL prints it. */
    static String keyText(final TableDef t, final int[] attnums, final Object[] key) {
        final StringBuilder names = new StringBuilder("Key (");
        final StringBuilder vals = new StringBuilder("=(");
        for (int i = 0; i < attnums.length; i++) {
            if (i > 0) {
                names.append(", ");
                vals.append(", ");
            }
            final ColumnDef c = t.columns().get(attnums[i] - 1);
            names.append(io.stratum.compute.catalog.pg.CatalogFunctions.quoteIdent(c.name()));
            vals.append(key[i] == null ? "null" : c.type().formatText(key[i], PgType.Format.DEFAULT));
        }
        return names.append(')').append(vals).append(')').toString();
    }
}
