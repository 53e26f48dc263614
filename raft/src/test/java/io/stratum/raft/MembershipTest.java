package io.stratum.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import io.stratum.wal.WalSink;
import io.stratum.wal.WalStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Adding, removing and replacing nodes while a writer keeps appending. */
@Timeout(240)
class MembershipTest {
    static final long START = 0x1000000L;

    @Test
    void addRemoveAndReplaceWithoutStoppingWrites() throws Exception {
        try (TestCluster cluster = TestCluster.start(3)) {
            final WalClient client = cluster.client();
            final TenantId tenant = TenantId.random();
            final TimelineId tl = TimelineId.random();
            client.createTenant(tenant);
            client.createTimeline(tenant, tl, START);
            final WalSink sink = client.acquireWriter(tenant, tl);
            final AtomicBoolean stop = new AtomicBoolean();
            final AtomicLong seq = new AtomicLong();
            final CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                while (!stop.get()) {
                    appendRetrying(sink, Records.record(seq.get(), 800));
                    seq.incrementAndGet();
                }
            });
            TestCluster.await(Duration.ofSeconds(30), () -> seq.get() > 150);
            // let retention purge the Raft log below a snapshot, so the new node must install one
            final long persisted = sink.endLsn();
            client.reportPersisted(tenant, tl, persisted);
            final long seqAtPersisted = seq.get();
            TestCluster.await(Duration.ofSeconds(30), () -> seq.get() > seqAtPersisted + 150);

            final WalPeer four = cluster.newPeer();
            cluster.startNode(4);
            client.addNode(four);
            awaitCaughtUp(client, 4, tenant, sink, seq);

            client.removeNode(1);
            cluster.kill(1);
            final long afterRemove = seq.get();
            TestCluster.await(Duration.ofSeconds(90), () -> seq.get() > afterRemove + 20);

            cluster.kill(2);
            final WalPeer five = cluster.newPeer();
            cluster.startNode(5);
            client.replaceNode(2, five);
            awaitCaughtUp(client, 5, tenant, sink, seq);
            assertEquals(List.of(3, 4, 5), client.peers().stream().map(WalPeer::id).sorted().toList());

            stop.set(true);
            writer.get();
            assertFalse(writer.isCompletedExceptionally());
            final long end = sink.endLsn();
            // the new nodes serve every record from the persisted LSN on
            for (final int id : List.of(4, 5)) {
                try (WalClient only = cluster.client(List.of(cluster.peers.get(id - 1)), Duration.ofSeconds(5));
                     WalStream s = only.stream(tenant, tl, persisted)) {
                    final List<Long> seqs = Records.seqs(WalServiceTest.readAll(s, end));
                    // every record from the persisted LSN on. The writer bumps seq only after its append
                    // returned, so when seq was read as k the persisted end was that of record k - 1 or k:
                    // the stream starts at record k + 1 at the latest (the waits above guarantee 170 after
                    // it, whatever the speed)
                    assertTrue(seqs.get(0) <= seqAtPersisted + 1 && seqs.size() > 170,
                        "records " + seqs.size() + " from seq " + seqs.get(0) + ", persisted at " + seqAtPersisted);
                    for (int i = 1; i < seqs.size(); i++) {
                        assertEquals(seqs.get(i - 1) + 1, seqs.get(i));
                    }
                    assertEquals(seq.get() - 1, seqs.get(seqs.size() - 1));
                }
            }
        }
    }

    @Test
    void aClientFollowsMembershipChangesMadeThroughAnother() throws Exception {
        try (TestCluster cluster = TestCluster.start(3);
             WalClient compute = WalClient.connect(WalClientConfig.builder(List.copyOf(cluster.peers))
                 .appendTimeout(Duration.ofSeconds(20)).memberRefresh(Duration.ofMillis(200)).build())) {
            final WalClient admin = cluster.client(); // as `stratum wal members` would, from another process
            final TenantId tenant = TenantId.random();
            final TimelineId tl = TimelineId.random();
            admin.createTenant(tenant);
            admin.createTimeline(tenant, tl, START);
            final WalSink first = compute.acquireWriter(tenant, tl);
            WalServiceTest.append(first, Records.record(0, 100));

            final WalPeer four = cluster.newPeer();
            cluster.startNode(4);
            admin.addNode(four);
            admin.removeNode(1);
            cluster.kill(1);
            TestCluster.await(Duration.ofSeconds(30), () -> compute.peers().stream().map(WalPeer::id).sorted().toList()
                .equals(List.of(2, 3, 4)));
            assertEquals(List.of(2, 3, 4), compute.peers().stream().map(WalPeer::id).sorted().toList());

            // what the compute does next goes to the current members: a new writer, its appends, a status
            final WalSink next = compute.acquireWriter(tenant, tl);
            WalServiceTest.append(next, Records.record(1, 100));
            assertEquals(List.of(2, 3, 4), compute.status().stream().map(st -> st.peer().id()).sorted().toList());
            assertFalse(compute.refreshMembers(), "nothing changed since");
        }
    }

    /**
     * Appends as a compute does while the membership changes: an append that fails UNAVAILABLE or TIMEOUT
     * (its node was just removed, the leader moved) is retried with the same bytes at the same LSN; the
     * service commits it once whether or not the failed attempt had committed.
     */
    static void appendRetrying(final WalSink sink, final byte[] rec) {
        final long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            try {
                WalServiceTest.append(sink, rec);
                return;
            } catch (final java.util.concurrent.CompletionException e) {
                final boolean transient_ = e.getCause() instanceof io.stratum.wal.StratumException se
                    && (se.code() == io.stratum.wal.ErrorCode.UNAVAILABLE || se.code() == io.stratum.wal.ErrorCode.TIMEOUT);
                if (!transient_ || System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(50);
                } catch (final InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    static void awaitCaughtUp(final WalClient client, final int node, final TenantId tenant, final WalSink sink,
                              final AtomicLong seq) {
        final long target = sink.endLsn();
        TestCluster.await(Duration.ofSeconds(90), () -> {
            final NodeStatus.Timeline t = FailoverTest.timelineOn(client, node, tenant);
            return t != null && t.commitLsn() >= target;
        });
    }
}
