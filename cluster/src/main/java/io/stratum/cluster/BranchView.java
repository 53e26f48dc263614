package io.stratum.cluster;

import io.stratum.compute.catalog.Catalog;
import io.stratum.compute.catalog.CatalogSnapshot;
import io.stratum.compute.catalog.NamespaceDef;
import io.stratum.compute.catalog.TableDef;
import io.stratum.compute.storage.RowCursor;
import io.stratum.compute.storage.TableAccess;
import io.stratum.engine.PageSource;
import io.stratum.engine.key.PageKey;
import io.stratum.engine.timeline.Timeline;
import io.stratum.mvcc.HeapPages;
import io.stratum.mvcc.Isolation;
import io.stratum.mvcc.MvccConfig;
import io.stratum.mvcc.MvccStore;
import io.stratum.mvcc.Transaction;
import java.nio.ByteBuffer;
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

    private final Timeline timeline;
    private final long lsn;
    private final MvccStore store;
    private final Transaction tx;
    private final CatalogSnapshot catalog;
    private final UnsafeBuffer page = new UnsafeBuffer(ByteBuffer.allocateDirect(PageSource.PAGE_SIZE));

    BranchView(final Timeline timeline, final long lsn) {
        this.timeline = timeline;
        this.lsn = lsn;
        this.store = MvccStore.open(MvccConfig.builder(timeline).readOnlyAt(lsn).bufferPoolBytes(POOL_BYTES).build());
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
     * The visible tuples of {@code table} on the given heap blocks, undecoded: TID to the tuple's bytes (in
     * TID order). Two heads that hold the same bytes at the same TID hold the same row version there.
     */
    java.util.TreeMap<Long, byte[]> tuplesOn(final TableDef table, final long[] keys, final int count) {
        final java.util.TreeMap<Long, byte[]> out = new java.util.TreeMap<>();
        final io.stratum.mvcc.HeapTable heap = store.heap(table.relfilenode());
        final long blocks = heap.blocks();
        try (io.stratum.mvcc.TupleFetch f = heap.newFetch()) {
            for (int i = 0; i < count; i++) {
                final long hi = keys[2 * i];
                final long lo = keys[2 * i + 1];
                final long block = PageKey.block(lo);
                if (block >= blocks) {
                    continue;
                }
                timeline.getPage(hi, lo, lsn, page, 0);
                if (!HeapPages.initialised(page, 0)) {
                    continue;
                }
                final int n = HeapPages.slotCount(page, 0);
                for (int slot = 0; slot < n; slot++) {
                    final long tid = HeapPages.tid(block, slot);
                    if (heap.fetch(tx, tid, f)) {
                        final byte[] b = new byte[f.length()];
                        f.buffer().getBytes(f.offset(), b);
                        out.put(tid, b);
                    }
                }
            }
        }
        return out;
    }

    /** Decodes tuples of {@code table} (from {@link #tuplesOn}) into rows. */
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
