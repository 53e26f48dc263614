package io.stratum.mvcc;

import static org.junit.jupiter.api.Assertions.*;

import io.stratum.engine.PageSource;
import io.stratum.mvcc.pool.ClockBufferPool;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four sessions at once (each on its own rows, with a shared non-unique index) over a 64-page pool: pages
 * are evicted and re-read under concurrent latching; afterwards the heap equals the union of the sessions'
 * models, every index entry of a visible version is found, and every pooled page equals the engine's.
 */
class ConcurrentWorkloadTest {
    @TempDir
    Path dir;

    @Test
    void sessionsOverASmallPool() throws Exception {
        final ExecutorService ex = Executors.newFixedThreadPool(4);
        try (Cluster c = new Cluster(dir, 64L * PageSource.PAGE_SIZE)) {
            final MvccStore store = c.store;
            final Transaction t0 = store.begin(Isolation.READ_COMMITTED, false);
            t0.newStatement();
            final HeapTable h = store.createHeap(t0, 3000);
            final BTreeIndex idx = store.createBTree(t0, 3001, false);
            t0.commit();
            final List<Future<Map<Long, Long>>> fs = new ArrayList<>();
            for (int s = 0; s < 4; s++) {
                final int session = s;
                fs.add(ex.submit(() -> session(store, h, idx, session)));
            }
            final Map<Long, Long> model = new HashMap<>();
            for (final Future<Map<Long, Long>> f : fs) {
                model.putAll(f.get(60, TimeUnit.SECONDS));
            }
            assertEquals(model, RedoDeterminismTest.scan(store, h));
            store.vacuum(h, new BTreeIndex[] {idx});
            assertEquals(model, RedoDeterminismTest.scan(store, h));
            final Transaction r = store.begin(Isolation.READ_COMMITTED, true);
            r.newStatement();
            final TupleFetch f = h.newFetch();
            int found = 0;
            try (IndexCursor cur = idx.scan(r, null, 0, 0, true, null, 0, 0, true, false, false)) {
                while (cur.next()) {
                    if (h.fetch(r, cur.tid(), f)) {
                        assertEquals(cur.key().getLong(cur.keyOffset(), ByteOrder.BIG_ENDIAN), f.buffer().getLong(f.offset()));
                        found++;
                    }
                }
            }
            r.commit();
            assertEquals(model.size(), found, "each visible row is reachable through the index exactly once");
            assertTrue(store.bufferPool().misses() > 500, "pages were evicted: " + store.bufferPool().misses());
            RedoDeterminismTest.assertPagesEqual(c, (ClockBufferPool) store.bufferPool(), c.sync());
        } finally {
            ex.shutdownNow();
        }
    }

    private static Map<Long, Long> session(final MvccStore store, final HeapTable h, final BTreeIndex idx,
                                           final int session) {
        final Random rnd = new Random(session);
        final Map<Long, Long> model = new HashMap<>();
        final Map<Long, Long> tids = new HashMap<>();
        final UnsafeBuffer row = new UnsafeBuffer(new byte[600]);
        final UnsafeBuffer key = new UnsafeBuffer(new byte[8]);
        final long[] out = new long[1];
        long nextId = (long) session << 40;
        for (int txn = 0; txn < 100; txn++) {
            final Transaction t = store.begin(Isolation.READ_COMMITTED, false);
            t.newStatement();
            final Map<Long, Long> m = new HashMap<>(model);
            final Map<Long, Long> ts = new HashMap<>(tids);
            for (int op = 0; op < 20; op++) {
                if (m.isEmpty() || rnd.nextInt(3) > 0) {
                    final long id = nextId++;
                    row.putLong(0, id);
                    row.putLong(8, 0);
                    final long tid = h.insert(t, row, 0, 200 + rnd.nextInt(400));
                    key.putLong(0, id, ByteOrder.BIG_ENDIAN);
                    idx.insert(t, h, key, 0, 8, tid);
                    m.put(id, 0L);
                    ts.put(id, tid);
                } else {
                    final long id = m.keySet().iterator().next();
                    t.newStatement();
                    if (rnd.nextBoolean()) {
                        row.putLong(0, id);
                        row.putLong(8, m.get(id) + 1);
                        assertEquals(Outcome.OK, h.update(t, ts.get(id), row, 0, 200 + rnd.nextInt(400), WaitPolicy.BLOCK, out));
                        key.putLong(0, id, ByteOrder.BIG_ENDIAN);
                        idx.insert(t, h, key, 0, 8, out[0]);
                        m.put(id, m.get(id) + 1);
                        ts.put(id, out[0]);
                    } else {
                        assertEquals(Outcome.OK, h.delete(t, ts.get(id), WaitPolicy.BLOCK, out));
                        m.remove(id);
                        ts.remove(id);
                    }
                }
            }
            if (rnd.nextInt(4) == 0) {
                t.rollback();
            } else {
                t.commit();
                model.clear();
                model.putAll(m);
                tids.clear();
                tids.putAll(ts);
            }
        }
        return model;
    }
}
