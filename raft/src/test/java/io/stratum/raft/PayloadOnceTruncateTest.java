package io.stratum.raft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.raft.statemachine.WalStateMachine;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import io.stratum.wal.WalSink;
import io.stratum.wal.WalStream;
import io.stratum.wal.codec.WalRecordEncoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.retry.RetryPolicies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The payload written once, Ratis's {@code truncate}: a leader cut off from its peers takes appends it cannot
 * commit (their records go into its WAL copy when Ratis writes the entries); the other two elect a new leader
 * and commit other appends at the same LSNs; when the old leader joins again Ratis cuts its uncommitted entries
 * ({@code WalStateMachine.truncate}, which cuts the WAL copy back), and every node serves exactly the
 * committed WAL.
 */
@Timeout(150)
class PayloadOnceTruncateTest {
    private static final long START = 0x1000000L;
    /** In every uncommitted record's payload, so their bytes can be found in a WAL copy's files. */
    private static final byte[] TAG = "UNCOMMITTED-WAL!".getBytes(StandardCharsets.US_ASCII);

    @Test
    void aCutOffLeadersUncommittedAppendsVanishWhenItRejoins() throws Exception {
        final TestCluster cluster = new TestCluster(3);
        cluster.payloadOnce = true;
        cluster.inlineAppendBytes = 0;
        try (cluster; Partition partition = new Partition()) {
            cluster.startAll();
            final WalClient client = cluster.client();
            final TestCluster.Writer w = TestCluster.newTimeline(client, START);
            final TenantId tenant = w.tenant();
            final TimelineId tl = w.timeline();
            final WalSink sink = w.sink();
            final ByteArrayOutputStream committed = new ByteArrayOutputStream();
            byte[] last = null;
            for (int i = 0; i < 10; i++) {
                last = Records.record(i, 500);
                WalServiceTest.append(sink, last);
                committed.writeBytes(last);
            }
            final long cutAt = sink.endLsn();
            final int old = cluster.leader(client, tenant);
            MembershipTest.awaitCaughtUp(client, old, tenant, sink, null);
            final long epoch = ((RaftWalSink) sink).epoch();

            // appends sent to the old leader alone, once (no retry: a retry would find the new leader and could
            // commit them there); the connection is opened first with an identical retry of the last record,
            // which the leader answers at once (DUPLICATE) without a log entry
            final WalClient lone = cluster.client(List.of(cluster.peers.get(old - 1)), Duration.ofSeconds(5));
            try (RaftClient via = lone.newRaftClient(WalStateMachine.groupOf(tenant),
                    RaftSettings.peers(List.of(cluster.peers.get(old - 1))), RetryPolicies.noRetry())) {
                assertEquals(cutAt, lone.append(via, tenant, tl, epoch, cutAt - last.length, new UnsafeBuffer(last),
                    0, last.length).join(), "the old leader answers the writer's retry");

                // one append of three records: a Netty server handles a connection's requests one after the
                // other, so a second append on it would wait behind the first, which never commits
                partition.isolate(old);
                final ByteArrayOutputStream tagged = new ByteArrayOutputStream();
                for (int i = 0; i < 3; i++) {
                    tagged.writeBytes(tagged(100 + i, 3000));
                }
                final byte[] recs = tagged.toByteArray();
                final CompletableFuture<Long> uncommitted = lone.append(via, tenant, tl, epoch, cutAt,
                    new UnsafeBuffer(recs), 0, recs.length);
                final long uncommittedEnd = cutAt + recs.length;
                final Path oldWal = walDir(cluster, old, tenant);
                // the old leader took them: Ratis wrote the entries, and with them the records into its WAL copy
                TestCluster.await(Duration.ofSeconds(10), () -> {
                    final NodeStatus.Timeline t = FailoverTest.timelineOn(lone, old, tenant);
                    return t != null && t.flushLsn() == uncommittedEnd;
                });
                assertTrue(holdsTag(oldWal), "the old leader's WAL copy holds the uncommitted records");

                // the other two elect a new leader; the old one steps down, and its appends fail
                TestCluster.await(Duration.ofSeconds(20), () -> !role(cluster, old, tenant).equals("LEADER")
                    && leaderOtherThan(cluster, old, tenant) > 0);
                assertThrows(CompletionException.class, uncommitted::join, "the cut-off leader cannot commit it");

                // the same writer commits other appends at the same LSNs through the new leader
                for (int i = 10; i < 15; i++) {
                    final byte[] rec = Records.record(i, 500);
                    WalServiceTest.append(sink, rec);
                    committed.writeBytes(rec);
                }
                final long end = sink.endLsn();
                assertTrue(end < uncommittedEnd, "the uncommitted records reach past the committed end");
                final NodeStatus.Timeline cutOff = FailoverTest.timelineOn(lone, old, tenant);
                assertEquals(cutAt, cutOff.commitLsn(), "the old leader committed nothing of it");
                assertEquals(uncommittedEnd, cutOff.flushLsn(), "the old leader's copy still ends where it wrote");
                assertTrue(holdsTag(oldWal), "and still holds the uncommitted records before it rejoins");

                // it rejoins: Ratis truncates its uncommitted entries (our truncate) and sends it the new ones
                partition.heal();
                TestCluster.await(Duration.ofSeconds(30), () -> {
                    final NodeStatus.Timeline t = FailoverTest.timelineOn(lone, old, tenant);
                    return t != null && t.commitLsn() == end && t.flushLsn() == end;
                });
                assertNull(failure(cluster, old, tenant), "the old leader serves the group");
                assertFalse(holdsTag(oldWal), "the uncommitted records vanished from the old leader's WAL copy");
                for (int n = 1; n <= 3; n++) {
                    MembershipTest.awaitCaughtUp(client, n, tenant, sink, null);
                    assertArrayEquals(committed.toByteArray(), served(cluster, n, tenant, tl, end),
                        "node " + n + " serves exactly the committed WAL");
                }
            }
        }
    }

    /** A record whose payload is the sequence number, then {@link #TAG} over and over. */
    private static byte[] tagged(final long seq, final int payloadLength) {
        final byte[] payload = new byte[payloadLength];
        ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN).putLong(seq);
        for (int i = 8; i < payload.length; i++) {
            payload[i] = TAG[(i - 8) % TAG.length];
        }
        final UnsafeBuffer buf = new UnsafeBuffer(new byte[payload.length + 64]);
        final int len = new WalRecordEncoder().wrap(buf, 0, buf.capacity()).begin(1, 0, seq)
            .payload(payload, 0, payload.length).finish();
        final byte[] out = new byte[len];
        buf.getBytes(0, out);
        return out;
    }

    /** Whether any file of the WAL copy holds {@link #TAG}. */
    private static boolean holdsTag(final Path walDir) {
        try (Stream<Path> s = Files.walk(walDir)) {
            for (final Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
                if (indexOf(Files.readAllBytes(p), TAG) >= 0) {
                    return true;
                }
            }
            return false;
        } catch (final IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int indexOf(final byte[] hay, final byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The directory of a node's WAL copies of the tenant's group. */
    static Path walDir(final TestCluster c, final int node, final TenantId tenant) {
        return c.root.resolve("node" + node).resolve(WalStateMachine.groupOf(tenant).getUuid().toString())
            .resolve("wal");
    }

    /** The committed WAL from START to {@code end}, read through a stream from {@code node} alone. */
    static byte[] served(final TestCluster cluster, final int node, final TenantId tenant, final TimelineId tl,
                         final long end) {
        try (WalClient only = cluster.client(List.of(cluster.peers.get(node - 1)), Duration.ofSeconds(5));
             WalStream s = only.stream(tenant, tl, START)) {
            return WalServiceTest.readAll(s, end);
        }
    }

    static String role(final TestCluster cluster, final int node, final TenantId tenant) {
        for (final WalNode.GroupStats g : cluster.nodes.get(node - 1).groupStats()) {
            if (g.tenant().equals(tenant)) {
                return g.role();
            }
        }
        return "NONE";
    }

    static String failure(final TestCluster cluster, final int node, final TenantId tenant) {
        for (final WalNode.GroupStats g : cluster.nodes.get(node - 1).groupStats()) {
            if (g.tenant().equals(tenant)) {
                return g.failure();
            }
        }
        return null;
    }

    /** The node other than {@code not} that leads the tenant's group, or -1. */
    private static int leaderOtherThan(final TestCluster cluster, final int not, final TenantId tenant) {
        for (int n = 1; n <= cluster.nodes.size(); n++) {
            if (n != not && cluster.nodes.get(n - 1) != null && role(cluster, n, tenant).equals("LEADER")) {
                return n;
            }
        }
        return -1;
    }
}
