package io.stratum.mvcc.btree;

import static org.junit.jupiter.api.Assertions.*;

import io.stratum.mvcc.IndexCursor;
import io.stratum.mvcc.MvccException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** Readers during splits, concurrent writers and concurrent unique inserters; failures are collected from the threads. */
class BTreeConcurrencyTest {
    private static byte[] key(final int k) {
        final byte[] b = String.format("k%09d/%s", k, "p".repeat(k % 90)).getBytes();
        return b;
    }

    private static void run(final List<Runnable> work, final ConcurrentLinkedQueue<Throwable> failures)
        throws InterruptedException {
        final List<Thread> threads = new ArrayList<>();
        for (final Runnable r : work) {
            final Thread t = new Thread(() -> {
                try {
                    r.run();
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            threads.add(t);
            t.start();
        }
        for (final Thread t : threads) {
            t.join(60_000);
            assertFalse(t.isAlive(), "thread still running");
        }
        if (!failures.isEmpty()) {
            final AssertionError e = new AssertionError(failures.size() + " failures, first: " + failures.peek());
            failures.forEach(e::addSuppressed);
            throw e;
        }
    }

    @Test
    void readersNeverMissAnEntryDuringSplits() throws InterruptedException {
        final Fixture f = new Fixture(8192, false, null, false);
        final int n = 30_000;
        final int[] order = new int[n];
        final Random rnd = new Random(42);
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            final int j = rnd.nextInt(i + 1);
            final int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        final AtomicInteger published = new AtomicInteger();
        final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        final TestHeap heap = new TestHeap(0);
        final Runnable writer = () -> {
            for (int i = 0; i < n; i++) {
                final byte[] k = key(order[i]);
                f.tree.insert(null, heap, new UnsafeBuffer(k), 0, k.length, order[i]);
                published.set(i + 1);
            }
        };
        final List<Runnable> work = new ArrayList<>(List.of(writer));
        for (int r = 0; r < 2; r++) {
            final int seed = r;
            work.add(() -> {
                final Random random = new Random(seed);
                int scans = 0;
                while (published.get() < n || scans < 20) {
                    final int upTo = published.get();
                    if (upTo == 0) {
                        Thread.onSpinWait();
                        continue;
                    }
                    final int which = order[random.nextInt(upTo)];
                    final byte[] k = key(which);
                    final UnsafeBuffer kb = new UnsafeBuffer(k);
                    try (IndexCursor c = f.tree.scan(null, kb, 0, k.length, true, kb, 0, k.length, true, false,
                        random.nextBoolean())) {
                        assertTrue(c.next(), "lookup of " + which + " found nothing");
                        assertEquals(which, c.tid());
                        assertFalse(c.next());
                    }
                    if (random.nextInt(50) == 0) {
                        scans++;
                        rangeScan(f, order, upTo, random.nextInt(n - 2000), random.nextBoolean());
                    }
                }
            });
        }
        run(work, failures);
        f.assertNothingHeld();
        assertEquals(n, f.all(false).size());
    }

    /** Every key published before the scan and inside [from, from + 2000) is returned, in order. */
    private static void rangeScan(final Fixture f, final int[] order, final int published, final int from,
        final boolean backward) {
        final boolean[] mustSee = new boolean[2000];
        for (int i = 0; i < published; i++) {
            if (order[i] >= from && order[i] < from + 2000) {
                mustSee[order[i] - from] = true;
            }
        }
        final byte[] lo = String.format("k%09d", from).getBytes();
        final byte[] hi = String.format("k%09d", from + 2000).getBytes();
        final List<Long> seen = new ArrayList<>();
        try (IndexCursor c = f.tree.scan(null, new UnsafeBuffer(lo), 0, lo.length, true, new UnsafeBuffer(hi), 0,
            hi.length, false, false, backward)) {
            while (c.next()) {
                seen.add(c.tid());
            }
        }
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(backward ? seen.get(i) < seen.get(i - 1) : seen.get(i) > seen.get(i - 1), "order at " + i);
        }
        for (int i = 0; i < 2000; i++) {
            if (mustSee[i]) {
                assertTrue(seen.contains((long) (from + i)), "scan from " + from + " missed " + (from + i));
            }
        }
    }

    @Test
    void concurrentWritersKeepEveryEntryAndRedoStillMatches() throws InterruptedException {
        final Fixture f = new Fixture(8192, false, null);
        final int perThread = 8_000;
        final int threads = 3;
        final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        final CyclicBarrier start = new CyclicBarrier(threads);
        final List<Runnable> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            final int id = t;
            work.add(() -> {
                try {
                    start.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                final Random rnd = new Random(id);
                final TestHeap heap = new TestHeap(0);
                for (int i = 0; i < perThread; i++) {
                    final int k = (rnd.nextInt(perThread) * threads + id) % (perThread * threads);
                    final byte[] b = key(k);
                    f.tree.insert(null, heap, new UnsafeBuffer(b), 0, b.length, (long) id << 32 | i);
                }
            });
        }
        run(work, failures);
        f.assertNothingHeld();
        final List<String> all = f.all(false);
        assertEquals(perThread * threads, all.size());
        final List<String> back = f.all(true);
        java.util.Collections.reverse(back);
        assertEquals(all, back);
        f.assertRedoMatches();
    }

    @Test
    void concurrentInsertersOfOneUniqueKeyLetExactlyOneIn() throws InterruptedException {
        final Fixture f = new Fixture(4096, true, (tx, xid) -> fail("no waits here"));
        final int keys = 3000;
        final int threads = 3;
        final AtomicInteger wins = new AtomicInteger();
        final AtomicInteger violations = new AtomicInteger();
        final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        final TestHeap heap = new TestHeap(1);
        final List<Runnable> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            final int id = t;
            work.add(() -> {
                for (int k = 0; k < keys; k++) {
                    final byte[] b = key(k);
                    try {
                        f.tree.insert(null, heap, new UnsafeBuffer(b), 0, b.length, (long) k * threads + id);
                        wins.incrementAndGet();
                    } catch (MvccException e) {
                        assertEquals(MvccException.Reason.UNIQUE_VIOLATION, e.reason());
                        violations.incrementAndGet();
                    }
                }
            });
        }
        run(work, failures);
        assertEquals(keys, wins.get());
        assertEquals(keys * (threads - 1), violations.get());
        assertEquals(keys, f.all(false).size());
        f.assertNothingHeld();
        f.assertRedoMatches();
    }
}
