package io.stratum.mvcc.btree;

import static org.junit.jupiter.api.Assertions.*;

import io.stratum.mvcc.IndexCursor;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class BTreeTest {
    private static UnsafeBuffer key(final String s) {
        return new UnsafeBuffer(s.getBytes(StandardCharsets.UTF_8));
    }

    private static void insert(final Fixture f, final String k, final long tid) {
        final UnsafeBuffer b = key(k);
        f.tree.insert(null, new TestHeap(0), b, 0, b.capacity(), tid);
    }

    private static List<Long> lookup(final Fixture f, final String k) {
        final UnsafeBuffer b = key(k);
        final List<Long> out = new ArrayList<>();
        try (IndexCursor c = f.tree.scan(null, b, 0, b.capacity(), true, b, 0, b.capacity(), true, false, false)) {
            while (c.next()) {
                out.add(c.tid());
            }
        }
        return out;
    }

    @Test
    void insertsLookupsAndSplitsAcrossThreeLevels() {
        final Fixture f = new Fixture(4096, false, null);
        final int n = 20_000;
        for (int i = 0; i < n; i++) {
            final int k = (int) ((i * 7919L) % n);
            insert(f, String.format("key-%08d-%s", k, "x".repeat(40)), k);
        }
        f.tree.refreshRoot();
        assertEquals(3, f.tree.height());
        for (int k = 0; k < n; k += 37) {
            assertEquals(List.of((long) k), lookup(f, String.format("key-%08d-%s", k, "x".repeat(40))), "key " + k);
        }
        assertEquals(List.of(), lookup(f, "key-"));
        final List<String> fwd = f.all(false);
        assertEquals(n, fwd.size());
        final List<String> back = f.all(true);
        java.util.Collections.reverse(back);
        assertEquals(fwd, back);
        f.assertNothingHeld();
        f.assertRedoMatches();
    }

    @Test
    void deletesAndBulkDelete() {
        final Fixture f = new Fixture(1024, false, null);
        for (int i = 0; i < 3000; i++) {
            insert(f, "k" + (i % 100), i);
        }
        assertEquals(30, lookup(f, "k7").size());
        final UnsafeBuffer k7 = key("k7");
        assertTrue(f.tree.delete(null, k7, 0, k7.capacity(), 7));
        assertFalse(f.tree.delete(null, k7, 0, k7.capacity(), 7));
        assertEquals(29, lookup(f, "k7").size());
        assertEquals(1500 - 1, f.tree.bulkDelete(t -> t % 2 == 1 && t != 7));
        assertEquals(1500, f.all(false).size());
        f.assertNothingHeld();
        f.assertRedoMatches();
    }

    @Test
    void keyTooLongIsRefusedWithItsLength() {
        final Fixture f = new Fixture(64, false, null);
        final UnsafeBuffer big = new UnsafeBuffer(new byte[2001]);
        final StratumException e = assertThrows(StratumException.class,
            () -> f.tree.insert(null, new TestHeap(0), big, 0, 2001, 1));
        assertEquals(ErrorCode.LIMIT_EXCEEDED, e.code());
        assertTrue(e.getMessage().contains("2001"), e.getMessage());
        final UnsafeBuffer max = new UnsafeBuffer(new byte[2000]);
        for (int i = 0; i < 20; i++) {
            max.putByte(0, (byte) i);
            f.tree.insert(null, new TestHeap(0), max, 0, 2000, i);
        }
        assertEquals(20, f.all(false).size());
        f.assertRedoMatches();
    }

    @Test
    void reopenReadsTheMetadataPage() {
        final Fixture f = new Fixture(1024, false, null);
        for (int i = 0; i < 2000; i++) {
            insert(f, "key" + i + "-".repeat(100), i);
        }
        final BTree again = BTree.open(f.ctx, Fixture.RELATION, false);
        final UnsafeBuffer k = key("key1234" + "-".repeat(100));
        try (IndexCursor c = again.scan(null, k, 0, k.capacity(), true, k, 0, k.capacity(), true, false, false)) {
            assertTrue(c.next());
            assertEquals(1234, c.tid());
            assertFalse(c.next());
        }
    }

    @Test
    void cursorsHoldNoPageBetweenCalls() {
        final Fixture f = new Fixture(1024, false, null);
        for (int i = 0; i < 3000; i++) {
            insert(f, String.format("%06d", i), i);
        }
        for (final boolean backward : new boolean[] {false, true}) {
            int n = 0;
            try (IndexCursor c = f.tree.scan(null, null, 0, 0, true, null, 0, 0, true, false, backward)) {
                f.assertNothingHeld();
                while (c.next()) {
                    n++;
                    f.assertNothingHeld();
                }
            }
            assertEquals(3000, n);
        }
    }

    @Test
    void emptiedPagesStayInPlaceAndAreSkippedBothWays() {
        final Fixture f = new Fixture(1024, false, null);
        for (int i = 0; i < 6000; i++) {
            insert(f, String.format("%06d-%s", i, "z".repeat(30)), i);
        }
        assertEquals(6000 - 3, f.tree.bulkDelete(t -> t != 10 && t != 3000 && t != 5990));
        final List<String> fwd = f.all(false);
        assertEquals(3, fwd.size());
        final List<String> back = f.all(true);
        java.util.Collections.reverse(back);
        assertEquals(fwd, back);
        for (int i = 0; i < 6000; i += 2) { // refill the emptied pages
            insert(f, String.format("%06d-%s", i, "z".repeat(30)), i);
        }
        assertEquals(3000, f.all(false).size()); // the three survivors are even: re-inserting them changes nothing
        f.assertNothingHeld();
        f.assertRedoMatches();
    }

    @Test
    void aReadOnlyContextReadsButRefusesChanges() {
        final Fixture f = new Fixture(1024, false, null);
        for (int i = 0; i < 500; i++) {
            insert(f, "k" + i, i);
        }
        final BTree ro = BTree.open(new BTreeContext(f.pool, null, f.redo, Fixture.DATABASE, null), Fixture.RELATION,
            false);
        assertEquals(List.of(42L), lookupIn(ro, "k42"));
        final UnsafeBuffer k = key("new");
        final StratumException e = assertThrows(StratumException.class,
            () -> ro.insert(null, new TestHeap(0), k, 0, k.capacity(), 1));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        f.assertNothingHeld();
    }

    private static List<Long> lookupIn(final BTree t, final String k) {
        final UnsafeBuffer b = key(k);
        final List<Long> out = new ArrayList<>();
        try (IndexCursor c = t.scan(null, b, 0, b.capacity(), true, b, 0, b.capacity(), true, false, false)) {
            while (c.next()) {
                out.add(c.tid());
            }
        }
        return out;
    }

    /** A cursor between two pages while the pages ahead of it split: it returns every old entry once, in order. */
    @Test
    void cursorsCrossPagesThatSplitBetweenCalls() {
        for (final boolean backward : new boolean[] {false, true}) {
            final Fixture f = new Fixture(1024, false, null);
            final String pad = "y".repeat(100);
            for (int i = 0; i < 1000; i++) {
                insert(f, String.format("%06d-%s", i, pad), i);
            }
            final List<Long> seen = new ArrayList<>();
            try (IndexCursor c = f.tree.scan(null, null, 0, 0, true, null, 0, 0, true, false, backward)) {
                for (int i = 0; i < 5 && c.next(); i++) {
                    seen.add(c.tid());
                }
                // split every page ahead of the cursor several times over
                for (int i = 0; i < 1000; i++) {
                    insert(f, String.format("%06d-%s-new", i, pad), 100_000 + i);
                }
                while (c.next()) {
                    seen.add(c.tid());
                }
            }
            final List<Long> old = new ArrayList<>();
            for (final long t : seen) {
                if (t < 100_000) {
                    old.add(t);
                }
            }
            assertEquals(1000, old.size(), "every old entry once (backward " + backward + ")");
            for (int i = 1; i < old.size(); i++) {
                assertTrue(backward ? old.get(i) < old.get(i - 1) : old.get(i) > old.get(i - 1), "order at " + i);
            }
            f.assertNothingHeld();
        }
    }
}
