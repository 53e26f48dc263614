package io.stratum.compute.storage;

import io.stratum.compute.catalog.ColumnDef;
import io.stratum.compute.catalog.IndexDef;
import io.stratum.compute.catalog.TableDef;
import io.stratum.compute.session.SqlException;
import io.stratum.compute.types.PgType;
import io.stratum.mvcc.BTreeIndex;
import io.stratum.mvcc.HeapScan;
import io.stratum.mvcc.HeapTable;
import io.stratum.mvcc.IndexCursor;
import io.stratum.mvcc.LockMode;
import io.stratum.mvcc.MvccException;
import io.stratum.mvcc.MvccStore;
import io.stratum.mvcc.Outcome;
import io.stratum.mvcc.Transaction;
import io.stratum.mvcc.TupleFetch;
import io.stratum.mvcc.TupleView;
import io.stratum.mvcc.WaitPolicy;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import java.util.List;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

/**
 * The executor's access to one table as a {@link TableDef} describes it (heap at its relfilenode, every
 * index): insert, scans, fetch, update, delete, lock, vacuum. Rows are {@code Object[]} in attnum order.
 * Open one per table per statement (cheap) from the {@link io.stratum.compute.catalog.CatalogSnapshot} the
 * statement uses, since TRUNCATE changes relfilenodes. Not thread-safe (holds encode buffers and a fetch
 * holder); one per statement or per cursor.
 *
 * <p>Checks here: NOT NULL (23502 {@code null value in column "c" of relation "t" violates not-null
 * constraint}) and uniqueness (the B-tree's check, reported as 23505 {@code duplicate key value violates
 * unique constraint "t_pkey"}, detail {@code Key (id)=(1) already exists.}, {@code Key (lower(email))=(a@b.c)
 * already exists.} for an expression index). An expression index's keys are its expressions' values and a partial
 * index holds only the rows its predicate is true for ({@link IndexExpressions}); an update is HOT only when no
 * column an index keys on or an index's expression or predicate reads changes. Type coercion, varchar length
 * and CHECK constraints are the sqlengine's. Other {@link MvccException}s pass through.
 *
 * <p>Threads: none; lock waits block the caller's thread.
 */
public final class TableAccess {
    /** Largest B-tree key mvcc accepts. */
    static final int MAX_KEY_BYTES = 2000;
    /** Largest tuple a heap page holds. */
    static final int MAX_ROW_BYTES = io.stratum.mvcc.HeapTable.MAX_TUPLE_BYTES;

    private final MvccStore store;
    private final TableDef table;
    private final HeapTable heap;
    private final BTreeIndex[] btrees;
    private final IndexKeys[] keys;
    private final RowCodec codec;
    private final ExpandableArrayBuffer rowBuf = new ExpandableArrayBuffer(256);
    private TupleFetch fetch;
    /** The row positions some index keys on (a HOT update may change none of them). */
    private final int[] indexed;
    private final long[] hotOut = new long[2];

    /** Access to {@code table} in {@code store}. */
    public TableAccess(final MvccStore store, final TableDef table) {
        this.store = store;
        this.table = table;
        this.heap = store.heap(table.relfilenode());
        final List<IndexDef> idx = table.indexes();
        btrees = new BTreeIndex[idx.size()];
        keys = new IndexKeys[idx.size()];
        for (int i = 0; i < btrees.length; i++) {
            btrees[i] = store.btree(idx.get(i).relfilenode(), idx.get(i).unique());
            keys[i] = new IndexKeys(table, idx.get(i));
        }
        codec = RowCodec.of(table);
        indexed = IndexKeys.indexedColumns(keys, table.columns().size());
    }

    public TableDef table() {
        return table;
    }

    /** The heap (for callers that need mvcc directly). */
    public HeapTable heap() {
        return heap;
    }

    private int position(final IndexDef index) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i].index.oid() == index.oid()) {
                return i;
            }
        }
        throw new IllegalArgumentException("index " + index.name() + " is not an index of " + table.name());
    }

    private int encodeRow(final Object[] row) {
        final List<ColumnDef> cols = table.columns();
        for (int i = 0; i < cols.size(); i++) {
            if (row[i] == null && cols.get(i).notNull()) {
                throw new SqlException("23502", "null value in column \"" + cols.get(i).name() + "\" of relation \""
                    + table.name() + "\" violates not-null constraint", "Failing row contains " + rowText(row) + ".",
                    null, 0, null);
            }
        }
        return codec.encode(row, rowBuf, 0);
    }

    private String rowText(final Object[] row) {
        final StringBuilder sb = new StringBuilder("(");
        boolean first = true;
        for (int i = 0; i < table.columns().size(); i++) {
            if (table.columns().get(i).dropped()) {
                continue;
            }
            if (!first) {
                sb.append(", ");
            }
            first = false;
            sb.append(text(table.columns().get(i).type(), row[i]));
        }
        return sb.append(')').toString();
    }

    static String text(final PgType type, final Object v) {
        if (v == null) {
            return "null";
        }
        try {
            return type.formatText(v, PgType.Format.DEFAULT);
        } catch (final RuntimeException e) {
            return String.valueOf(v);
        }
    }

    /**
     * The key of {@code row} in {@code index} (its columns' values or its expressions'), or null when a partial
     * index does not hold the row or a key value is NULL (no conflict is possible then).
     */
    public Object[] uniqueKey(final IndexDef index, final Object[] row) {
        final IndexKeys k = keys[position(index)];
        if (!k.covers(row)) {
            return null;
        }
        final Object[] v = k.values(row);
        for (final Object o : v) {
            if (o == null) {
                return null;
            }
        }
        return v;
    }

    private void insertEntry(final Transaction tx, final int i, final Object[] row, final long tid) {
        if (!keys[i].covers(row)) {
            return;
        }
        final int len = keys[i].encode(row, tid);
        try {
            btrees[i].insert(tx, heap, keys[i].buf, 0, len, tid);
        } catch (final MvccException e) {
            if (e.reason() == MvccException.Reason.UNIQUE_VIOLATION) {
                throw new SqlException("23505", "duplicate key value violates unique constraint \""
                    + keys[i].index.name() + "\"", keys[i].detail(row, table) + " already exists.", null, 0, e);
            }
            throw e;
        } catch (final StratumException e) {
            throw keyTooBig(e, len, keys[i].index);
        }
    }

    /** 54000 for a row larger than a heap page (Stratum has no TOAST). */
    private static RuntimeException tooBig(final StratumException e, final int len) {
        if (e.code() != ErrorCode.LIMIT_EXCEEDED) {
            return e;
        }
        return new SqlException("54000", "row is too big: size " + len + ", maximum size " + MAX_ROW_BYTES, null,
            null, 0, e);
    }

    private static RuntimeException keyTooBig(final StratumException e, final int len, final IndexDef index) {
        if (e.code() != ErrorCode.LIMIT_EXCEEDED) {
            return e;
        }
        return new SqlException("54000", "index row size " + len + " exceeds btree maximum " + MAX_KEY_BYTES
            + " for index \"" + index.name() + "\"", null, "Values larger than 1/4 of a buffer page cannot be indexed.",
            0, e);
    }

    /** Inserts {@code row} (heap, then an entry in every index); returns the new TID. */
    public long insert(final Transaction tx, final Object[] row) {
        final int len = encodeRow(row);
        final long tid;
        try {
            tid = heap.insert(tx, rowBuf, 0, len);
        } catch (final MvccException e) {
            throw e;
        } catch (final StratumException e) {
            throw tooBig(e, len);
        }
        for (int i = 0; i < btrees.length; i++) {
            insertEntry(tx, i, row, tid);
        }
        return tid;
    }

    /**
     * Adds the entries of {@code index} (one of this table's) for every row {@code tx} sees: CREATE INDEX
     * and ADD PRIMARY KEY / UNIQUE on existing rows.
     *
     * @throws SqlException 23505 {@code could not create unique index "i"}, detail {@code Key (a)=(1) is
     *     duplicated.}
     */
    public void buildIndex(final Transaction tx, final IndexDef index) {
        final int i = position(index);
        final Object[] row = new Object[codec.columnCount()];
        try (HeapScan s = heap.scan(tx)) {
            while (s.next()) {
                final TupleView t = s.tuple();
                codec.decode(t.buffer(), t.offset(), t.length(), row);
                final long root = s.rootTid(); // entries name HOT chains by their root
                if (!keys[i].covers(row)) {
                    continue;
                }
                final int len = keys[i].encode(row, root);
                try {
                    btrees[i].insert(tx, heap, keys[i].buf, 0, len, root);
                } catch (final MvccException e) {
                    if (e.reason() == MvccException.Reason.UNIQUE_VIOLATION) {
                        throw new SqlException("23505", "could not create unique index \"" + index.name() + "\"",
                            keys[i].detail(row, table) + " is duplicated.", null, 0, e);
                    }
                    throw e;
                } catch (final StratumException e) {
                    throw keyTooBig(e, len, index);
                }
            }
        }
    }

    /** A sequential scan under {@code tx}'s current snapshot. */
    public RowCursor scan(final Transaction tx) {
        return scan(tx, null);
    }

    /** A sequential scan that decodes only the columns {@code wanted} marks (null: all); the others read null. */
    public RowCursor scan(final Transaction tx, final boolean[] wanted) {
        final HeapScan s = heap.scan(tx);
        final Object[] row = new Object[codec.columnCount()];
        // the codec's only state is scratch space used inside one decode call: cursors may share it
        final RowCodec c = codec;
        return new RowCursor() {
            private long tid;

            @Override
            public boolean next() {
                if (!s.next()) {
                    return false;
                }
                final TupleView t = s.tuple();
                tid = t.tid();
                c.decode(t.buffer(), t.offset(), t.length(), row, wanted);
                return true;
            }

            @Override
            public long tid() {
                return tid;
            }

            @Override
            public Object[] row() {
                return row;
            }

            @Override
            public void close() {
                s.close();
            }
        };
    }

    /** A filter a staged scan applies to a partly decoded row (the columns of its stage and earlier ones). */
    public interface RowTest {
        boolean test(Object[] row);

        /** The same filter on the tuple's encoded fields, or null: then the scan decodes the stage's columns. */
        default FieldTest raw() {
            return null;
        }
    }

    /** The codec's view of which columns are of fixed width (cheap to decode first). */
    public boolean fixedWidth(final int column) {
        return codec.fixedWidth(column);
    }

    /**
     * A sequential scan that filters as it decodes ({@link StagedDecoder}): per tuple, stage k decodes the columns
     * {@code stageColumns[k]} marks and applies {@code stages[k]} (or its {@link RowTest#raw()} form on the
     * encoded fields); a row failing one is skipped without decoding more of it. Rows that pass all stages get the
     * rest of {@code wanted} (null: every column); other columns read null.
     */
    public RowCursor scanStaged(final Transaction tx, final boolean[] wanted, final boolean[][] stageColumns,
                                final RowTest[] stages) {
        final HeapScan s = heap.scan(tx);
        final StagedDecoder d = new StagedDecoder(codec, wanted, stageColumns, stages);
        return new RowCursor() {
            private long tid;

            @Override
            public boolean next() {
                while (s.next()) {
                    final TupleView t = s.tuple();
                    if (d.accept(t.buffer(), t.offset(), t.length())) {
                        tid = t.tid();
                        return true;
                    }
                }
                return false;
            }

            @Override
            public long tid() {
                return tid;
            }

            @Override
            public Object[] row() {
                return d.row();
            }

            @Override
            public void close() {
                s.close();
            }
        };
    }

    /**
     * An index scan: rows whose leading key columns lie between the bounds, in index order (or reversed).
     * {@code low} holds values for the first {@code lowCount} key columns ({@code lowCount} 0: unbounded),
     * {@code high} likewise; an equality lookup on the first k columns is {@code low = high = values, k, k,
     * inclusive both}. Bounds compare key prefixes lexicographically; a bound on a prefix applies to the
     * prefix: {@code (a) > (5)} skips every key starting with 5. Rows with NULL in a bounded column are not
     * returned, and a bound holding NULL matches nothing. Heap visibility is checked per entry (dead and
     * invisible versions are skipped). The sqlengine still evaluates its full predicate.
     */
    public RowCursor indexScan(final Transaction tx, final IndexDef index, final Object[] low, final int lowCount,
                               final boolean lowInclusive, final Object[] high, final int highCount,
                               final boolean highInclusive, final boolean backward) {
        return indexScan(tx, index, low, lowCount, lowInclusive, high, highCount, highInclusive, backward, null, null,
            null);
    }

    /**
     * As above, filtering each fetched version as {@link #scanStaged} does: {@code stages} (null: none) over the
     * columns {@code stageColumns} marks, then only the columns {@code wanted} marks (null: all) and the index's
     * bounded key columns are decoded; the others read null.
     */
    public RowCursor indexScan(final Transaction tx, final IndexDef index, final Object[] low, final int lowCount,
                               final boolean lowInclusive, final Object[] high, final int highCount,
                               final boolean highInclusive, final boolean backward, final boolean[] wanted,
                               final boolean[][] stageColumns, final RowTest[] stages) {
        final IndexKeys k = keys[position(index)];
        for (int i = 0; i < lowCount; i++) {
            if (low[i] == null) {
                return RowCursors.EMPTY;
            }
        }
        for (int i = 0; i < highCount; i++) {
            if (high[i] == null) {
                return RowCursors.EMPTY;
            }
        }
        final ExpandableArrayBuffer lowBuf = new ExpandableArrayBuffer(32);
        final ExpandableArrayBuffer highBuf = new ExpandableArrayBuffer(32);
        int lowLen = 0;
        boolean lowIncl = lowInclusive;
        if (lowCount > 0) {
            lowLen = k.encodeBound(low, lowCount, lowBuf);
            if (!lowInclusive) {
                // past every key that starts with the bound: the next byte of a longer key is at most 0x02
                lowBuf.putByte(lowLen++, (byte) 0xFF);
                lowIncl = true;
            }
        }
        int highLen = 0;
        boolean highIncl = highInclusive;
        boolean prefixHigh = false;
        if (highCount > 0) {
            highLen = k.encodeBound(high, highCount, highBuf);
            prefixHigh = highInclusive;
        } else if (lowCount == 1) {
            // (a) >= x: stop before the NULLs of a
            highBuf.putByte(0, KeyCodec.NOT_NULL);
            highLen = 1;
            highIncl = true;
            prefixHigh = true;
        }
        final int bounded = Math.max(lowCount, highCount);
        final IndexCursor ic = btrees[position(index)].scan(tx, lowCount > 0 ? lowBuf : null, 0, lowLen, lowIncl,
            highLen > 0 ? highBuf : null, 0, highLen, highIncl, prefixHigh, backward);
        StagedDecoder staged = null;
        if (wanted != null || stages != null) {
            final boolean[] w = new boolean[codec.columnCount()];
            for (int i = 0; i < w.length; i++) {
                w[i] = wanted == null || wanted[i];
            }
            for (int i = 0; i < bounded; i++) {
                if (k.positions[i] >= 0) {
                    w[k.positions[i]] = true; // read by the NULL-in-bound check
                }
            }
            staged = new StagedDecoder(codec, w, stages == null ? new boolean[0][] : stageColumns,
                stages == null ? new RowTest[0] : stages);
        }
        return new RowCursors.IndexRows(ic, heap, heap.newFetch(), codec, staged, tx, k.positions, bounded);
    }

    private TupleFetch fetchHolder() {
        if (fetch == null) {
            fetch = heap.newFetch();
        }
        return fetch;
    }

    /** Reads the version at {@code tid} into {@code into} if {@code tx}'s snapshot sees it. */
    public boolean fetch(final Transaction tx, final long tid, final Object[] into) {
        final TupleFetch f = fetchHolder();
        if (!heap.fetch(tx, tid, f)) {
            return false;
        }
        codec.decode(f.buffer(), f.offset(), f.length(), into);
        return true;
    }

    /** Reads the newest committed-or-own version at {@code tid} (READ COMMITTED re-check); false when deleted. */
    public boolean fetchLatest(final Transaction tx, final long tid, final Object[] into) {
        final TupleFetch f = fetchHolder();
        if (!heap.fetchLatest(tx, tid, f)) {
            return false;
        }
        codec.decode(f.buffer(), f.offset(), f.length(), into);
        return true;
    }

    /**
     * Replaces the version at {@code tid} with {@code newRow} and adds index entries for the new version.
     * {@code out[0]} receives the new TID on {@link Outcome#OK}, or the newest version's TID on
     * {@link Outcome#UPDATED} (re-check it with {@link #fetchLatest}, then call update on that TID).
     */
    public Outcome update(final Transaction tx, final long tid, final Object[] newRow, final WaitPolicy wait,
                          final long[] out) {
        return update(tx, tid, null, newRow, wait, out);
    }

    /**
     * As {@link #update(Transaction, long, Object[], WaitPolicy, long[])}, given the version being replaced:
     * when no indexed column changes, the new version may stay on the page as a heap-only tuple (HOT) and
     * no index entry is added, as in PostgreSQL.
     */
    public Outcome update(final Transaction tx, final long tid, final Object[] oldRow, final Object[] newRow,
                          final WaitPolicy wait, final long[] out) {
        final int len = encodeRow(newRow);
        final boolean hot = oldRow != null && keysUnchanged(oldRow, newRow);
        final Outcome o;
        try {
            if (hot) {
                o = heap.updateHot(tx, tid, rowBuf, 0, len, wait, hotOut);
                out[0] = hotOut[0];
            } else {
                o = heap.update(tx, tid, rowBuf, 0, len, wait, out);
            }
        } catch (final MvccException e) {
            throw e;
        } catch (final StratumException e) {
            throw tooBig(e, len);
        }
        if (o == Outcome.OK && !(hot && hotOut[1] == 1)) {
            final long newTid = out[0];
            for (int i = 0; i < btrees.length; i++) {
                insertEntry(tx, i, newRow, newTid);
            }
        }
        return o;
    }

    private boolean keysUnchanged(final Object[] oldRow, final Object[] newRow) {
        for (final int c : indexed) {
            // intervals equal as spans ('1 mon' = '30 days') still differ to an expression index on their text
            final boolean same = oldRow[c] instanceof io.stratum.compute.types.Interval a
                && newRow[c] instanceof io.stratum.compute.types.Interval b ? a.sameFields(b)
                : java.util.Objects.deepEquals(oldRow[c], newRow[c]);
            if (!same) {
                return false;
            }
        }
        return true;
    }

    /** Deletes the version at {@code tid} (index entries stay until VACUUM); outcomes as {@link #update}. */
    public Outcome delete(final Transaction tx, final long tid, final WaitPolicy wait, final long[] out) {
        return heap.delete(tx, tid, wait, out);
    }

    /** SELECT ... FOR UPDATE / FOR SHARE of the row at {@code tid}; outcomes as {@link #update}. */
    public Outcome lock(final Transaction tx, final long tid, final LockMode mode, final WaitPolicy wait,
                        final long[] out) {
        return heap.lock(tx, tid, mode, wait, out);
    }

    /** VACUUM of the heap and its indexes; returns the versions removed. */
    public long vacuum() {
        return store.vacuum(heap, btrees);
    }

    /** Heap blocks now (reltuples estimates, pg_relation_size). */
    public long blocks() {
        return heap.blocks();
    }

    /** Whether {@code tx} sees at least one row. */
    public boolean hasRows(final Transaction tx) {
        try (RowCursor c = scan(tx)) {
            return c.next();
        }
    }
}
