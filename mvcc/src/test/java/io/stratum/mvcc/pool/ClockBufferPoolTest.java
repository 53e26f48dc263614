package io.stratum.mvcc.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.engine.PageSource;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.MutableDirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The pool under concurrent pins, hits and evictions: a pinned page always holds the key asked for, pins
 * balance, and failed loads leave the pool consistent. The pages come from a source that writes each
 * page's key into it, so a frame handed out for the wrong key is seen at once.
 */
@Timeout(120)
class ClockBufferPoolTest {
    private static final long FAIL_EVERY = 41;

    /** Pages whose first 16 bytes are their key and the rest a key-derived pattern; some keys fail to load. */
    static final class KeyedPages implements PageSource {
        final AtomicLong reads = new AtomicLong();
        volatile boolean failSome;

        @Override
        public void getPage(final long keyHi, final long keyLo, final long lsn, final MutableDirectBuffer dst,
                            final int offset) {
            reads.incrementAndGet();
            if (failSome && keyLo % FAIL_EVERY == 0) {
                throw StratumException.of(ErrorCode.UNAVAILABLE, "injected page read failure", "lo", keyLo);
            }
            dst.putLong(offset, keyHi);
            dst.putLong(offset + 8, keyLo);
            dst.setMemory(offset + 16, PAGE_SIZE - 16, (byte) (keyLo * 31 + keyHi));
        }

        @Override
        public long lastRecordLsn() {
            return 100;
        }

        @Override
        public long relationSize(final int database, final int relation, final int fork, final long lsn) {
            return NO_RELATION;
        }
    }

    private static void check(final ClockBufferPool pool, final int b, final long hi, final long lo) {
        pool.latchShared(b);
        try {
            final MutableDirectBuffer p = pool.page(b);
            final int o = pool.pageOffset(b);
            if (p.getLong(o) != hi || p.getLong(o + 8) != lo || p.getByte(o + 8191) != (byte) (lo * 31 + hi)) {
                throw new AssertionError("frame " + b + " holds " + p.getLong(o) + "/" + p.getLong(o + 8)
                    + " but was pinned for " + hi + "/" + lo);
            }
        } finally {
            pool.unlatch(b);
        }
    }

    @Test
    void concurrentPinsAlwaysSeeTheirOwnPage() throws Exception {
        final KeyedPages pages = new KeyedPages();
        pages.failSome = true;
        final ClockBufferPool pool = new ClockBufferPool(pages, null, 100, 64L * PageSource.PAGE_SIZE, null);
        final int threads = 4;
        final int ops = 20_000;
        final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        final AtomicLong injected = new AtomicLong();
        final CountDownLatch start = new CountDownLatch(1);
        final List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            final long seed = 17 + t;
            final Thread w = new Thread(() -> {
                final SplittableRandom r = new SplittableRandom(seed);
                try {
                    start.await();
                    for (int i = 0; i < ops; i++) {
                        // mostly a hot set (hits), sometimes a cold key (misses and evictions)
                        final long lo = r.nextInt(10) < 8 ? r.nextInt(40) : 40 + r.nextInt(200);
                        final long hi = lo % 3;
                        final int b;
                        try {
                            b = pool.pin(hi, lo);
                        } catch (final StratumException e) {
                            if (lo % FAIL_EVERY != 0) {
                                throw e;
                            }
                            injected.incrementAndGet();
                            continue;
                        }
                        try {
                            check(pool, b, hi, lo);
                            if (r.nextInt(4) == 0) { // hold a second page meanwhile
                                final long lo2 = 1 + r.nextInt(39);
                                if (lo2 % FAIL_EVERY != 0) {
                                    final int b2 = pool.pin(lo2 % 3, lo2);
                                    try {
                                        check(pool, b2, lo2 % 3, lo2);
                                    } finally {
                                        pool.unpin(b2);
                                    }
                                }
                            }
                            check(pool, b, hi, lo);
                        } finally {
                            pool.unpin(b);
                        }
                    }
                } catch (final Throwable e) {
                    failures.add(e);
                }
            }, "pool-worker-" + t);
            workers.add(w);
            w.start();
        }
        start.countDown();
        for (final Thread w : workers) {
            w.join();
        }
        if (!failures.isEmpty()) {
            final AssertionError e = new AssertionError(failures.size() + " workers failed");
            failures.forEach(e::addSuppressed);
            throw e;
        }
        assertTrue(injected.get() > 0, "the injected read failures fired");
        assertTrue(pool.hits() > pool.misses(), "hits " + pool.hits() + " misses " + pool.misses());
        assertTrue(pool.misses() > 64, "evictions happened: " + pool.misses());
        // every pin was dropped: all 64 frames can be pinned at once for new keys
        pages.failSome = false;
        final int[] held = new int[64];
        for (int i = 0; i < held.length; i++) {
            held[i] = pool.pin(9, 1000 + i);
        }
        for (int i = 0; i < held.length; i++) {
            check(pool, held[i], 9, 1000 + i);
        }
        final StratumException full = assertThrows(StratumException.class, () -> pool.pin(9, 5000));
        assertEquals(ErrorCode.LIMIT_EXCEEDED, full.code());
        for (final int b : held) {
            pool.unpin(b);
        }
        final StratumException twice = assertThrows(StratumException.class, () -> pool.unpin(held[0]));
        assertEquals(ErrorCode.INTERNAL, twice.code());
    }

    /** A remembered frame pins only while it still holds the page: after eviction the stale frame is refused. */
    @Test
    void pinIfHoldsRefusesAFrameReusedForAnotherPage() {
        final ClockBufferPool pool = new ClockBufferPool(new KeyedPages(), null, 100, 64L * PageSource.PAGE_SIZE, null);
        final int first = pool.pin(9, 0);
        pool.unpin(first);
        final int again = pool.pinIfHolds(first, 9, 0);
        assertEquals(first, again, "the frame still holds the page");
        check(pool, again, 9, 0);
        pool.unpin(again);
        assertEquals(-1, pool.pinIfHolds(first, 9, 1), "another key");
        assertEquals(-1, pool.pinIfHolds(-1, 9, 0), "no hint");
        assertEquals(-1, pool.pinIfHolds(64, 9, 0), "out of range");
        for (long lo = 1; lo <= 640; lo++) { // cycles every frame several times: page (9, 0) is evicted
            pool.unpin(pool.pin(9, lo));
        }
        int refused = 0;
        for (int b = 0; b < 64; b++) {
            final long lo = pool.keyLo(b);
            final int got = pool.pinIfHolds(b, 9, 0);
            if (got < 0) {
                refused++;
            } else {
                check(pool, got, 9, 0);
                pool.unpin(got);
            }
            final int other = pool.pinIfHolds(b, 9, lo);
            assertEquals(b, other, "frame " + b + " holds " + lo);
            check(pool, other, 9, lo);
            pool.unpin(other);
        }
        assertEquals(64, refused, "no frame holds the evicted page");
    }
}
