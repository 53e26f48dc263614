package io.stratum.raft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.raft.statemachine.WalStateMachine;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import io.stratum.wal.WalSink;
import io.stratum.wal.io.FileIo;
import io.stratum.wal.io.IoFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.util.TimeDuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The payload written once, Ratis's {@code read}: a follower that was down while the leader's Raft log cache let
 * go of the entries it missed (their records are not in the Raft log's files) catches up through
 * {@code WalStateMachine.read}, which answers each entry's records from the leader's WAL copy, and then serves
 * the whole WAL.
 */
@Timeout(150)
class PayloadOnceReadTest {
    private static final long START = 0x1000000L;
    /** Closed Raft log segments wanted: more than Ratis's {@code segment.cache.num.max} (6). */
    private static final int SEGMENTS = 8;

    @Test
    void aFollowerLaggingPastTheLeadersLogCacheCatchesUpFromItsWalCopy() throws Exception {
        final TestCluster cluster = new TestCluster(3);
        cluster.payloadOnce = true;
        cluster.inlineAppendBytes = 0;
        final CountingFileIo[] disks = new CountingFileIo[4];
        for (int i = 1; i <= 3; i++) {
            disks[i] = new CountingFileIo(FileIo.real());
            cluster.fileIo.put(i, disks[i]);
        }
        try (cluster) {
            cluster.startAll();
            final WalClient client = cluster.client();
            final TestCluster.Writer w = TestCluster.newTimeline(client, START);
            final TenantId tenant = w.tenant();
            final TimelineId tl = w.timeline();
            final WalSink sink = w.sink();
            final ByteArrayOutputStream all = new ByteArrayOutputStream();
            int seq = 0;
            for (; seq < 20; seq++) {
                all.writeBytes(append(sink, seq));
            }
            final int leader = cluster.leader(client, tenant);
            final int lagging = leader == 1 ? 2 : 1;
            final int other = 6 - leader - lagging;
            MembershipTest.awaitCaughtUp(client, lagging, tenant, sink, null);
            cluster.kill(lagging);

            // missed in this term: they lie in the oldest segment the others' caches let go of
            long missedFirst = 0;
            for (final int stop = seq + 10; seq < stop; seq++) {
                final byte[] rec = append(sink, seq);
                all.writeBytes(rec);
                missedFirst += rec.length;
            }
            // every new term rolls each node's open Raft log segment; with more than segment.cache.num.max closed
            // segments cached, Ratis evicts the cache (entries with their state-machine data) of the segments
            // below the applied index, on the leader too, since the next index it knows for the lagging follower
            // is where a new leader starts it (its own log end). Terms come from leadership transfers; one that
            // another election overtakes (DIFFERENT_LEADER) still makes a new term.
            try (RaftClient admin = client.newRaftClient(WalStateMachine.groupOf(tenant),
                    RaftSettings.peers(List.of(cluster.peers.get(leader - 1), cluster.peers.get(other - 1))),
                    RetryPolicies.retryUpToMaximumCountWithFixedSleep(100, TimeDuration.valueOf(100,
                        TimeUnit.MILLISECONDS)))) {
                for (int round = 0; closedSegments(cluster, leader, tenant) <= SEGMENTS
                        || closedSegments(cluster, other, tenant) <= SEGMENTS; round++) {
                    assertTrue(round < 4 * SEGMENTS, "Raft log segments closed: " + closedSegments(cluster, leader,
                        tenant) + " and " + closedSegments(cluster, other, tenant) + " after " + round + " rounds");
                    final int next = cluster.leader(client, tenant) == leader ? other : leader;
                    try {
                        admin.admin().transferLeadership(RaftSettings.peerId(next), 10_000);
                    } catch (final IOException e) {
                        // overtaken by an election: a new term all the same
                    }
                    for (final int stop = seq + 10; seq < stop; seq++) {
                        all.writeBytes(append(sink, seq));
                    }
                }
            }
            final long end = sink.endLsn();
            final long readBefore = disks[leader].walBytesRead() + disks[other].walBytesRead();

            cluster.startNode(lagging);
            TestCluster.await(Duration.ofSeconds(60), () -> {
                if (PayloadOnceTruncateTest.failure(cluster, lagging, tenant) != null) {
                    return true;
                }
                final NodeStatus.Timeline t = FailoverTest.timelineOn(client, lagging, tenant);
                return t != null && t.commitLsn() >= end;
            });
            assertNull(PayloadOnceTruncateTest.failure(cluster, lagging, tenant), "the lagging follower serves");
            final long read = disks[leader].walBytesRead() + disks[other].walBytesRead() - readBefore;
            assertTrue(read >= missedFirst, "the entries the cache let go of were answered from the leader's WAL "
                + "copy (read): " + read + " bytes read from it, " + missedFirst + " missed in the first term alone");
            for (int n = 1; n <= 3; n++) {
                MembershipTest.awaitCaughtUp(client, n, tenant, sink, null);
                assertArrayEquals(all.toByteArray(), PayloadOnceTruncateTest.served(cluster, n, tenant, tl, end),
                    "node " + n + " serves the whole WAL");
            }
        }
    }

    /** The closed Raft log segment files ({@code log_START-END}) of a node's group. */
    private static long closedSegments(final TestCluster cluster, final int node, final TenantId tenant) {
        final Path current = cluster.root.resolve("node" + node)
            .resolve(WalStateMachine.groupOf(tenant).getUuid().toString()).resolve("current");
        try (Stream<Path> s = Files.list(current)) {
            return s.filter(p -> p.getFileName().toString().matches("log_\\d+-\\d+")).count();
        } catch (final IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] append(final WalSink sink, final int seq) {
        final byte[] rec = Records.record(seq, 1000);
        WalServiceTest.append(sink, rec);
        return rec;
    }

    /** The real file system, counting the bytes read from WAL copies' segment files ({@code wal/DIR/FILE}). */
    static final class CountingFileIo extends io.stratum.wal.io.ForwardingFileIo {
        private final AtomicLong walBytesRead = new AtomicLong();

        CountingFileIo(final FileIo delegate) {
            super(delegate);
        }

        long walBytesRead() {
            return walBytesRead.get();
        }

        private IoFile counted(final Path path, final IoFile f) {
            final Path dir = path.getParent();
            if (dir == null || dir.getParent() == null || !dir.getParent().getFileName().toString().equals("wal")) {
                return f;
            }
            return new IoFile() {
                @Override
                public void write(final ByteBuffer src, final long position) throws IOException {
                    f.write(src, position);
                }

                @Override
                public int read(final ByteBuffer dst, final long position) throws IOException {
                    final int n = f.read(dst, position);
                    if (n > 0) {
                        walBytesRead.addAndGet(n);
                    }
                    return n;
                }

                @Override
                public void force() throws IOException {
                    f.force();
                }

                @Override
                public long size() throws IOException {
                    return f.size();
                }

                @Override
                public ByteBuffer mapReadOnly(final long position, final long length) throws IOException {
                    return null; // reads, counted
                }

                @Override
                public void truncate(final long size) throws IOException {
                    f.truncate(size);
                }

                @Override
                public void close() throws IOException {
                    f.close();
                }
            };
        }

        @Override
        public IoFile open(final Path path, final boolean create) throws IOException {
            return counted(path, delegate.open(path, create));
        }

        @Override
        public IoFile openReadOnly(final Path path) throws IOException {
            return counted(path, delegate.openReadOnly(path));
        }
    }
}
