package io.stratum.mvcc;

import static io.stratum.mvcc.HeapBasicsTest.insert;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Row locks and waits between real threads, as PostgreSQL behaves. */
class LockingTest {
    @TempDir
    Path dir;
    Cluster c;
    MvccStore store;
    HeapTable h;
    ExecutorService pool;
    final long[] out = new long[1];

    @BeforeEach
    void setUp() {
        c = new Cluster(dir, 4 << 20, Duration.ofMillis(200));
        store = c.store;
        final Transaction t = begin(Isolation.READ_COMMITTED);
        h = store.createHeap(t, 1100);
        t.commit();
        pool = Executors.newCachedThreadPool();
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(20, TimeUnit.SECONDS));
        c.close();
    }

    Transaction begin(final Isolation iso) {
        final Transaction t = store.begin(iso, false);
        t.newStatement();
        return t;
    }

    long row(final String v) {
        final Transaction t = begin(Isolation.READ_COMMITTED);
        final long tid = insert(h, t, v);
        t.commit();
        return tid;
    }

    static UnsafeBuffer b(final String s) {
        return HeapBasicsTest.bytes(s);
    }

    /** Waits (bounded) until the task's thread is parked in a lock wait. */
    static void awaitBlocked(final Thread[] holder) {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (holder[0] == null || holder[0].getState() != Thread.State.TIMED_WAITING) {
            assertTrue(System.nanoTime() < deadline, "the waiter never blocked");
            LockSupport.parkNanos(1_000_000);
        }
    }

    <T> Future<T> async(final Thread[] holder, final Callable<T> body) {
        return pool.submit(() -> {
            holder[0] = Thread.currentThread();
            return body.call();
        });
    }

    @Test
    void readCommittedWaitsThenReportsTheNewVersion() throws Exception {
        final long tid = row("v0");
        final Transaction t1 = begin(Isolation.READ_COMMITTED);
        assertEquals(Outcome.OK, h.update(t1, tid, b("v1"), 0, 2, WaitPolicy.BLOCK, out));
        final long v1 = out[0];
        final Transaction t2 = begin(Isolation.READ_COMMITTED);
        final Thread[] th = new Thread[1];
        final Future<long[]> f = async(th, () -> {
            final long[] o = new long[1];
            final Outcome r = h.update(t2, tid, b("v2"), 0, 2, WaitPolicy.BLOCK, o);
            return new long[] {r.ordinal(), o[0]};
        });
        awaitBlocked(th);
        t1.commit();
        final long[] r = f.get(10, TimeUnit.SECONDS);
        assertEquals(Outcome.UPDATED.ordinal(), r[0]);
        assertEquals(v1, r[1], "the newest version's TID is reported for the re-check");
        assertEquals(Outcome.OK, h.update(t2, v1, b("v2"), 0, 2, WaitPolicy.BLOCK, out));
        t2.commit();
    }

    @Test
    void waiterProceedsWhenHolderAborts() throws Exception {
        final long tid = row("v0");
        final Transaction t1 = begin(Isolation.REPEATABLE_READ);
        assertEquals(Outcome.OK, h.delete(t1, tid, WaitPolicy.BLOCK, out));
        final Transaction t2 = begin(Isolation.REPEATABLE_READ);
        final Thread[] th = new Thread[1];
        final Future<Outcome> f = async(th, () -> h.update(t2, tid, b("v2"), 0, 2, WaitPolicy.BLOCK, new long[1]));
        awaitBlocked(th);
        t1.rollback();
        assertEquals(Outcome.OK, f.get(10, TimeUnit.SECONDS));
        t2.commit();
    }

    @Test
    void repeatableReadFailsWith40001() throws Exception {
        final long tid = row("v0");
        final Transaction t1 = begin(Isolation.READ_COMMITTED);
        final Transaction t2 = begin(Isolation.REPEATABLE_READ);
        assertEquals(Outcome.OK, h.update(t1, tid, b("v1"), 0, 2, WaitPolicy.BLOCK, out));
        final Thread[] th = new Thread[1];
        final Future<Outcome> f = async(th, () -> h.delete(t2, tid, WaitPolicy.BLOCK, new long[1]));
        awaitBlocked(th);
        t1.commit();
        final ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
        assertEquals(MvccException.Reason.SERIALIZATION_FAILURE, ((MvccException) e.getCause()).reason());
        t2.rollback();
    }

    @Test
    void deadlockIsDetected() throws Exception {
        final long a = row("a");
        final long bb = row("b");
        final Transaction t1 = begin(Isolation.READ_COMMITTED);
        final Transaction t2 = begin(Isolation.READ_COMMITTED);
        assertEquals(Outcome.OK, h.update(t1, a, b("a1"), 0, 2, WaitPolicy.BLOCK, out));
        assertEquals(Outcome.OK, h.update(t2, bb, b("b2"), 0, 2, WaitPolicy.BLOCK, out));
        final Thread[] th1 = new Thread[1];
        final Thread[] th2 = new Thread[1];
        final Future<Outcome> f1 = async(th1, () -> h.update(t1, bb, b("b1"), 0, 2, WaitPolicy.BLOCK, new long[1]));
        awaitBlocked(th1);
        final Future<Outcome> f2 = async(th2, () -> h.update(t2, a, b("a2"), 0, 2, WaitPolicy.BLOCK, new long[1]));
        final List<Throwable> failures = new ArrayList<>();
        final List<Outcome> results = new ArrayList<>();
        // whichever detects the cycle first is the victim; its rollback lets the other go on
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!f1.isDone() && !f2.isDone()) {
            assertTrue(System.nanoTime() < deadline, "no deadlock detected");
            LockSupport.parkNanos(1_000_000);
        }
        final Future<Outcome> first = f1.isDone() ? f1 : f2;
        final Future<Outcome> second = first == f1 ? f2 : f1;
        for (final Future<Outcome> f : List.of(first, second)) {
            try {
                results.add(f.get(10, TimeUnit.SECONDS));
            } catch (final ExecutionException e) {
                failures.add(e.getCause());
                (f == f1 ? t1 : t2).rollback();
            }
        }
        assertEquals(1, failures.size(), "exactly one victim: " + failures + " " + results);
        assertEquals(MvccException.Reason.DEADLOCK_DETECTED, ((MvccException) failures.get(0)).reason());
        assertEquals(List.of(Outcome.OK), results, "the survivor updates the row the victim released");
    }

    @Test
    void nowaitSkipLockedTimeoutAndCancel() throws Exception {
        final long tid = row("v0");
        final Transaction t1 = begin(Isolation.READ_COMMITTED);
        assertEquals(Outcome.OK, h.lock(t1, tid, LockMode.UPDATE, WaitPolicy.BLOCK, out));
        assertEquals(Outcome.OK, h.lock(t1, tid, LockMode.SHARE, WaitPolicy.NOWAIT, out), "own lock");
        final Transaction t2 = begin(Isolation.READ_COMMITTED);
        MvccException e = assertThrows(MvccException.class, () -> h.lock(t2, tid, LockMode.UPDATE, WaitPolicy.NOWAIT, out));
        assertEquals(MvccException.Reason.LOCK_NOT_AVAILABLE, e.reason());
        assertEquals(Outcome.SKIPPED, h.lock(t2, tid, LockMode.SHARE, WaitPolicy.SKIP_LOCKED, out));
        store.setLockTimeout(t2, Duration.ofMillis(100));
        e = assertThrows(MvccException.class, () -> h.update(t2, tid, b("x"), 0, 1, WaitPolicy.BLOCK, out));
        assertEquals(MvccException.Reason.LOCK_NOT_AVAILABLE, e.reason());
        store.setLockTimeout(t2, Duration.ZERO);
        final Thread[] th = new Thread[1];
        final Future<Outcome> f = async(th, () -> h.delete(t2, tid, WaitPolicy.BLOCK, new long[1]));
        awaitBlocked(th);
        t2.cancel();
        final ExecutionException ee = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
        assertEquals(MvccException.Reason.CANCELED, ((MvccException) ee.getCause()).reason());
        t2.rollback();
        // a lock held by a committed transaction does not block
        t1.commit();
        final Transaction t3 = begin(Isolation.REPEATABLE_READ);
        assertEquals(Outcome.OK, h.update(t3, tid, b("v3"), 0, 2, WaitPolicy.NOWAIT, out));
        t3.commit();
    }

    @Test
    void hotRowQueuesSixteenSessionsWithoutLostUpdates() throws Exception {
        final UnsafeBuffer init = new UnsafeBuffer(new byte[8]);
        final Transaction t0 = begin(Isolation.READ_COMMITTED);
        final long tid0 = h.insert(t0, init, 0, 8);
        t0.commit();
        final int sessions = 16;
        final int perSession = 30;
        final List<Future<Integer>> fs = new ArrayList<>();
        for (int s = 0; s < sessions; s++) {
            fs.add(pool.submit(() -> {
                final long[] o = new long[1];
                final UnsafeBuffer v = new UnsafeBuffer(new byte[8]);
                final TupleFetch fetch = h.newFetch();
                int rechecks = 0;
                for (int i = 0; i < perSession; i++) {
                    final Transaction t = store.begin(Isolation.READ_COMMITTED, false);
                    t.newStatement();
                    long tid = latestVisible(t, fetch);
                    for (;;) {
                        v.putLong(0, fetch.buffer().getLong(fetch.offset()) + 1);
                        final Outcome r = h.update(t, tid, v, 0, 8, WaitPolicy.BLOCK, o);
                        if (r == Outcome.OK) {
                            break;
                        }
                        assertEquals(Outcome.UPDATED, r);
                        rechecks++;
                        assertTrue(h.fetchLatest(t, o[0], fetch)); // EvalPlanQual: re-read the newest version
                        tid = fetch.tid();
                    }
                    t.commit();
                }
                return rechecks;
            }));
        }
        int rechecks = 0;
        for (final Future<Integer> f : fs) {
            rechecks += f.get(60, TimeUnit.SECONDS);
        }
        final Transaction r = begin(Isolation.READ_COMMITTED);
        final TupleFetch fetch = h.newFetch();
        latestVisible(r, fetch);
        assertEquals(sessions * perSession, fetch.buffer().getLong(fetch.offset()), "no lost updates");
        assertTrue(rechecks > 0, "sessions really met each other");
        r.commit();
        assertTrue(tid0 >= 0);
    }

    private long latestVisible(final Transaction t, final TupleFetch fetch) {
        try (HeapScan s = h.scan(t)) {
            assertTrue(s.next());
            final long tid = s.tuple().tid();
            assertTrue(h.fetch(t, tid, fetch));
            assertFalse(s.next());
            return tid;
        }
    }

    @Test
    void savepointsRollBackTheirWork() {
        final long tid = row("base");
        final Transaction t = begin(Isolation.READ_COMMITTED);
        insert(h, t, "kept");
        final int sp = t.savepoint();
        insert(h, t, "undone");
        assertEquals(Outcome.OK, h.lock(t, tid, LockMode.UPDATE, WaitPolicy.BLOCK, out));
        t.rollbackTo(sp);
        // the lock taken inside the savepoint is gone
        final Transaction other = begin(Isolation.READ_COMMITTED);
        assertEquals(Outcome.OK, h.lock(other, tid, LockMode.UPDATE, WaitPolicy.NOWAIT, out));
        other.rollback();
        insert(h, t, "after");
        final int sp2 = t.savepoint();
        insert(h, t, "released");
        t.release(sp2);
        t.newStatement();
        assertEquals(List.of("after", "base", "kept", "released"),
            HeapBasicsTest.scan(h, t).stream().sorted().toList());
        t.commit();
        final Transaction r = begin(Isolation.READ_COMMITTED);
        assertEquals(List.of("after", "base", "kept", "released"),
            HeapBasicsTest.scan(h, r).stream().sorted().toList());
        r.commit();
    }

    @Test
    void forShareLocksShareAndBlockWriters() throws Exception {
        final long tid = row("v0");
        final Transaction s1 = begin(Isolation.READ_COMMITTED);
        final Transaction s2 = begin(Isolation.READ_COMMITTED);
        assertEquals(Outcome.OK, h.lock(s1, tid, LockMode.SHARE, WaitPolicy.NOWAIT, out));
        assertEquals(Outcome.OK, h.lock(s2, tid, LockMode.SHARE, WaitPolicy.NOWAIT, out), "FOR SHARE does not block FOR SHARE");
        final Transaction w = begin(Isolation.READ_COMMITTED);
        MvccException e = assertThrows(MvccException.class, () -> h.lock(w, tid, LockMode.UPDATE, WaitPolicy.NOWAIT, out));
        assertEquals(MvccException.Reason.LOCK_NOT_AVAILABLE, e.reason());
        s1.commit();
        e = assertThrows(MvccException.class, () -> h.update(w, tid, b("v1"), 0, 2, WaitPolicy.NOWAIT, out),
            "the second share locker still holds the row");
        assertEquals(MvccException.Reason.LOCK_NOT_AVAILABLE, e.reason());
        final Thread[] th = new Thread[1];
        final Future<Outcome> f = async(th, () -> h.update(w, tid, b("v1"), 0, 2, WaitPolicy.BLOCK, new long[1]));
        awaitBlocked(th);
        s2.rollback();
        assertEquals(Outcome.OK, f.get(10, TimeUnit.SECONDS));
        w.commit();
    }

    @Test
    void manySavepointsCommitInOneRecord() {
        final Transaction t = begin(Isolation.READ_COMMITTED);
        for (int i = 0; i < 5_000; i++) { // as pgJDBC's autosave=always: a savepoint around every statement
            final int sp = t.savepoint();
            insert(h, t, "r" + i);
            if (i % 3 == 0) {
                t.rollbackTo(sp);
            }
            t.release(sp);
        }
        t.commit();
        final Transaction r = begin(Isolation.READ_COMMITTED);
        assertEquals(5_000 - 1_667, HeapBasicsTest.scan(h, r).size());
        r.commit();
    }

    @Test
    void writeSkewIsAllowedUnderRepeatableRead() {
        final long a = row("1");
        final long bb = row("1");
        final Transaction t1 = begin(Isolation.REPEATABLE_READ);
        final Transaction t2 = begin(Isolation.SERIALIZABLE);
        assertFalse(store.serializableIsExact());
        assertEquals(2, HeapBasicsTest.scan(h, t1).size());
        assertEquals(2, HeapBasicsTest.scan(h, t2).size());
        assertEquals(Outcome.OK, h.update(t1, a, b("0"), 0, 1, WaitPolicy.BLOCK, out));
        assertEquals(Outcome.OK, h.update(t2, bb, b("0"), 0, 1, WaitPolicy.BLOCK, out));
        t1.commit();
        t2.commit();
    }
}
