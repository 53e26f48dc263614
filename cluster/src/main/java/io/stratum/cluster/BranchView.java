package io.stratum.cluster;

import io.stratum.compute.catalog.Catalog;
import io.stratum.compute.catalog.CatalogSnapshot;
import io.stratum.compute.catalog.NamespaceDef;
import io.stratum.compute.catalog.TableDef;
import io.stratum.compute.storage.RowCursor;
import io.stratum.compute.storage.TableAccess;
import io.stratum.engine.key.PageKey;
import io.stratum.engine.timeline.Timeline;
import io.stratum.mvcc.HeapScan;
import io.stratum.mvcc.HeapTable;
import io.stratum.mvcc.Isolation;
import io.stratum.mvcc.MvccConfig;
import io.stratum.mvcc.MvccStore;
import io.stratum.mvcc.Transaction;
import io.stratum.mvcc.TupleView;
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
     * version there, so those are neither copied nor decoded. Each block is scanned once per head (a page
     * copy, then visibility per slot on the copy) and the heads' visible tuples are merged by slot: a diff
     * of 1,000 updated rows meets about 50,000 unchanged tuples on their pages.
     *
     * @param keys {@code count} page keys (high and low words) of blocks of these tables' relations
     */
    static List<List<byte[]>> differing(final BranchView[] views, final TableDef[] tables, final long[] keys,
                                        final int count) {
        final int v = views.length;
        final List<List<byte[]>> out = new ArrayList<>();
        final HeapTable[] heaps = new HeapTable[v];
        final HeapScan[] scans = new HeapScan[v];
        final boolean[] on = new boolean[v];
        for (int i = 0; i < v; i++) {
            out.add(new ArrayList<>());
            heaps[i] = views[i].store.heap(tables[i].relfilenode());
        }
        for (int k = 0; k < count; k++) {
            final long block = PageKey.block(keys[2 * k + 1]);
            try {
                for (int i = 0; i < v; i++) {
                    scans[i] = heaps[i].scan(views[i].tx, block, block + 1);
                    on[i] = scans[i].next();
                }
                for (;;) {
                    long tid = Long.MAX_VALUE;
                    for (int i = 0; i < v; i++) {
                        if (on[i]) {
                            tid = Math.min(tid, scans[i].tuple().tid());
                        }
                    }
                    if (tid == Long.MAX_VALUE) {
                        break;
                    }
                    boolean same = true;
                    for (int i = 0; i < v; i++) {
                        same &= on[i] && scans[i].tuple().tid() == tid
                            && (i == 0 || sameBytes(scans[0].tuple(), scans[i].tuple()));
                    }
                    for (int i = 0; i < v; i++) {
                        if (on[i] && scans[i].tuple().tid() == tid) {
                            if (!same) {
                                final TupleView t = scans[i].tuple();
                                final byte[] b = new byte[t.length()];
                                t.buffer().getBytes(t.offset(), b);
                                out.get(i).add(b);
                            }
                            on[i] = scans[i].next();
                        }
                    }
                }
            } finally {
                for (int i = 0; i < v; i++) {
                    if (scans[i] != null) {
                        scans[i].close();
                        scans[i] = null;
                    }
                }
            }
        }
        return out;
    }

    private static boolean sameBytes(final TupleView a, final TupleView b) {
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
