package io.stratum.raft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import io.stratum.wal.WalStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Many writers pipelining appends through one sink, with random pauses between them: every append is
 * acknowledged (no CONFLICT from requests reordered in flight), the WAL holds them in LSN order byte for
 * byte, and the sink never had more than one request in flight however many appends were queued.
 */
class PipeliningProperties {
    static final long START = 0x1000000L;
    private static TestCluster cluster;
    private static WalClient client;
    private static TenantId tenant;

    @BeforeContainer
    static void start() throws Exception {
        cluster = TestCluster.start(3);
        client = cluster.client();
        tenant = TenantId.random();
        client.createTenant(tenant);
    }

    @AfterContainer
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Property(tries = 8, shrinking = ShrinkingMode.OFF, seed = "20261201")
    void concurrentPipelinedAppendsAreAllAcknowledgedInOrder(@ForAll @IntRange(min = 2, max = 16) final int writers,
        @ForAll @IntRange(min = 10, max = 60) final int each, @ForAll @IntRange(min = 30, max = 20_000) final int maxSize,
        @ForAll final long seed) throws Exception {
        final TimelineId tl = TimelineId.random();
        client.createTimeline(tenant, tl, START);
        final RaftWalSink sink = (RaftWalSink) client.acquireWriter(tenant, tl);
        final Object order = new Object();
        final List<byte[]> written = new ArrayList<>(); // guarded by order, in LSN order
        final ConcurrentLinkedQueue<CompletableFuture<Long>> acks = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        final List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            final SplittableRandom r = new SplittableRandom(seed + w);
            final int id = w;
            final Thread t = new Thread(() -> {
                try {
                    for (int i = 0; i < each; i++) {
                        final byte[] rec = Records.record(id * 100_000L + i, r.nextInt(maxSize - 20) + 1);
                        synchronized (order) { // the LSN is taken and the append issued in one step, as a compute does
                            acks.add(sink.append(sink.endLsn(), new UnsafeBuffer(rec), 0, rec.length));
                            written.add(rec);
                        }
                        if (r.nextInt(4) == 0) {
                            LockSupport.parkNanos(r.nextInt(2_000_000)); // injected delay
                        }
                    }
                } catch (final Throwable e) {
                    failures.add(e);
                }
            });
            threads.add(t);
            t.start();
        }
        for (final Thread t : threads) {
            t.join();
        }
        long end = START;
        for (final CompletableFuture<Long> f : acks) {
            end = Math.max(end, f.join()); // throws on CONFLICT or any refusal
        }
        if (!failures.isEmpty()) {
            final AssertionError e = new AssertionError("writers failed");
            failures.forEach(e::addSuppressed);
            throw e;
        }
        assertTrue(sink.maxInFlightSeen() <= RaftWalSink.MAX_IN_FLIGHT, "in flight: " + sink.maxInFlightSeen());
        final ByteArrayOutputStream expected = new ByteArrayOutputStream();
        synchronized (order) {
            written.forEach(expected::writeBytes);
        }
        try (WalStream s = client.stream(tenant, tl, START)) {
            assertArrayEquals(expected.toByteArray(), WalServiceTest.readAll(s, end));
        }
        sink.close();
    }
}
