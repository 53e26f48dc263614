package io.stratum.mvcc;

import static org.junit.jupiter.api.Assertions.*;

import io.stratum.engine.PageSource;
import io.stratum.engine.key.PageKey;
import io.stratum.mvcc.pool.ClockBufferPool;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A random workload over a table much larger than a 64-page pool (so dirty pages are evicted and read back
 * from the engine all the time); after each phase every page the compute holds equals, byte for byte, the
 * page the engine rebuilds at the latest LSN, and a scan equals the model.
 */
class RedoDeterminismTest {
    @TempDir
    Path dir;

    private static final int ROW = 904;

    @Test
    void computePagesEqualEnginePagesUnderEviction() {
        final Random rnd = new Random(42);
        try (Cluster c = new Cluster(dir, 64L * PageSource.PAGE_SIZE)) {
            final MvccStore store = c.store;
            final Map<Long, Long> model = new HashMap<>(); // id -> version, committed
            final Map<Long, Long> tids = new HashMap<>();  // id -> tid of newest committed version
            final UnsafeBuffer row = new UnsafeBuffer(new byte[ROW]);
            Transaction t = store.begin(Isolation.READ_COMMITTED, false);
            t.newStatement();
            final HeapTable h = store.createHeap(t, 2000);
            t.commit();
            long nextId = 0;
            final long[] out = new long[2];
            for (int phase = 0; phase < 6; phase++) {
                for (int txn = 0; txn < 40; txn++) {
                    t = store.begin(Isolation.READ_COMMITTED, false);
                    t.newStatement();
                    final Map<Long, Long> pendingModel = new HashMap<>(model);
                    final Map<Long, Long> pendingTids = new HashMap<>(tids);
                    for (int op = 0; op < 60; op++) {
                        final int kind = rnd.nextInt(10);
                        if (kind < 6 || pendingModel.isEmpty()) {
                            final long id = nextId++;
                            fill(row, rnd, id, 0);
                            pendingTids.put(id, h.insert(t, row, 0, ROW - rnd.nextInt(400)));
                            pendingModel.put(id, 0L);
                        } else {
                            final Long id = pendingModel.keySet().stream().skip(rnd.nextInt(pendingModel.size()))
                                .findFirst().orElseThrow();
                            t.newStatement();
                            if (kind < 9) {
                                final long v = pendingModel.get(id) + 1;
                                fill(row, rnd, id, v);
                                final int len = ROW - rnd.nextInt(400);
                                assertEquals(Outcome.OK, kind < 8
                                    ? h.updateHot(t, pendingTids.get(id), row, 0, len, WaitPolicy.BLOCK, out)
                                    : h.update(t, pendingTids.get(id), row, 0, len, WaitPolicy.BLOCK, out));
                                pendingTids.put(id, out[0]);
                                pendingModel.put(id, v);
                            } else {
                                assertEquals(Outcome.OK, h.delete(t, pendingTids.get(id), WaitPolicy.BLOCK, out));
                                pendingTids.remove(id);
                                pendingModel.remove(id);
                            }
                        }
                    }
                    if (rnd.nextInt(5) == 0) {
                        t.rollback();
                    } else {
                        t.commit();
                        model.clear();
                        model.putAll(pendingModel);
                        tids.clear();
                        tids.putAll(pendingTids);
                    }
                }
                if (phase == 3) {
                    assertTrue(store.vacuum(h, new BTreeIndex[0]) > 0, "vacuum removes the dead versions");
                }
                assertEquals(model, scan(store, h));
                final long end = c.sync();
                assertPagesEqual(c, (ClockBufferPool) store.bufferPool(), end);
            }
            assertTrue(h.blocks() > 500, "the table is much larger than the pool: " + h.blocks());
            assertTrue(store.bufferPool().misses() > 1000, "pages were evicted and read back");
            // a restarted compute reads the same data through the engine only
            final MvccStore again = c.restart();
            assertEquals(model, scan(again, again.heap(2000)));
        }
    }

    private static void fill(final UnsafeBuffer row, final Random rnd, final long id, final long version) {
        row.putLong(0, id);
        row.putLong(8, version);
        for (int i = 16; i < ROW; i += 8) {
            row.putLong(i, rnd.nextLong());
        }
    }

    static Map<Long, Long> scan(final MvccStore store, final HeapTable h) {
        final Transaction r = store.begin(Isolation.REPEATABLE_READ, true);
        r.newStatement();
        final Map<Long, Long> seen = new HashMap<>();
        try (HeapScan s = h.scan(r)) {
            while (s.next()) {
                final TupleView v = s.tuple();
                assertNull(seen.put(v.buffer().getLong(v.offset()), v.buffer().getLong(v.offset() + 8)),
                    "one visible version per row");
            }
        }
        r.commit();
        return seen;
    }

    static void assertPagesEqual(final Cluster c, final ClockBufferPool pool, final long lsn) {
        assertPagesEqual(c, pool, lsn, 11);
    }

    static void assertPagesEqual(final Cluster c, final ClockBufferPool pool, final long lsn, final int atLeast) {
        final UnsafeBuffer engine = new UnsafeBuffer(ByteBuffer.allocateDirect(PageSource.PAGE_SIZE));
        final int[] compared = new int[1];
        pool.forEachCached((hi, lo, page, offset) -> {
            c.timeline.getPage(hi, lo, lsn, engine, 0);
            for (int i = 0; i < PageSource.PAGE_SIZE; i += 8) {
                if (engine.getLong(i) != page.getLong(offset + i)) {
                    fail("page " + PageKey.describe(hi, lo) + " differs at byte " + i);
                }
            }
            compared[0]++;
        });
        assertTrue(compared[0] >= atLeast, "compared " + compared[0] + " pages");
    }
}
