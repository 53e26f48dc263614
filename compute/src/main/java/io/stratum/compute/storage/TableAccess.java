package io.stratum.compute.storage;

import io.stratum.compute.catalog.IndexDef;
import io.stratum.compute.catalog.TableDef;
import io.stratum.mvcc.LockMode;
import io.stratum.mvcc.MvccStore;
import io.stratum.mvcc.Outcome;
import io.stratum.mvcc.Transaction;
import io.stratum.mvcc.WaitPolicy;

/**
 * The executor's access to one table as a {@link TableDef} describes it (heap at its relfilenode, every
 * index): insert, scans, fetch, update, delete, lock, vacuum. Rows are {@code Object[]} in attnum order.
 * Open one per table per statement (cheap) from the {@link io.stratum.compute.catalog.CatalogSnapshot} the
 * statement uses, since TRUNCATE changes relfilenodes. Not thread-safe (holds encode buffers and a fetch
 * holder); one per statement or per cursor.
 *
 * <p>Checks here: NOT NULL (23502 {@code null value in column "c" of relation "t" violates not-null
 * constraint}) and uniqueness (the B-tree's check, reported as 23505 {@code duplicate key value violates
 * unique constraint "t_pkey"}, detail {@code Key (id)=(1) already exists.}). Type coercion, varchar length
 * and CHECK constraints are the sqlengine's. Other {@link io.stratum.mvcc.MvccException}s pass through.
 */
public final class TableAccess {

    /** Access to {@code table} in {@code store}. */
    public TableAccess(final MvccStore store, final TableDef table) {
        throw new UnsupportedOperationException("storage being built");
    }

    public TableDef table() {
        throw new UnsupportedOperationException("storage being built");
    }

    /** Inserts {@code row} (heap, then an entry in every index); returns the new TID. */
    public long insert(final Transaction tx, final Object[] row) {
        throw new UnsupportedOperationException("storage being built");
    }

    /** A sequential scan under {@code tx}'s current snapshot. */
    public RowCursor scan(final Transaction tx) {
        throw new UnsupportedOperationException("storage being built");
    }

    /**
     * An index scan: rows whose leading key columns lie between the bounds, in index order (or reversed).
     * {@code low} holds values for the first {@code lowCount} key columns ({@code lowCount} 0: unbounded),
     * {@code high} likewise; an equality lookup on the first k columns is {@code low = high = values, k, k,
     * inclusive both}. A bound on a prefix applies to the prefix: {@code (a) > (5)} skips every key starting
     * with 5. Rows with NULL in a bounded column are not returned. Heap visibility is checked per entry
     * (dead and invisible versions are skipped). The sqlengine still evaluates its full predicate.
     */
    public RowCursor indexScan(final Transaction tx, final IndexDef index, final Object[] low, final int lowCount,
                               final boolean lowInclusive, final Object[] high, final int highCount,
                               final boolean highInclusive, final boolean backward) {
        throw new UnsupportedOperationException("storage being built");
    }

    /** Reads the version at {@code tid} into {@code into} if {@code tx}'s snapshot sees it. */
    public boolean fetch(final Transaction tx, final long tid, final Object[] into) {
        throw new UnsupportedOperationException("storage being built");
    }

    /** Reads the newest committed-or-own version at {@code tid} (READ COMMITTED re-check); false when deleted. */
    public boolean fetchLatest(final Transaction tx, final long tid, final Object[] into) {
        throw new UnsupportedOperationException("storage being built");
    }

    /**
     * Replaces the version at {@code tid} with {@code newRow} and adds index entries for the new version.
     * {@code out[0]} receives the new TID on {@link Outcome#OK}, or the newest version's TID on
     * {@link Outcome#UPDATED} (re-check it with {@link #fetchLatest}, then call update on that TID).
     */
    public Outcome update(final Transaction tx, final long tid, final Object[] newRow, final WaitPolicy wait,
                          final long[] out) {
        throw new UnsupportedOperationException("storage being built");
    }

    /** Deletes the version at {@code tid} (index entries stay until VACUUM); outcomes as {@link #update}. */
    public Outcome delete(final Transaction tx, final long tid, final WaitPolicy wait, final long[] out) {
        throw new UnsupportedOperationException("storage being built");
    }

    /** SELECT ... FOR UPDATE / FOR SHARE of the row at {@code tid}; outcomes as {@link #update}. */
    public Outcome lock(final Transaction tx, final long tid, final LockMode mode, final WaitPolicy wait,
                        final long[] out) {
        throw new UnsupportedOperationException("storage being built");
    }

    /** VACUUM of the heap and its indexes; returns the versions removed. */
    public long vacuum() {
        throw new UnsupportedOperationException("storage being built");
    }

    /** Heap blocks now (reltuples estimates, pg_relation_size). */
    public long blocks() {
        throw new UnsupportedOperationException("storage being built");
    }
}
