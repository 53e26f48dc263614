package io.stratum.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.wal.StratumException;
import io.stratum.wal.WalLog;
import io.stratum.wal.codec.WalRecord;
import io.stratum.wal.WalSink;
import io.stratum.wal.WalStream;
import io.stratum.wal.io.FaultInjectingFileIo;
import io.stratum.wal.io.FileIo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * With the payload written once, a follower whose WAL copy fails its fsync acknowledges nothing more: Ratis
 * keeps the entries whose writes failed in its log cache and, without the fail-stop closing the Raft log, answered
 * the leader's resend of them with SUCCESS, so the leader and the failed node alone committed WAL that only the
 * leader held.
 */
@Timeout(180)
class PayloadOnceFailStopTest {
    static final long START = 0x1000000L;

    @Test
    void aFollowerWhoseCopyFailsAcknowledgesNothingMore() throws Exception {
        try (TestCluster cluster = new TestCluster(3)) {
            final Faulty f = Faulty.start(cluster);
            for (int i = 0; i < 20; i++) {
                WalServiceTest.append(f.w.sink(), Records.record(i, 300));
            }
            final WalClient impatient = cluster.client(cluster.peers, Duration.ofSeconds(6));
            final WalSink sink = impatient.acquireWriter(f.w.tenant(), f.w.timeline());
            final long before = sink.endLsn();
            MembershipTest.awaitCaughtUp(f.client, f.bad, f.w.tenant(), sink, null);
            MembershipTest.awaitCaughtUp(f.client, f.other, f.w.tenant(), sink, null);

            // only the leader and the follower whose copy is about to fail are up: nothing can commit
            cluster.kill(f.other);
            f.disks[f.bad].failNextForces(1);
            final Exception e = assertThrows(Exception.class,
                () -> WalServiceTest.append(sink, Records.record(20, 300)));
            final Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            assertTrue(cause instanceof StratumException, "the append failed: " + cause);
            assertEquals(0, f.disks[f.bad].pendingForceFailures(), "the injected fsync failure fired");
            final String why = FailStopTest.failure(f.client, f.bad, f.w.tenant());
            assertTrue(why != null && why.contains("WAL copy failed"),
                "node " + f.bad + " says why it stopped: " + why);
            final NodeStatus.Timeline onLeader = FailoverTest.timelineOn(f.client, f.leader, f.w.tenant());
            assertEquals(before, onLeader.commitLsn(), "nothing committed on the leader and the failed node alone");

            // the third node back: the group commits again (the in-doubt append with it)
            cluster.startNode(f.other);
            final WalSink again = f.client.acquireWriter(f.w.tenant(), f.w.timeline());
            for (int i = 21; i < 30; i++) {
                WalServiceTest.append(again, Records.record(i, 300));
            }
            final long end = again.endLsn();

            // the failed node, restarted on a healthy disk, serves exactly what the others serve
            cluster.kill(f.bad);
            cluster.fileIo.remove(f.bad);
            cluster.startNode(f.bad);
            TestCluster.await(Duration.ofSeconds(60), () -> {
                final NodeStatus.Timeline t = FailoverTest.timelineOn(f.client, f.bad, f.w.tenant());
                return t != null && t.commitLsn() >= end && FailStopTest.failure(f.client, f.bad, f.w.tenant()) == null;
            });
            final List<Long> expected = seqsOn(cluster, f.other, f.w, end);
            assertEquals(expected, seqsOn(cluster, f.bad, f.w, end));
            assertEquals(List.of(0L, 1L, 2L), expected.subList(0, 3));
            assertEquals(29L, (long) expected.get(expected.size() - 1));
        }
    }

    /**
     * A follower whose copy failed an fsync, and then lost the writes that fsync was for (a crash: the kernel had
     * dropped them), holds in its Raft log an entry whose records none of its files holds; it never acknowledged
     * that entry. Restarted, it cuts its Raft log there, the leader sends the entries again, and its copy is rebuilt
     * from that peer. Without the cut it stopped serving the group again when it applied that entry.
     */
    @Test
    void aCopyThatLostAnEntrysRecordsIsRebuiltFromThePeers() throws Exception {
        try (TestCluster cluster = new TestCluster(3)) {
            final Faulty f = Faulty.start(cluster);
            for (int i = 0; i < 20; i++) {
                WalServiceTest.append(f.w.sink(), Records.record(i, 300));
            }
            final long before = f.w.sink().endLsn();
            MembershipTest.awaitCaughtUp(f.client, f.bad, f.w.tenant(), f.w.sink(), null);
            MembershipTest.awaitCaughtUp(f.client, f.other, f.w.tenant(), f.w.sink(), null);

            // the copy's fsync of the next append fails on one follower; the other two commit it and more
            f.disks[f.bad].failNextForces(1);
            WalServiceTest.append(f.w.sink(), Records.record(20, 300));
            TestCluster.await(Duration.ofSeconds(30),
                () -> FailStopTest.failure(f.client, f.bad, f.w.tenant()) != null);
            assertEquals(0, f.disks[f.bad].pendingForceFailures(), "the injected fsync failure fired");
            for (int i = 21; i < 30; i++) {
                WalServiceTest.append(f.w.sink(), Records.record(i, 300));
            }
            final long end = f.w.sink().endLsn();

            cluster.kill(f.bad);
            f.disks[f.bad].crashLosingEveryUnsyncedWrite();
            assertTrue(f.disks[f.bad].counts().writesDropped() + f.disks[f.bad].counts().writesTorn() > 0,
                "the crash lost writes: " + f.disks[f.bad].counts());
            try (WalLog copy = WalLog.openReadOnly(copyDir(cluster, f.bad), FileIo.real(),
                WalRecord.DEFAULT_MAX_RECORD_LENGTH)) {
                assertEquals(before, copy.endLsn(), "the copy lost the records of append 20");
            }

            final List<Long> expected = restartAndCompare(cluster, f, end);
            assertEquals(30, expected.size());
        }
    }

    /**
     * A fault while a follower creates a segment of its copy, inside Ratis's {@code write} and before the records
     * reach a file: Ratis writes the entry to its log anyway (it does not wait for {@code write} in this mode), so
     * the node's Raft log holds an entry whose records it never had. Restarted on a healthy disk, it cuts that entry
     * and is sent it again. Without the cut it stopped again when it applied it.
     */
    @Test
    void aFaultWhileASegmentIsCreatedIsRepairedByTheRestart() throws Exception {
        try (TestCluster cluster = new TestCluster(3)) {
            final Faulty f = Faulty.start(cluster);
            int seq = 0;
            for (; seq < 3; seq++) {
                WalServiceTest.append(f.w.sink(), Records.record(seq, 8 << 10));
            }
            MembershipTest.awaitCaughtUp(f.client, f.bad, f.w.tenant(), f.w.sink(), null);

            // every segment the follower creates from now on fails to open (the test's segments are 64 KiB)
            f.disks[f.bad].failOpens(p -> p.getFileName().toString().endsWith(".seg.tmp"));
            while (FailStopTest.failure(f.client, f.bad, f.w.tenant()) == null) {
                assertTrue(seq < 40, "no segment creation failed in 37 appends of 8 KiB");
                WalServiceTest.append(f.w.sink(), Records.record(seq++, 8 << 10));
            }
            final String why = FailStopTest.failure(f.client, f.bad, f.w.tenant());
            assertTrue(why.contains("WAL copy failed"), why);
            for (final int stop = seq + 5; seq < stop; seq++) {
                WalServiceTest.append(f.w.sink(), Records.record(seq, 8 << 10));
            }
            final long end = f.w.sink().endLsn();

            cluster.kill(f.bad);
            final List<Long> expected = restartAndCompare(cluster, f, end);
            assertEquals(seq, expected.size());
        }
    }

    /**
     * Three nodes writing once (every append, none inline), each on a fault-injecting disk ({@code disks[id]}, not
     * failing yet), a timeline and its writer; {@code bad} is a follower, {@code other} the third node.
     */
    private record Faulty(FaultInjectingFileIo[] disks, WalClient client, TestCluster.Writer w, int leader, int bad,
                          int other) {
        static Faulty start(final TestCluster cluster) {
            final FaultInjectingFileIo[] disks = new FaultInjectingFileIo[4];
            cluster.payloadOnce = true;
            cluster.inlineAppendBytes = 0;
            for (int i = 1; i <= 3; i++) {
                disks[i] = new FaultInjectingFileIo(FileIo.real());
                cluster.fileIo.put(i, disks[i]);
                cluster.startNode(i);
            }
            final WalClient client = cluster.client();
            final TestCluster.Writer w = TestCluster.newTimeline(client, START);
            final int leader = cluster.leader(client, w.tenant());
            final int bad = leader == 3 ? 2 : 3;
            return new Faulty(disks, client, w, leader, bad, 6 - leader - bad);
        }
    }

    /**
     * Restarts the failed follower (stopped) on a healthy disk and waits until it serves up to {@code end}: it
     * cut its Raft log, serves the group and the same records as the third node. Returns those records' seqs.
     */
    private static List<Long> restartAndCompare(final TestCluster cluster, final Faulty f, final long end) {
        cluster.fileIo.remove(f.bad);
        cluster.startNode(f.bad);
        TestCluster.await(Duration.ofSeconds(60), () -> {
            final NodeStatus.Timeline t = FailoverTest.timelineOn(f.client, f.bad, f.w.tenant());
            return t != null && t.commitLsn() >= end;
        });
        assertEquals(null, FailStopTest.failure(f.client, f.bad, f.w.tenant()), "node " + f.bad + " serves the group");
        assertTrue(cluster.nodes.get(f.bad - 1).stats().tailCutEntries() >= 1, "the restart cut the Raft log");
        final List<Long> expected = seqsOn(cluster, f.other, f.w, end);
        assertEquals(expected, seqsOn(cluster, f.bad, f.w, end));
        return expected;
    }

    /** The one timeline copy of a node (the test's only tenant and timeline). */
    private static Path copyDir(final TestCluster cluster, final int node) throws Exception {
        try (Stream<Path> s = Files.walk(cluster.root.resolve("node" + node))) {
            final List<Path> dirs = s.filter(p -> Files.isDirectory(p) && p.getParent() != null
                && p.getParent().getFileName().toString().equals("wal")).toList();
            assertEquals(1, dirs.size(), "one WAL copy on node " + node + ": " + dirs);
            return dirs.get(0);
        }
    }

    private static List<Long> seqsOn(final TestCluster cluster, final int node, final TestCluster.Writer w,
                                     final long end) {
        try (WalClient only = cluster.client(List.of(cluster.peers.get(node - 1)), Duration.ofSeconds(5));
             WalStream s = only.stream(w.tenant(), w.timeline(), START)) {
            return Records.seqs(WalServiceTest.readAll(s, end));
        }
    }
}
