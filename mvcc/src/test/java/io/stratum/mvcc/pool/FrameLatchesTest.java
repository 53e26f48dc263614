package io.stratum.mvcc.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.wal.StratumException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The pool's frame latches: exclusion, shared holders together, nesting, and waiters woken (not spinning forever). */
@Timeout(60)
class FrameLatchesTest {
    @Test
    void exclusiveHoldersExcludeEachOtherAndReaders() throws Exception {
        final int frames = 4;
        final FrameLatches latches = new FrameLatches(new int[2 * frames], 1, 2, frames);
        final long[] counters = new long[frames];
        final long[] shadows = new long[frames];
        final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        final List<Thread> threads = new ArrayList<>();
        final int perThread = 20_000;
        for (int t = 0; t < 6; t++) {
            final int seed = t;
            threads.add(new Thread(() -> {
                try {
                    for (int i = 0; i < perThread; i++) {
                        final int f = (i * 7 + seed) % frames;
                        if ((i + seed) % 3 == 0) {
                            latches.latchShared(f);
                            try {
                                if (counters[f] != shadows[f]) {
                                    throw new AssertionError("reader saw a half-done write on frame " + f);
                                }
                            } finally {
                                latches.unlatch(f);
                            }
                        } else {
                            latches.latchExclusive(f);
                            try {
                                counters[f]++;
                                if (i % 64 == 0) {
                                    Thread.yield(); // hold it long enough for others to wait on the monitor
                                }
                                shadows[f]++;
                            } finally {
                                latches.unlatch(f);
                            }
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        if (!failures.isEmpty()) {
            throw new AssertionError(failures.peek());
        }
        long writes = 0;
        for (int t = 0; t < 6; t++) {
            for (int i = 0; i < perThread; i++) {
                writes += (i + t) % 3 == 0 ? 0 : 1;
            }
        }
        long sum = 0;
        for (int f = 0; f < frames; f++) {
            assertEquals(counters[f], shadows[f]);
            sum += counters[f];
        }
        assertEquals(writes, sum, "every exclusive increment counted once");
    }

    @Test
    void sharedHoldersTogetherAndAWriterWaitsForThemAll() throws Exception {
        final FrameLatches latches = new FrameLatches(new int[2], 1, 2, 1);
        latches.latchShared(0);
        final CountDownLatch otherReader = new CountDownLatch(1);
        final Thread reader = new Thread(() -> {
            latches.latchShared(0);
            otherReader.countDown();
            latches.unlatch(0);
        });
        reader.start();
        assertTrue(otherReader.await(10, TimeUnit.SECONDS), "a second reader is not blocked by the first");
        reader.join();
        final AtomicBoolean written = new AtomicBoolean();
        final CountDownLatch got = new CountDownLatch(1);
        final Thread writer = new Thread(() -> {
            latches.latchExclusive(0);
            written.set(true);
            got.countDown();
            latches.unlatch(0);
        });
        writer.start();
        assertFalse(got.await(200, TimeUnit.MILLISECONDS), "the writer waits while a reader holds the latch");
        latches.unlatch(0);
        assertTrue(got.await(10, TimeUnit.SECONDS), "the writer is woken by the last unlatch");
        writer.join();
        assertTrue(written.get());
    }

    @Test
    void aWriterMayLatchItsFrameAgain() {
        final FrameLatches latches = new FrameLatches(new int[2], 1, 2, 1);
        latches.latchExclusive(0);
        latches.latchShared(0);
        latches.latchExclusive(0);
        assertTrue(latches.heldExclusively(0));
        latches.unlatch(0);
        latches.unlatch(0);
        assertTrue(latches.heldExclusively(0));
        latches.unlatch(0);
        assertFalse(latches.heldExclusively(0));
        assertThrows(StratumException.class, () -> latches.unlatch(0));
    }
}
