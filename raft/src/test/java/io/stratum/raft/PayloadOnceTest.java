package io.stratum.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import io.stratum.wal.WalSink;
import io.stratum.wal.WalStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The payload written once ({@code payloadOnce}): an append's records reach each node's WAL copy through Ratis's
 * state-machine data path and stay out of its Raft log, every node serves them, also after restarts (the
 * entries above the snapshot are read back from the Raft log, their records found in the copy).
 */
class PayloadOnceTest {
    private static final long START = 0x1000000L;

    /**
     * Non-zero bytes of a node's files of one group, inside or outside its WAL copies ({@code wal/}): Ratis
     * preallocates its log segments with zeros, so file lengths would say nothing.
     */
    private static long bytes(final Path groupDir, final boolean wal) throws IOException {
        try (Stream<Path> s = Files.walk(groupDir)) {
            long n = 0;
            for (final Path p : (Iterable<Path>) s.filter(Files::isRegularFile)
                .filter(f -> groupDir.relativize(f).startsWith("wal") == wal)::iterator) {
                for (final byte b : Files.readAllBytes(p)) {
                    if (b != 0) {
                        n++;
                    }
                }
            }
            return n;
        }
    }

    private static Path groupDir(final TestCluster c, final int node, final TenantId tenant) {
        return c.root.resolve("node" + node)
            .resolve(io.stratum.raft.statemachine.WalStateMachine.groupOf(tenant).getUuid().toString());
    }

    private static void assertServes(final TestCluster cluster, final int node, final TenantId tenant,
                                     final TimelineId tl, final long end, final int records) throws Exception {
        try (WalClient only = cluster.client(List.of(cluster.peers.get(node - 1)), java.time.Duration.ofSeconds(5));
             WalStream s = only.stream(tenant, tl, START)) {
            final List<Long> seqs = Records.seqs(WalServiceTest.readAll(s, end));
            assertEquals(records, seqs.size(), "node " + node + " serves every record");
            for (int i = 0; i < records; i++) {
                assertEquals(i, seqs.get(i), "node " + node + " record " + i);
            }
        }
    }

    /** Appends {@code n} 2,000-byte records; returns the raft-log-to-WAL byte ratio on node 1. */
    private static double writeAndMeasure(final boolean once, final int inline) throws Exception {
        final TestCluster cluster = new TestCluster(3);
        cluster.payloadOnce = once;
        cluster.inlineAppendBytes = inline;
        try (cluster) {
            cluster.startAll();
            final WalClient client = cluster.client();
            final TestCluster.Writer w = TestCluster.newTimeline(client, START);
            final TenantId tenant = w.tenant();
            final TimelineId tl = w.timeline();
            final WalSink sink = w.sink();
            for (int i = 0; i < 150; i++) {
                WalServiceTest.append(sink, Records.record(i, 2000));
            }
            for (int n = 1; n <= 3; n++) {
                MembershipTest.awaitCaughtUp(client, n, tenant, sink, null);
                assertServes(cluster, n, tenant, tl, sink.endLsn(), 150);
            }
            final long wal = bytes(groupDir(cluster, 1, tenant), true);
            final long raft = bytes(groupDir(cluster, 1, tenant), false);
            assertTrue(wal >= 150 * 1000, "the WAL copy holds every record: " + wal);
            return (double) raft / wal;
        }
    }

    @Test
    void theRecordsAreWrittenOnceIntoTheWalCopyAndKeptOutOfTheRaftLog() throws Exception {
        final double twice = writeAndMeasure(false, 0);
        final double once = writeAndMeasure(true, 0);
        assertTrue(twice > 0.9, "written twice, the Raft log holds the records too: " + twice);
        assertTrue(once < 0.2, "written once, the Raft log holds headers only: " + once);
        final double inline = writeAndMeasure(true, 4096);
        assertTrue(inline > 0.9, "appends up to inlineAppendBytes keep their records in the Raft log: " + inline);
    }

    /**
     * Written once, the Raft log rolls its segments by what its files hold (headers), not by the payload that went
     * to the WAL copies: 24 MiB of appends, three 8 MiB segments' worth of payload, leave every node with its first
     * segment still open, or with two if an election changed the term (a new term rolls the segment). Counted as
     * payload (Ratis's log cache holding the entries with their data), the log rolled a new, preallocated segment
     * per 8 MiB of WAL: three closed and one open here.
     */
    @Test
    void theRaftLogRollsByWhatItsFilesHoldNotByThePayload() throws Exception {
        final TestCluster cluster = new TestCluster(3);
        cluster.payloadOnce = true;
        cluster.inlineAppendBytes = 0;
        try (cluster) {
            cluster.startAll();
            final WalClient client = cluster.client();
            final TestCluster.Writer w = TestCluster.newTimeline(client, START);
            final int appends = 48; // of 512 KiB: 24 MiB, below the 64 entries of a snapshot (and a purge)
            for (int i = 0; i < appends; i++) {
                WalServiceTest.append(w.sink(), Records.record(i, 512 << 10));
            }
            for (int n = 1; n <= 3; n++) {
                MembershipTest.awaitCaughtUp(client, n, w.tenant(), w.sink(), null);
                assertServes(cluster, n, w.tenant(), w.timeline(), w.sink().endLsn(), appends);
                try (Stream<Path> s = Files.list(groupDir(cluster, n, w.tenant()).resolve("current"))) {
                    final List<String> segments = s.map(p -> p.getFileName().toString())
                        .filter(f -> f.startsWith("log_")).sorted().toList();
                    assertTrue(segments.size() <= 2, "node " + n + "'s Raft log segments: " + segments);
                }
            }
        }
    }

    @Test
    void restartedNodesRebuildFromTheirRaftLogAndServeEverything() throws Exception {
        restartAndServe(0, i -> 500);
    }

    /**
     * Small appends keep their records in the Raft log (inline) and large ones are written once, interleaved in one
     * timeline: every node serves the same records after a follower's catch-up and a whole-cluster restart.
     */
    @Test
    void inlineAndWrittenOnceAppendsInterleave() throws Exception {
        restartAndServe(1000, i -> i % 3 == 0 ? 2000 : 500);
    }

    private static void restartAndServe(final int inline, final java.util.function.IntUnaryOperator size)
        throws Exception {
        final TestCluster cluster = new TestCluster(3);
        cluster.payloadOnce = true;
        cluster.inlineAppendBytes = inline;
        try (cluster) {
            cluster.startAll();
            final WalClient client = cluster.client();
            final TestCluster.Writer w = TestCluster.newTimeline(client, START);
            final TenantId tenant = w.tenant();
            final TimelineId tl = w.timeline();
            final WalSink sink = w.sink();
            for (int i = 0; i < 100; i++) { // past a snapshot (every 64 entries): the replay starts above it
                WalServiceTest.append(sink, Records.record(i, size.applyAsInt(i)));
            }
            final int leader = cluster.leader(client, tenant);
            final int follower = leader == 1 ? 2 : 1;
            cluster.kill(follower);
            for (int i = 100; i < 200; i++) { // the stopped follower misses these
                WalServiceTest.append(sink, Records.record(i, size.applyAsInt(i)));
            }
            cluster.startNode(follower);
            MembershipTest.awaitCaughtUp(client, follower, tenant, sink, null);
            assertServes(cluster, follower, tenant, tl, sink.endLsn(), 200);

            // every node restarted at once: each rebuilds its tentative state from its Raft log
            for (int i = 1; i <= 3; i++) {
                cluster.kill(i);
            }
            for (int i = 1; i <= 3; i++) {
                cluster.startNode(i);
            }
            final WalClient again = cluster.client();
            final WalSink next = again.acquireWriter(tenant, tl);
            assertEquals(sink.endLsn(), next.endLsn(), "nothing acknowledged was lost");
            for (int i = 200; i < 220; i++) {
                WalServiceTest.append(next, Records.record(i, size.applyAsInt(i)));
            }
            for (int n = 1; n <= 3; n++) {
                MembershipTest.awaitCaughtUp(again, n, tenant, next, null);
                assertServes(cluster, n, tenant, tl, next.endLsn(), 220);
            }
            again.close();
        }
    }
}
