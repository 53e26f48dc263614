package io.stratum.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import io.stratum.wal.WalSink;
import io.stratum.wal.WalStream;
import io.stratum.wal.io.FaultInjectingFileIo;
import io.stratum.wal.io.FileIo;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A WAL node whose WAL copy fails an fsync stops serving the group and says why; the others carry on;
 * restarted on a healthy disk it replays what it missed from its Raft log and serves all of it.
 */
@Timeout(180)
class FailStopTest {
    static final long START = 0x1000000L;

    @Test
    void aNodeWhoseCopyFailsStopsServingAndRecoversOnRestart() throws Exception {
        final FaultInjectingFileIo[] disks = new FaultInjectingFileIo[4];
        try (TestCluster cluster = startOnFaultyDisks(disks)) {
            final WalClient client = cluster.client();
            final TenantId tenant = TenantId.random();
            final TimelineId tl = TimelineId.random();
            client.createTenant(tenant);
            client.createTimeline(tenant, tl, START);
            // the failing node is a follower (a failing leader: see the next test)
            final int leader = cluster.leader(client, tenant);
            final int bad = leader == 3 ? 2 : 3;
            final FaultInjectingFileIo faulty = disks[bad];
            final WalSink sink = client.acquireWriter(tenant, tl);
            for (int i = 0; i < 20; i++) {
                WalServiceTest.append(sink, Records.record(i, 300));
            }
            final long before = sink.endLsn();
            MembershipTest.awaitCaughtUp(client, bad, tenant, sink, null);

            // the next sync of the follower's copy fails (of a segment's data, so that the test is the same in both
            // modes; a failure while a segment file is created: PayloadOnceFailStopTest)
            faulty.failNextForces(1, FailStopTest::segmentData);
            final int next = provokeSync(cluster, client, sink, tenant, tl, before);
            TestCluster.await(Duration.ofSeconds(30), () -> failure(client, bad, tenant) != null);
            assertTrue(failure(client, bad, tenant).contains("WAL copy failed"), failure(client, bad, tenant));
            assertEquals(0, faulty.pendingForceFailures(), "the injected fsync failure fired");

            // writes go on with the two healthy nodes; the failed one serves nothing
            for (int i = next; i < 40; i++) {
                WalServiceTest.append(sink, Records.record(i, 300));
            }
            final long end = sink.endLsn();
            try (WalClient only = cluster.client(List.of(cluster.peers.get(bad - 1)), Duration.ofSeconds(5));
                 WalStream s = only.stream(tenant, tl, before)) {
                final StratumException e = assertThrows(StratumException.class,
                    () -> s.poll((lsn, b, off, len) -> { }, 2_000_000_000L));
                assertEquals(ErrorCode.FAILED, e.code(), e.getMessage());
            }

            // restarted on a healthy disk, it replays from its Raft log and serves everything again
            cluster.kill(bad);
            cluster.fileIo.remove(bad);
            cluster.startNode(bad);
            try {
                TestCluster.await(Duration.ofSeconds(60), () -> {
                    final NodeStatus.Timeline t = FailoverTest.timelineOn(client, bad, tenant);
                    return t != null && t.commitLsn() >= end && failure(client, bad, tenant) == null;
                });
            } catch (final StratumException e) {
                throw new AssertionError("restarted node " + bad + " did not serve up to " + end + ": "
                    + client.status(), e);
            }
            try (WalClient only = cluster.client(List.of(cluster.peers.get(bad - 1)), Duration.ofSeconds(5));
                 WalStream s = only.stream(tenant, tl, before)) {
                final List<Long> seqs = Records.seqs(WalServiceTest.readAll(s, end));
                assertEquals(20, seqs.size());
                for (int i = 0; i < 20; i++) {
                    assertEquals(20L + i, seqs.get(i));
                }
            }
        }
    }

    @Test
    void aLeaderWhoseCopyFailsHandsOverItsLeadershipAndWritesGoOn() throws Exception {
        final FaultInjectingFileIo[] disks = new FaultInjectingFileIo[4];
        try (TestCluster cluster = startOnFaultyDisks(disks)) {
            final WalClient client = cluster.client();
            final TenantId tenant = TenantId.random();
            final TimelineId tl = TimelineId.random();
            client.createTenant(tenant);
            client.createTimeline(tenant, tl, START);
            final int bad = cluster.leader(client, tenant);
            final WalSink sink = client.acquireWriter(tenant, tl);
            for (int i = 0; i < 20; i++) {
                WalServiceTest.append(sink, Records.record(i, 300));
            }
            final long before = sink.endLsn();

            // the leader's next sync of its copy fails
            disks[bad].failNextForces(1, FailStopTest::segmentData);
            int next = 20;
            try {
                next = provokeSync(cluster, client, sink, tenant, tl, before);
            } catch (final StratumException e) {
                assertEquals(ErrorCode.FAILED, e.code(), e.getMessage()); // answered by the failing leader
                assertTrue(!cluster.payloadOnce, "the append was retried through a healthy leader: " + e);
            }
            TestCluster.await(Duration.ofSeconds(30), () -> failure(client, bad, tenant) != null);
            assertEquals(0, disks[bad].pendingForceFailures(), "the injected fsync failure fired");
            final int first = cluster.leader(client, tenant);
            TestCluster.await(Duration.ofSeconds(30), () -> cluster.leader(client, tenant) != bad);
            assertTrue(cluster.leader(client, tenant) != bad, "leader still " + first);

            // the same writer goes on through the new leader; a healthy node serves all of it
            for (int i = next; i < 40; i++) {
                WalServiceTest.append(sink, Records.record(i, 300));
            }
            final long end = sink.endLsn();
            final int healthy = cluster.leader(client, tenant);
            try (WalClient only = cluster.client(List.of(cluster.peers.get(healthy - 1)), Duration.ofSeconds(5));
                 WalStream s = only.stream(tenant, tl, before)) { // below it: deleted after the persisted report
                final List<Long> seqs = Records.seqs(WalServiceTest.readAll(s, end));
                assertEquals(20, seqs.size());
                for (int i = 0; i < 20; i++) {
                    assertEquals(20L + i, seqs.get(i));
                }
            }
            assertTrue(failure(client, bad, tenant).contains("WAL copy failed"), failure(client, bad, tenant));
        }
    }

    /**
     * Makes a node sync its WAL copy: with the payload written once, the next append (record 20, larger than
     * {@code inlineAppendBytes}; the sync comes beside Ratis's of its log); otherwise a persisted report (the sync
     * before deleting WAL below it). Returns the seq of the next record to append.
     */
    private static int provokeSync(final TestCluster cluster, final WalClient client, final WalSink sink,
                                   final TenantId tenant, final TimelineId tl, final long persisted) {
        if (cluster.payloadOnce) { // large enough to be written once (an inline one is synced with the Raft log)
            WalServiceTest.append(sink, Records.record(20, Math.max(300, cluster.inlineAppendBytes + 1)));
            return 21;
        }
        client.reportPersisted(tenant, tl, persisted);
        return 20;
    }

    /** Three nodes, each on a fault-injecting disk ({@code disks[id]}, not failing yet). */
    private static TestCluster startOnFaultyDisks(final FaultInjectingFileIo[] disks) throws Exception {
        final TestCluster cluster = new TestCluster(3);
        for (int i = 1; i <= 3; i++) {
            disks[i] = new FaultInjectingFileIo(FileIo.real());
            cluster.fileIo.put(i, disks[i]);
            cluster.startNode(i);
        }
        return cluster;
    }

    /**
     * A follower configured with a smaller maxAppendBytes than the leader's meets a committed append it would
     * refuse: it stops serving the group and says why, instead of refusing it alone and diverging silently.
     */
    @Test
    void aNodeWithSmallerLimitsThanTheGroupStopsInsteadOfDiverging() throws Exception {
        try (TestCluster cluster = TestCluster.start(3)) {
            final WalClient client = cluster.client();
            final TenantId tenant = TenantId.random();
            final TimelineId tl = TimelineId.random();
            client.createTenant(tenant);
            client.createTimeline(tenant, tl, START);
            final int leader = cluster.leader(client, tenant);
            final int small = leader == 3 ? 2 : 3;
            final WalSink sink = client.acquireWriter(tenant, tl);
            WalServiceTest.append(sink, Records.record(1, 300));
            MembershipTest.awaitCaughtUp(client, small, tenant, sink, null);
            cluster.kill(small);
            cluster.maxAppendBytes.put(small, 64 << 10);
            cluster.startNode(small);
            // within the leader's limit (1 MiB), above the restarted follower's (64 KiB)
            WalServiceTest.append(sink, Records.record(2, 100 << 10));
            TestCluster.await(Duration.ofSeconds(30), () -> failure(client, small, tenant) != null);
            final String why = failure(client, small, tenant);
            assertTrue(why.contains("give every WAL node of a group the same limits"), why);
            // the other two go on
            final long end = WalServiceTest.append(sink, Records.record(3, 300));
            assertEquals(end, sink.endLsn());
        }
    }

    /** A WAL segment file that holds records (not one being created: {@code .seg.tmp}). */
    static boolean segmentData(final java.nio.file.Path p) {
        return p.getFileName().toString().endsWith(".seg");
    }

    static String failure(final WalClient client, final int node, final TenantId tenant) {
        for (final NodeStatus s : client.status()) {
            if (s.peer().id() == node) {
                for (final NodeStatus.Group g : s.groups()) {
                    if (g.tenant().equals(tenant)) {
                        return g.failure();
                    }
                }
            }
        }
        return null;
    }
}
