package io.stratum.mvcc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.wal.WalSink;
import io.stratum.wal.codec.WalRecordEncoder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Many committers on one writer, over a sink that completes some appends at once and others later on
 * another thread: batches reach the sink contiguous and one at a time, every awaited LSN is durable when
 * awaitDurable returns, and nothing is lost or sent twice.
 */
class SinkWalWriterConcurrencyProperties {
    static final long START = 0x100_0000L;

    /** Checks the writer's protocol with the sink; completes inline or on a scheduler after a delay. */
    static final class CheckingSink implements WalSink {
        final Random random;
        final int inlinePercent;
        final java.util.concurrent.ScheduledExecutorService completer = Executors.newSingleThreadScheduledExecutor();
        final AtomicInteger inFlight = new AtomicInteger();
        final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
        volatile long end = START;
        int appends;

        CheckingSink(final long seed, final int inlinePercent) {
            this.random = new Random(seed);
            this.inlinePercent = inlinePercent;
        }

        @Override
        public synchronized CompletableFuture<Long> append(final long startLsn, final DirectBuffer buffer,
                                                           final int offset, final int length) {
            if (inFlight.incrementAndGet() != 1) {
                violations.add("two appends in flight at " + startLsn);
            }
            if (startLsn != end) {
                violations.add("append at " + startLsn + " but the sink ends at " + end);
            }
            appends++;
            final long e = startLsn + length;
            end = e;
            if (random.nextInt(100) < inlinePercent) {
                inFlight.decrementAndGet();
                return CompletableFuture.completedFuture(e);
            }
            final CompletableFuture<Long> f = new CompletableFuture<>();
            completer.schedule(() -> {
                inFlight.decrementAndGet();
                f.complete(e);
            }, random.nextInt(300), TimeUnit.MICROSECONDS);
            return f;
        }

        @Override
        public long endLsn() {
            return START;
        }

        @Override
        public void close() {
            completer.shutdownNow();
        }
    }

    @Property(tries = 25)
    void committersShareContiguousBatches(@ForAll @IntRange(min = 1, max = 12) final int threads,
                                          @ForAll @IntRange(min = 0, max = 100) final int inlinePercent,
                                          @ForAll @IntRange(min = 1, max = 64) final int flushKiB,
                                          @ForAll final long seed) throws Exception {
        final CheckingSink sink = new CheckingSink(seed, inlinePercent);
        final SinkWalWriter w = new SinkWalWriter(sink, 1 << 20, flushKiB << 10, Duration.ofMillis(2));
        final ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            final List<Future<Long>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                final long s = seed + t;
                done.add(pool.submit(() -> {
                    final Random r = new Random(s);
                    final UnsafeBuffer rec = new UnsafeBuffer(new byte[4096]);
                    final WalRecordEncoder enc = new WalRecordEncoder();
                    long last = 0;
                    for (int i = 0; i < 150; i++) {
                        final int n = r.nextInt(200);
                        final int len = enc.wrap(rec, 0, rec.capacity()).begin(16, 0, 1).payload(new byte[n], 0, n).finish();
                        last = w.append(rec, 0, len);
                        if (r.nextInt(3) == 0) { // a commit: wait for it
                            w.awaitDurable(last);
                            if (w.durableLsn() < last) {
                                throw new AssertionError("awaitDurable(" + last + ") returned at " + w.durableLsn());
                            }
                        }
                    }
                    return last;
                }));
            }
            long max = 0;
            for (final Future<Long> f : done) {
                max = Math.max(max, f.get(60, TimeUnit.SECONDS)); // rethrows a committer's failure
            }
            w.awaitDurable(max);
            w.close();
            assertTrue(sink.violations.isEmpty(), String.valueOf(sink.violations));
            assertEquals(w.endLsn(), sink.end, "every record reached the sink once");
            assertEquals(sink.end, w.durableLsn());
        } finally {
            pool.shutdownNow();
            sink.close();
        }
    }
}
