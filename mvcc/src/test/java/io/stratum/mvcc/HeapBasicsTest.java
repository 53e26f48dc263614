package io.stratum.mvcc;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeapBasicsTest {
    @TempDir
    Path dir;

    static UnsafeBuffer bytes(final String s) {
        return new UnsafeBuffer(s.getBytes(StandardCharsets.UTF_8));
    }

    static List<String> scan(final HeapTable h, final Transaction tx) {
        final List<String> out = new ArrayList<>();
        try (HeapScan s = h.scan(tx)) {
            while (s.next()) {
                final TupleView v = s.tuple();
                final byte[] b = new byte[v.length()];
                v.buffer().getBytes(v.offset(), b);
                out.add(new String(b, StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    static long insert(final HeapTable h, final Transaction tx, final String s) {
        final UnsafeBuffer b = bytes(s);
        return h.insert(tx, b, 0, b.capacity());
    }

    @Test
    void insertUpdateDeleteWithStatementsAndSnapshots() {
        try (Cluster c = new Cluster(dir, 1 << 20)) {
            final MvccStore store = c.store;
            final Transaction t1 = store.begin(Isolation.READ_COMMITTED, false);
            t1.newStatement();
            final HeapTable h = store.createHeap(t1, 1000);
            final long a = insert(h, t1, "a");
            insert(h, t1, "b");
            assertEquals(List.of(), scan(h, t1), "a statement does not see its own changes");
            t1.newStatement();
            assertEquals(List.of("a", "b"), scan(h, t1));
            final Transaction other = store.begin(Isolation.READ_COMMITTED, true);
            other.newStatement();
            assertEquals(List.of(), scan(h, other), "no dirty reads");
            final long commitLsn = t1.commit();
            assertTrue(commitLsn > Cluster.START);
            assertEquals(List.of(), scan(h, other), "same statement keeps its snapshot");
            other.newStatement();
            assertEquals(List.of("a", "b"), scan(h, other));

            final Transaction rr = store.begin(Isolation.REPEATABLE_READ, true);
            rr.newStatement();
            assertEquals(List.of("a", "b"), scan(h, rr));

            final Transaction t2 = store.begin(Isolation.READ_COMMITTED, false);
            t2.newStatement();
            final long[] out = new long[1];
            final UnsafeBuffer a2 = bytes("a2");
            assertEquals(Outcome.OK, h.update(t2, a, a2, 0, a2.capacity(), WaitPolicy.BLOCK, out));
            final long a2tid = out[0];
            assertEquals(Outcome.SELF_MODIFIED, h.update(t2, a, a2, 0, a2.capacity(), WaitPolicy.BLOCK, out));
            t2.newStatement();
            assertEquals(List.of("b", "a2"), scan(h, t2));
            t2.commit();
            rr.newStatement();
            assertEquals(List.of("a", "b"), scan(h, rr), "repeatable read keeps its snapshot");
            other.newStatement();
            assertEquals(List.of("b", "a2"), scan(h, other));

            final Transaction t3 = store.begin(Isolation.READ_COMMITTED, false);
            t3.newStatement();
            assertEquals(Outcome.UPDATED, h.delete(t3, a, WaitPolicy.BLOCK, out));
            assertEquals(a2tid, out[0]);
            final TupleFetch f = h.newFetch();
            assertTrue(h.fetchLatest(t3, a, f));
            assertEquals(a2tid, f.tid());
            assertEquals(Outcome.OK, h.delete(t3, a2tid, WaitPolicy.BLOCK, out));
            t3.rollback();
            other.newStatement();
            assertEquals(List.of("b", "a2"), scan(h, other), "a rolled back delete leaves the row");
            other.commit();
            rr.commit();

            final long end = c.sync();
            try (MvccStore ro = c.readOnlyAt(commitLsn)) {
                final Transaction r = ro.begin(Isolation.REPEATABLE_READ, true);
                r.newStatement();
                assertEquals(List.of("a", "b"), scan(ro.heap(1000), r), "a read-only store sees what was committed then");
            }
            try (MvccStore ro = c.readOnlyAt(end)) {
                final Transaction r = ro.begin(Isolation.REPEATABLE_READ, true);
                r.newStatement();
                assertEquals(List.of("b", "a2"), scan(ro.heap(1000), r));
            }
        }
    }

    @Test
    void blockRangeScanSeesExactlyTheVisibleTuplesOfThoseBlocks() {
        try (Cluster c = new Cluster(dir, 1 << 20)) {
            final MvccStore store = c.store;
            final Transaction t = store.begin(Isolation.READ_COMMITTED, false);
            t.newStatement();
            final HeapTable h = store.createHeap(t, 1000);
            final String pad = "x".repeat(400);
            final List<Long> tids = new ArrayList<>();
            for (int i = 0; i < 100; i++) { // about 20 per page: 5 blocks
                tids.add(insert(h, t, i + pad));
            }
            t.commit();
            final Transaction d = store.begin(Isolation.READ_COMMITTED, false);
            d.newStatement();
            final long[] out = new long[2];
            for (int i = 0; i < 100; i += 3) {
                assertEquals(Outcome.OK, h.delete(d, tids.get(i), WaitPolicy.BLOCK, out));
            }
            d.commit();
            final Transaction r = store.begin(Isolation.REPEATABLE_READ, true);
            r.newStatement();
            final long blocks = h.blocks();
            assertTrue(blocks >= 4, "blocks " + blocks);
            final List<String> all = scan(h, r);
            final List<String> pieces = new ArrayList<>();
            for (long b = 0; b < blocks + 2; b++) {
                try (HeapScan s = h.scan(r, b, b + 1)) {
                    while (s.next()) {
                        assertEquals(b, (s.tuple().tid() >>> 16), "a tuple of another block");
                        final byte[] x = new byte[s.tuple().length()];
                        s.tuple().buffer().getBytes(s.tuple().offset(), x);
                        pieces.add(new String(x, StandardCharsets.UTF_8));
                    }
                }
            }
            assertEquals(all, pieces, "block by block, the whole scan");
            assertEquals(66, all.size());
            try (HeapScan s = h.scan(r, 1, 3)) {
                int n = 0;
                while (s.next()) {
                    final long b = (s.tuple().tid() >>> 16);
                    assertTrue(b == 1 || b == 2, "block " + b);
                    n++;
                }
                assertTrue(n > 0);
            }
            assertThrows(IllegalArgumentException.class, () -> h.scan(r, 3, 2));
        }
    }
}
