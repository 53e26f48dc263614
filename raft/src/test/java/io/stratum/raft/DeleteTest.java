package io.stratum.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import io.stratum.wal.WalSink;
import io.stratum.wal.WalStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Deleting a timeline or a tenant removes its WAL and Raft-group state from every WAL node, for good. */
@Timeout(180)
class DeleteTest {
    static final long START = 0x1000000L;

    private static boolean anyPathNamed(final Path root, final String name) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            // a timeline's WAL directory is named after it and the index of its CREATE entry: ID.INDEX
            return s.anyMatch(p -> p.getFileName().toString().equals(name)
                || p.getFileName().toString().startsWith(name + "."));
        }
    }

    /** The commit LSN node {@code node} has applied for the timeline, or -1 when it does not host it. */
    private static long appliedTo(final WalClient c, final int node, final TenantId tenant, final TimelineId tl) {
        for (final NodeStatus s : c.status()) {
            if (s.peer().id() == node) {
                for (final NodeStatus.Group g : s.groups()) {
                    if (g.tenant().equals(tenant)) {
                        return g.timelines().stream().filter(t -> t.timeline().equals(tl))
                            .mapToLong(NodeStatus.Timeline::commitLsn).max().orElse(-1);
                    }
                }
            }
        }
        return -1;
    }

    private static boolean hostsTimeline(final WalClient c, final int node, final TenantId tenant, final TimelineId tl) {
        for (final NodeStatus s : c.status()) {
            if (s.peer().id() == node) {
                for (final NodeStatus.Group g : s.groups()) {
                    if (g.tenant().equals(tenant)) {
                        return g.timelines().stream().anyMatch(t -> t.timeline().equals(tl));
                    }
                }
            }
        }
        return false;
    }

    private static boolean hostsTenant(final WalClient c, final TenantId tenant) {
        return c.status().stream().anyMatch(s -> s.groups().stream().anyMatch(g -> g.tenant().equals(tenant)));
    }

    @Test
    void deletedTimelinesAndTenantsLeaveNothingOnTheNodes() throws Exception {
        try (TestCluster cluster = TestCluster.start(3)) {
            final WalClient client = cluster.client();
            final TenantId tenant = TenantId.random();
            final TimelineId gone = TimelineId.random();
            final TimelineId kept = TimelineId.random();
            client.createTenant(tenant);
            client.createTimeline(tenant, gone, START);
            client.createTimeline(tenant, kept, START);
            final WalSink goneSink = client.acquireWriter(tenant, gone);
            final WalSink keptSink = client.acquireWriter(tenant, kept);
            for (int i = 0; i < 100; i++) { // past a snapshot (every 64 entries): the copies are on disk
                WalServiceTest.append(goneSink, Records.record(i, 500));
                WalServiceTest.append(keptSink, Records.record(i, 500));
            }
            for (int n = 1; n <= 3; n++) {
                final int node = n;
                TestCluster.await(Duration.ofSeconds(30), () -> hostsTimeline(client, node, tenant, gone));
            }
            assertTrue(anyPathNamed(cluster.root, gone.toString()), "the WAL copies exist before");

            client.deleteTimeline(tenant, gone);
            client.deleteTimeline(tenant, gone); // idempotent
            for (int n = 1; n <= 3; n++) {
                final int node = n;
                TestCluster.await(Duration.ofSeconds(30), () -> !hostsTimeline(client, node, tenant, gone));
            }
            assertFalse(anyPathNamed(cluster.root, gone.toString()), "no node keeps the deleted timeline's WAL");
            final byte[] rec = Records.record(100, 500);
            final CompletionException refused = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
                () -> goneSink.append(goneSink.endLsn(), new UnsafeBuffer(rec), 0, rec.length).join());
            assertEquals(ErrorCode.NOT_FOUND, ((StratumException) refused.getCause()).code());
            WalServiceTest.append(keptSink, Records.record(100, 500)); // the other timeline is untouched
            try (WalStream s = client.stream(tenant, kept, START)) {
                assertEquals(101, Records.seqs(WalServiceTest.readAll(s, keptSink.endLsn())).size());
            }

            // a restarted node replays its Raft log, the delete included: the timeline stays gone
            cluster.kill(2);
            cluster.startNode(2);
            // caught up: it has applied the last append, which came after the delete (a restarted replica
            // restores its snapshot first and applies the rest once the leader tells it the commit index)
            final long keptEnd = keptSink.endLsn();
            TestCluster.await(Duration.ofSeconds(60), () -> appliedTo(client, 2, tenant, kept) >= keptEnd);
            assertFalse(hostsTimeline(client, 2, tenant, gone));
            assertFalse(anyPathNamed(cluster.root, gone.toString()));

            final String group = io.stratum.raft.statemachine.WalStateMachine.groupOf(tenant).getUuid().toString();
            assertTrue(anyPathNamed(cluster.root, group), "the group's directory exists before");
            client.deleteTenant(tenant);
            TestCluster.await(Duration.ofSeconds(30), () -> !hostsTenant(client, tenant));
            assertFalse(anyPathNamed(cluster.root, group), "no node keeps the tenant's Raft group directory");
            cluster.kill(3);
            cluster.startNode(3);
            TestCluster.await(Duration.ofSeconds(30), () -> client.status().stream()
                .filter(s -> s.peer().id() == 3).allMatch(NodeStatus::reachable));
            assertFalse(hostsTenant(client, tenant), "a restarted node does not bring the group back");
            client.deleteTenant(tenant); // idempotent
            final List<NodeStatus> st = client.status();
            assertEquals(3, st.size());
        }
    }
}
