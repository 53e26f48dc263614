package io.stratum.mvcc;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Heap and B-tree together through the store: unique checks wait for inserters, VACUUM cleans both. */
class StoreIndexTest {
    @TempDir
    Path dir;

    static UnsafeBuffer key(final long k) {
        final UnsafeBuffer b = new UnsafeBuffer(new byte[8]);
        b.putLong(0, k, java.nio.ByteOrder.BIG_ENDIAN);
        return b;
    }

    @Test
    void uniqueInsertWaitsForTheInserterThenFails() throws Exception {
        final ExecutorService ex = Executors.newSingleThreadExecutor();
        try (Cluster c = new Cluster(dir, 4 << 20)) {
            final MvccStore s = c.store;
            final Transaction t0 = s.begin(Isolation.READ_COMMITTED, false);
            t0.newStatement();
            final HeapTable h = s.createHeap(t0, 1200);
            final BTreeIndex idx = s.createBTree(t0, 1201, true);
            t0.commit();
            assertTrue(s.exists(1201));

            final Transaction t1 = s.begin(Isolation.READ_COMMITTED, false);
            t1.newStatement();
            final long tid1 = h.insert(t1, key(5), 0, 8);
            idx.insert(t1, h, key(5), 0, 8, tid1);
            final Transaction t2 = s.begin(Isolation.READ_COMMITTED, false);
            t2.newStatement();
            final Future<MvccException.Reason> f = ex.submit(() -> {
                final long tid2 = h.insert(t2, key(5), 0, 8);
                try {
                    idx.insert(t2, h, key(5), 0, 8, tid2);
                    return null;
                } catch (final MvccException e) {
                    return e.reason();
                }
            });
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!f.isDone() && t2.xid() == 0) {
                assertTrue(System.nanoTime() < deadline);
                Thread.onSpinWait();
            }
            t1.commit();
            assertEquals(MvccException.Reason.UNIQUE_VIOLATION, f.get(10, TimeUnit.SECONDS));
            t2.rollback();

            // delete the row, vacuum: heap version and index entry go
            final Transaction t3 = s.begin(Isolation.READ_COMMITTED, false);
            t3.newStatement();
            assertEquals(Outcome.OK, h.delete(t3, tid1, WaitPolicy.BLOCK, new long[1]));
            t3.commit();
            assertTrue(s.vacuum(h, new BTreeIndex[] {idx}) >= 2, "the deleted row and t2's aborted insert");
            final Transaction t4 = s.begin(Isolation.READ_COMMITTED, false);
            t4.newStatement();
            try (IndexCursor cur = idx.scan(t4, null, 0, 0, true, null, 0, 0, true, false, false)) {
                assertFalse(cur.next(), "index entries of vacuumed versions are gone");
            }
            final long tid5 = h.insert(t4, key(5), 0, 8);
            idx.insert(t4, h, key(5), 0, 8, tid5);
            t4.commit();

            // a restarted compute opens both from the page server
            final MvccStore again = c.restart();
            final Transaction r = again.begin(Isolation.READ_COMMITTED, true);
            r.newStatement();
            try (IndexCursor cur = again.btree(1201, true).scan(r, key(5), 0, 8, true, key(5), 0, 8, true, false, false)) {
                assertTrue(cur.next());
                assertEquals(tid5, cur.tid());
                assertTrue(again.heap(1200).fetch(r, cur.tid(), again.heap(1200).newFetch()));
            }
        } finally {
            ex.shutdownNow();
        }
    }

    private static int entries(final MvccStore s, final BTreeIndex idx, final long k) {
        final Transaction t = s.begin(Isolation.READ_COMMITTED, true);
        t.newStatement();
        try (IndexCursor cur = idx.scan(t, key(k), 0, 8, true, key(k), 0, 8, true, false, false)) {
            int n = 0;
            while (cur.next()) {
                n++;
            }
            return n;
        } finally {
            t.commit();
        }
    }

    /** One committed update of row {@code k} at {@code tid} (new version, new unique-index entry); its new TID. */
    private static long update(final MvccStore s, final HeapTable h, final BTreeIndex idx, final long k, final long tid) {
        final Transaction t = s.begin(Isolation.READ_COMMITTED, false);
        t.newStatement();
        final long[] out = new long[1];
        assertEquals(Outcome.OK, h.update(t, tid, key(k), 0, 8, WaitPolicy.BLOCK, out));
        idx.insert(t, h, key(k), 0, 8, out[0]);
        t.commit();
        return out[0];
    }

    @Test
    void updatesRemoveUniqueIndexEntriesNoSnapshotNeedsButKeepThoseAnOldSnapshotSees() {
        try (Cluster c = new Cluster(dir, 4 << 20)) {
            final MvccStore s = c.store;
            final Transaction t0 = s.begin(Isolation.READ_COMMITTED, false);
            t0.newStatement();
            final HeapTable h = s.createHeap(t0, 1300);
            final BTreeIndex idx = s.createBTree(t0, 1301, true);
            long tid = h.insert(t0, key(7), 0, 8);
            idx.insert(t0, h, key(7), 0, 8, tid);
            t0.commit();
            for (int i = 0; i < 300; i++) {
                tid = update(s, h, idx, 7, tid);
            }
            // without removal the key would have 301 entries (one per version) until VACUUM
            assertTrue(entries(s, idx, 7) <= 3, "entries of a row updated 300 times: " + entries(s, idx, 7));

            // a REPEATABLE READ snapshot taken now still sees the current version: its entry must stay
            final Transaction old = s.begin(Isolation.REPEATABLE_READ, true);
            old.newStatement();
            final long seen = tid;
            for (int i = 0; i < 50; i++) {
                tid = update(s, h, idx, 7, tid);
            }
            assertTrue(entries(s, idx, 7) >= 50, "versions the old snapshot may need keep their entries");
            try (IndexCursor cur = idx.scan(old, key(7), 0, 8, true, key(7), 0, 8, true, false, false)) {
                boolean found = false;
                while (cur.next()) {
                    found |= cur.tid() == seen && h.fetch(old, cur.tid(), h.newFetch());
                }
                assertTrue(found, "the old snapshot finds its version through the index");
            }
            old.commit();
            tid = update(s, h, idx, 7, tid);
            assertTrue(entries(s, idx, 7) <= 3, "after the snapshot ends: " + entries(s, idx, 7));
            // the page server redoes the removals byte for byte: a restarted store reads the same index
            final MvccStore again = c.restart();
            assertTrue(entries(again, again.btree(1301, true), 7) <= 3);
        }
    }
}
