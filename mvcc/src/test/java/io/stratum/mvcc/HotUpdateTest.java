package io.stratum.mvcc;

import static org.junit.jupiter.api.Assertions.*;

import io.stratum.mvcc.pool.ClockBufferPool;
import java.nio.file.Path;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HOT updates: a new version that changes no indexed column stays on the page as a heap-only tuple, index
 * entries keep naming the chain's root, readers follow the chain, and pruning frees dead heap-only slots at
 * once, so a row updated many times neither grows the heap nor adds index entries.
 */
class HotUpdateTest {
    @TempDir
    Path dir;

    private static UnsafeBuffer row(final long key, final long value) {
        final UnsafeBuffer b = new UnsafeBuffer(new byte[16]);
        b.putLong(0, key, java.nio.ByteOrder.BIG_ENDIAN);
        b.putLong(8, value);
        return b;
    }

    private static Transaction begin(final MvccStore s, final Isolation i) {
        final Transaction t = s.begin(i, false);
        t.newStatement();
        return t;
    }

    /** The value column of the version of key {@code k} that {@code t} sees through the index, else null. */
    private static Long lookup(final HeapTable h, final BTreeIndex idx, final Transaction t, final long k) {
        Long found = null;
        int entries = 0;
        final TupleFetch f = h.newFetch();
        try (IndexCursor cur = idx.scan(t, StoreIndexTest.key(k), 0, 8, true, StoreIndexTest.key(k), 0, 8, true,
            false, false)) {
            while (cur.next()) {
                entries++;
                if (h.fetchIndexed(t, cur.tid(), f)) {
                    assertNull(found, "one visible version per row");
                    found = f.buffer().getLong(f.offset() + 8);
                }
            }
        }
        assertTrue(entries <= 1, "a HOT-updated row keeps one index entry: " + entries);
        return found;
    }

    @Test
    void aRowUpdatedManyTimesStaysOnItsPageWithOneIndexEntry() {
        try (Cluster c = new Cluster(dir, 4 << 20)) {
            final MvccStore s = c.store;
            Transaction t = begin(s, Isolation.READ_COMMITTED);
            final HeapTable h = s.createHeap(t, 1300);
            final BTreeIndex idx = s.createBTree(t, 1301, true);
            final long root = h.insert(t, row(7, 0), 0, 16);
            idx.insert(t, h, StoreIndexTest.key(7), 0, 8, root);
            t.commit();

            final Transaction old = begin(s, Isolation.REPEATABLE_READ);
            assertEquals(0L, lookup(h, idx, old, 7));
            final long[] out = new long[2];
            long tid = root;
            int hot = 0;
            for (int v = 1; v <= 40; v++) { // the open snapshot keeps every version: no pruning yet
                t = begin(s, Isolation.READ_COMMITTED);
                assertEquals(Outcome.OK, h.updateHot(t, tid, row(7, v), 0, 16, WaitPolicy.BLOCK, out));
                hot += (int) out[1];
                tid = out[0];
                t.commit();
            }
            assertEquals(40, hot, "every update fitted its page");
            assertEquals(0L, lookup(h, idx, old, 7), "an old snapshot follows the chain to its own version");
            final Transaction now = begin(s, Isolation.READ_COMMITTED);
            assertEquals(40L, lookup(h, idx, now, 7));
            final TupleFetch f = h.newFetch();
            assertTrue(h.fetchIndexed(now, root, f));
            assertEquals(tid, f.tid(), "the fetch reports the version it found, the one to update");
            now.commit();
            old.commit();

            for (int v = 41; v <= 2000; v++) { // far more versions than a page has slots
                t = begin(s, Isolation.READ_COMMITTED);
                assertEquals(Outcome.OK, h.updateHot(t, tid, row(7, v), 0, 16, WaitPolicy.BLOCK, out));
                hot += (int) out[1];
                tid = out[0];
                t.commit();
            }
            assertEquals(2000, hot, "pruning made room on the same page every time");
            assertEquals(1, h.blocks(), "the heap did not grow");
            final Transaction r = begin(s, Isolation.READ_COMMITTED);
            assertEquals(2000L, lookup(h, idx, r, 7));
            try (HeapScan scan = h.scan(r)) {
                assertTrue(scan.next());
                assertEquals(root, scan.rootTid(), "CREATE INDEX names the chain by its root");
                assertFalse(scan.next());
            }
            assertEquals(1, h.liveness(r, root), "the chain is live for uniqueness checks");
            r.commit();

            // the key is taken by the chain; a second row with it fails
            final Transaction dup = begin(s, Isolation.READ_COMMITTED);
            final long other = h.insert(dup, row(7, -1), 0, 16);
            final MvccException e = assertThrows(MvccException.class,
                () -> idx.insert(dup, h, StoreIndexTest.key(7), 0, 8, other));
            assertEquals(MvccException.Reason.UNIQUE_VIOLATION, e.reason());
            dup.rollback();

            final long end = c.sync();
            RedoDeterminismTest.assertPagesEqual(c, (ClockBufferPool) s.bufferPool(), end, 1);
            final MvccStore again = c.restart();
            final Transaction after = begin(again, Isolation.READ_COMMITTED);
            assertEquals(2000L, lookup(again.heap(1300), again.btree(1301, true), after, 7),
                "a restarted compute follows the chain rebuilt by the page server");
            after.commit();
        }
    }

    @Test
    void anAbortedHotUpdateLeavesTheOldVersionAndItsSlotIsFreed() {
        try (Cluster c = new Cluster(dir, 4 << 20)) {
            final MvccStore s = c.store;
            Transaction t = begin(s, Isolation.READ_COMMITTED);
            final HeapTable h = s.createHeap(t, 1310);
            final BTreeIndex idx = s.createBTree(t, 1311, true);
            final long root = h.insert(t, row(1, 0), 0, 16);
            idx.insert(t, h, StoreIndexTest.key(1), 0, 8, root);
            t.commit();
            final long[] out = new long[2];
            long tid = root;
            long committed = 0;
            for (int v = 1; v <= 600; v++) {
                t = begin(s, Isolation.READ_COMMITTED);
                assertEquals(Outcome.OK, h.updateHot(t, tid, row(1, v), 0, 16, WaitPolicy.BLOCK, out));
                assertEquals(1, out[1]);
                if (v % 3 == 0) {
                    t.rollback(); // the old version stays current
                    final Transaction r = begin(s, Isolation.READ_COMMITTED);
                    assertEquals(committed, lookupValue(h, idx, r));
                    r.commit();
                } else {
                    tid = out[0];
                    committed = v;
                    t.commit();
                }
            }
            assertEquals(1, h.blocks(), "aborted heap-only versions were freed too");
            final Transaction r = begin(s, Isolation.READ_COMMITTED);
            assertEquals(599L, lookupValue(h, idx, r));
            r.commit();

            // deleting the row's current version ends the chain: VACUUM removes the entry and the slots
            t = begin(s, Isolation.READ_COMMITTED);
            assertEquals(Outcome.OK, h.delete(t, tid, WaitPolicy.BLOCK, out));
            t.commit();
            assertTrue(s.vacuum(h, new BTreeIndex[] {idx}) >= 1);
            final Transaction v = begin(s, Isolation.READ_COMMITTED);
            try (IndexCursor cur = idx.scan(v, null, 0, 0, true, null, 0, 0, true, false, false)) {
                assertFalse(cur.next(), "the entry of the dead chain is gone");
            }
            final long again = h.insert(v, row(1, 1), 0, 16);
            idx.insert(v, h, StoreIndexTest.key(1), 0, 8, again);
            v.commit();
            final long end = c.sync();
            RedoDeterminismTest.assertPagesEqual(c, (ClockBufferPool) s.bufferPool(), end, 1);
        }
    }

    private static long lookupValue(final HeapTable h, final BTreeIndex idx, final Transaction t) {
        final Long v = lookup(h, idx, t, 1);
        assertNotNull(v, "the row is visible");
        return v;
    }
}
