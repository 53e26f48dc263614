package io.stratum.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.raft.protocol.Protocol;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import io.stratum.wal.WalSink;
import io.stratum.wal.WalStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * Long-polling stream reads are served by the nodes' stream endpoint, each on its own connection: a read
 * parked on an idle timeline delays no other timeline's stream, and no request through Ratis is parked (Ratis's
 * Netty server would hold an event-loop thread, and every connection on it, for the whole wait).
 */
class WalStreamIsolationTest {
    private static final long START = 0x100;

    @Test
    void aReadParkedOnAnIdleTimelineDelaysNoOtherTimelinesStream() throws Exception {
        final ExecutorService pollers = Executors.newCachedThreadPool();
        try (TestCluster c = TestCluster.start(3)) {
            final WalClient writer = c.client();
            // every stream reads from node 1, so that all their reads meet on one node
            final WalClient reader = c.client(WalClientConfig.builder(List.of(c.peers.get(0)))
                .pollWait(Duration.ofSeconds(10)).requestTimeout(Duration.ofSeconds(15)).build());
            final TenantId tenant = TenantId.random();
            writer.createTenant(tenant);
            final TimelineId active = TimelineId.random();
            writer.createTimeline(tenant, active, START);
            awaitKnown(reader, c.peers.get(0), tenant, active);
            final int idle = 4;
            final AtomicInteger idleReturned = new AtomicInteger();
            final List<Future<?>> idlePolls = new ArrayList<>();
            final List<WalStream> streams = new ArrayList<>();
            for (int i = 0; i < idle; i++) {
                final TimelineId t = TimelineId.random();
                writer.createTimeline(tenant, t, START);
                awaitKnown(reader, c.peers.get(0), tenant, t);
                final WalStream s = reader.stream(tenant, t, START);
                streams.add(s);
                idlePolls.add(pollers.submit(() -> {
                    s.poll((lsn, b, o, l) -> { }, TimeUnit.SECONDS.toNanos(10));
                    idleReturned.incrementAndGet();
                    return null;
                }));
            }
            final WalNode node1 = c.nodes.get(0);
            TestCluster.await(Duration.ofSeconds(10), () -> node1.stats().parkedReads() == idle);

            final WalSink sink = writer.acquireWriter(tenant, active);
            final byte[] rec = Records.record(1, 100);
            final long end = sink.append(START, new UnsafeBuffer(rec), 0, rec.length).get(10, TimeUnit.SECONDS);
            final WalStream s = reader.stream(tenant, active, START);
            streams.add(s);
            final int n = s.poll((lsn, b, o, l) -> { }, TimeUnit.SECONDS.toNanos(10));

            assertEquals(end - START, n, "the active timeline's stream got its WAL");
            assertEquals(0, idleReturned.get(),
                "the active stream was answered while every idle read was still parked, not after them");
            assertEquals(idle, node1.stats().parkedReads(), "the idle reads are still parked");
            for (final WalStream x : streams) {
                x.close(); // closes their connections: the node answers the parked reads into closed sockets
            }
            sink.close();
        } finally {
            pollers.shutdownNow();
            assertTrue(pollers.awaitTermination(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void aReadThroughRaftIsAnsweredAtOnceNotParked() throws Exception {
        try (TestCluster c = TestCluster.start(3)) {
            // a request timeout well under the read's wait: a parked read would fail it with TIMEOUT
            final WalClient client = c.client(WalClientConfig.builder(c.peers)
                .pollWait(Duration.ofMillis(100)).requestTimeout(Duration.ofSeconds(2)).build());
            final TenantId tenant = TenantId.random();
            client.createTenant(tenant);
            final TimelineId t = TimelineId.random();
            client.createTimeline(tenant, t, START);
            awaitKnown(client, c.peers.get(0), tenant, t);
            final ByteBuffer reply = client.query(tenant, c.peers.get(0), read(tenant, t, 10_000));

            assertEquals(Protocol.READ_REPLY_HEADER, reply.remaining(), "no WAL, and no wait for any");
            assertEquals(0, c.nodes.get(0).stats().parkedReads());
        }
    }

    /** A READ request from START: up to 1 MiB, waiting up to {@code waitMillis} for WAL. */
    private static byte[] read(final TenantId tenant, final TimelineId t, final int waitMillis) {
        final ByteBuffer b = Protocol.request(Protocol.READ, tenant, t, Protocol.READ_LENGTH);
        b.putLong(START).putInt(1 << 20).putInt(waitMillis);
        return b.array();
    }

    /** Waits until {@code node} has applied the timeline's creation (a follower may not have yet). */
    private static void awaitKnown(final WalClient client, final WalPeer node, final TenantId tenant,
                                   final TimelineId t) {
        TestCluster.await(Duration.ofSeconds(10), () -> {
            try {
                client.query(tenant, node, read(tenant, t, 0));
                return true;
            } catch (final StratumException e) {
                // NOT_FOUND: not applied there yet; a stale read refused: that node has not learned the group's
                // commit index yet (a follower just after the group was created)
                if (e.code() != ErrorCode.NOT_FOUND
                    && !(e.code() == ErrorCode.UNAVAILABLE && String.valueOf(e.getMessage()).contains("StaleRead"))) {
                    throw e;
                }
                return false;
            }
        });
    }
}
