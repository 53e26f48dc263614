package io.stratum.cluster;

import io.stratum.compute.catalog.Catalog;
import io.stratum.compute.catalog.CatalogSnapshot;
import io.stratum.compute.catalog.NamespaceDef;
import io.stratum.compute.catalog.TableDef;
import io.stratum.compute.storage.RowCursor;
import io.stratum.compute.storage.TableAccess;
import io.stratum.engine.key.PageKey;
import io.stratum.engine.timeline.Timeline;
import io.stratum.mvcc.HeapPages;
import io.stratum.mvcc.Isolation;
import io.stratum.mvcc.MvccConfig;
import io.stratum.mvcc.MvccStore;
import io.stratum.mvcc.Transaction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One branch as of one LSN, read in process: an mvcc store opened read-only at that LSN over the page
 * server's timeline (no network, no compute), its catalog, and the rows of a table, all of them or the
 * tuples on given heap blocks (what a diff reads: the blocks changed since the branch point). A row is its
 * values in the table's column order, as the compute's row codec decodes them. Threads: none; one caller.
 */
final class BranchView implements AutoCloseable {
    /** Buffer pool of a view: a diff reads each changed page once or twice. */
    private static final long POOL_BYTES = 8L << 20;
    /** The database number of a branch's pages (the compute's, MvccConfig's default). */
    static final int DATABASE = 1;

    private final long lsn;
    private final MvccStore store;
    private final Transaction tx;
    private final CatalogSnapshot catalog;

    BranchView(final Timeline timeline, final long lsn) {
        this.lsn = lsn;
        this.store = MvccStore.open(MvccConfig.builder(timeline).readOnlyAt(lsn).database(DATABASE).bufferPoolBytes(POOL_BYTES).build());
        try {
            this.catalog = Catalog.open(store).snapshot();
            this.tx = store.begin(Isolation.REPEATABLE_READ, true);
            tx.newStatement();
        } catch (final RuntimeException e) {
            store.close();
            throw e;
        }
    }

    long lsn() {
        return lsn;
    }

    CatalogSnapshot catalog() {
        return catalog;
    }

    /** The user tables by qualified name ({@code public.orders}), in OID order. */
    Map<String, TableDef> tables() {
        final Map<String, TableDef> out = new LinkedHashMap<>();
        for (final TableDef t : catalog.tables()) {
            final NamespaceDef ns = catalog.namespace(t.namespaceOid());
            final String schema = ns == null ? "?" : ns.name();
            if (schema.equals("pg_catalog") || schema.equals("information_schema")) {
                continue;
            }
            out.put(schema + "." + t.name(), t);
        }
        return out;
    }

    /** Every visible row of {@code table}. */
    List<Object[]> allRows(final TableDef table) {
        final List<Object[]> out = new ArrayList<>();
        final TableAccess a = new TableAccess(store, table);
        try (RowCursor c = a.scan(tx)) {
            while (c.next()) {
                out.add(c.row().clone());
            }
        }
        return out;
    }

    /**
     * The visible tuples on the given heap blocks that are not the same at every head: for each view
     * {@code views[i]} (reading {@code tables[i]}), undecoded, the tuples it sees at TIDs where some other
     * view sees no tuple or other bytes. Heads that hold the same bytes at the same TID hold the same row
     * version there, so those are neither copied nor decoded: page by page, slot by slot, comparing in place
     * (a diff of 1,000 updated rows meets about 50,000 unchanged tuples on their pages).
     */
    static List<List<byte[]>> differing(final BranchView[] views, final TableDef[] tables, final long[] keys,
                                        final int count) {
        final int v = views.length;
        final List<List<byte[]>> out = new ArrayList<>();
        final io.stratum.mvcc.HeapTable[] heaps = new io.stratum.mvcc.HeapTable[v];
        final long[] blocks = new long[v];
        final io.stratum.mvcc.TupleFetch[] f = new io.stratum.mvcc.TupleFetch[v];
        final boolean[] seen = new boolean[v];
        final int[] slots = new int[v];
        try {
            for (int i = 0; i < v; i++) {
                out.add(new ArrayList<>());
                heaps[i] = views[i].store.heap(tables[i].relfilenode());
                blocks[i] = heaps[i].blocks();
                f[i] = heaps[i].newFetch();
            }
            for (int k = 0; k < count; k++) {
                final long hi = keys[2 * k];
                final long lo = keys[2 * k + 1];
                final long block = PageKey.block(lo);
                int n = 0;
                for (int i = 0; i < v; i++) {
                    slots[i] = block < blocks[i] ? views[i].slots(hi, lo) : 0;
                    n = Math.max(n, slots[i]);
                }
                for (int slot = 0; slot < n; slot++) {
                    final long tid = HeapPages.tid(block, slot);
                    boolean same = true;
                    for (int i = 0; i < v; i++) {
                        seen[i] = slot < slots[i] && heaps[i].fetch(views[i].tx, tid, f[i]);
                        same &= seen[i] && (i == 0 || sameBytes(f[0], f[i]));
                    }
                    if (same) {
                        continue;
                    }
                    for (int i = 0; i < v; i++) {
                        if (seen[i]) {
                            final byte[] b = new byte[f[i].length()];
                            f[i].buffer().getBytes(f[i].offset(), b);
                            out.get(i).add(b);
                        }
                    }
                }
            }
        } finally {
            for (final io.stratum.mvcc.TupleFetch x : f) {
                if (x != null) {
                    x.close();
                }
            }
        }
        return out;
    }

    private static boolean sameBytes(final io.stratum.mvcc.TupleView a, final io.stratum.mvcc.TupleView b) {
        final int n = a.length();
        if (b.length() != n) {
            return false;
        }
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            if (a.buffer().getLong(a.offset() + i) != b.buffer().getLong(b.offset() + i)) {
                return false;
            }
        }
        for (; i < n; i++) {
            if (a.buffer().getByte(a.offset() + i) != b.buffer().getByte(b.offset() + i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The slot count of a heap page (0 when not initialised), read through the store's pool: the fetches of
     * its tuples that follow then find the page there instead of rebuilding it a second time.
     */
    private int slots(final long hi, final long lo) {
        final io.stratum.mvcc.BufferPool pool = store.bufferPool();
        final int b = pool.pin(hi, lo);
        try {
            pool.latchShared(b);
            try {
                final int off = pool.pageOffset(b);
                return HeapPages.initialised(pool.page(b), off) ? HeapPages.slotCount(pool.page(b), off) : 0;
            } finally {
                pool.unlatch(b);
            }
        } finally {
            pool.unpin(b);
        }
    }

    /** Decodes tuples of {@code table} (from {@link #differing}) into rows. */
    static List<Object[]> decode(final TableDef table, final java.util.Collection<byte[]> tuples) {
        final io.stratum.compute.storage.RowCodec codec = io.stratum.compute.storage.RowCodec.of(table);
        final List<Object[]> out = new ArrayList<>(tuples.size());
        for (final byte[] t : tuples) {
            out.add(codec.decode(new UnsafeBuffer(t), 0, t.length, new Object[table.columns().size()]));
        }
        return out;
    }

    @Override
    public void close() {
        try {
            if (!tx.finished()) {
                tx.rollback();
            }
        } finally {
            store.close();
        }
    }
}
