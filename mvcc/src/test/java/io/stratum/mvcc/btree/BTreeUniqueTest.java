package io.stratum.mvcc.btree;

import static org.junit.jupiter.api.Assertions.*;

import io.stratum.mvcc.MvccException;
import io.stratum.mvcc.Transaction;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** Unique indexes: live duplicates fail, dead ones are ignored, in-progress ones are waited for (no latch held). */
class BTreeUniqueTest {
    private static final UnsafeBuffer KEY = new UnsafeBuffer(new byte[] {1, 2, (byte) 0xAB});

    @Test
    void liveDuplicateFailsWithTheKeyInHex() {
        final Fixture f = new Fixture(64, true, (tx, xid) -> fail("no wait expected"));
        final TestHeap heap = new TestHeap(1);
        f.tree.insert(new TestTx(5), heap, KEY, 0, 3, 100);
        final MvccException e = assertThrows(MvccException.class,
            () -> f.tree.insert(new TestTx(6), heap, KEY, 0, 3, 101));
        assertEquals(MvccException.Reason.UNIQUE_VIOLATION, e.reason());
        assertTrue(e.getMessage().startsWith("duplicate key value violates unique constraint"), e.getMessage());
        assertTrue(e.getMessage().contains("0102ab"), e.getMessage());
        f.assertNothingHeld();
        assertEquals(1, f.all(false).size());
    }

    @Test
    void deadDuplicatesAreIgnoredAcrossPages() {
        final Fixture f = new Fixture(256, true, (tx, xid) -> fail("no wait expected"));
        final TestHeap heap = new TestHeap(0);
        final UnsafeBuffer big = new UnsafeBuffer(new byte[1500]);
        for (int i = 0; i < 30; i++) { // 30 dead versions of one key span several leaves
            f.tree.insert(null, heap, big, 0, 1500, i);
        }
        heap.liveness.put(17L, 1L);
        assertThrows(MvccException.class, () -> f.tree.insert(null, heap, big, 0, 1500, 99));
        heap.liveness.put(17L, 0L);
        f.tree.insert(null, heap, big, 0, 1500, 99);
        assertEquals(31, f.all(false).size());
        f.assertNothingHeld();
        f.assertRedoMatches();
    }

    @Test
    void waitsForAnInProgressInserterThenFailsWhenItCommits() throws Exception {
        assertEquals("violation", waitThenEnd(true));
    }

    @Test
    void waitsForAnInProgressInserterThenSucceedsWhenItAborts() throws Exception {
        assertEquals("inserted", waitThenEnd(false));
    }

    private static String waitThenEnd(final boolean commit) throws Exception {
        final CountDownLatch waiting = new CountDownLatch(1);
        final CountDownLatch ended = new CountDownLatch(1);
        final AtomicReference<Fixture> fixture = new AtomicReference<>();
        final AtomicReference<String> heldWhileWaiting = new AtomicReference<>("not called");
        final XidWaiter waiter = (Transaction tx, long xid) -> {
            assertEquals(77, xid);
            final Fixture f = fixture.get();
            heldWhileWaiting.set(f.pool.pinned() + " pins, latched " + f.pool.anyLatched());
            waiting.countDown();
            try {
                assertTrue(ended.await(30, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        };
        final Fixture f = new Fixture(64, true, waiter);
        fixture.set(f);
        final TestHeap heap = new TestHeap(1);
        heap.liveness.put(100L, 77L); // tid 100 was inserted by xid 77, still in progress
        f.tree.insert(new TestTx(77), heap, KEY, 0, 3, 100);
        final CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> {
            try {
                f.tree.insert(new TestTx(78), heap, KEY, 0, 3, 101);
                return "inserted";
            } catch (MvccException e) {
                return e.reason() == MvccException.Reason.UNIQUE_VIOLATION ? "violation" : e.toString();
            }
        });
        assertTrue(waiting.await(30, TimeUnit.SECONDS), "the second inserter never waited");
        assertEquals("0 pins, latched false", heldWhileWaiting.get());
        assertFalse(second.isDone());
        heap.liveness.put(100L, commit ? 1L : 0L);
        ended.countDown();
        final String outcome = second.get(30, TimeUnit.SECONDS);
        f.assertNothingHeld();
        assertEquals(commit ? 1 : 2, f.all(false).size());
        return outcome;
    }
}
