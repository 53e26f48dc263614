package io.stratum.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import io.stratum.wal.WalSink;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What a WAL node reports for its /metrics: appends applied, commit latency, log syncs, roles, terms, lag. */
@Timeout(120)
class WalNodeStatsTest {
    @Test
    void nodesCountWhatTheyApplyAndTheLeaderItsCommitsAndFollowers() throws Exception {
        try (TestCluster cluster = TestCluster.start(3)) {
            final WalClient client = cluster.client();
            final TenantId tenant = TenantId.random();
            final TimelineId tl = TimelineId.random();
            client.createTenant(tenant);
            client.createTimeline(tenant, tl, 0x1000000L);
            final int leader = cluster.leader(client, tenant);
            final WalSink sink = client.acquireWriter(tenant, tl);
            int bytes = 0;
            for (int i = 0; i < 30; i++) {
                final byte[] r = Records.record(i, 200);
                WalServiceTest.append(sink, r);
                bytes += r.length;
            }
            final int expected = bytes;
            TestCluster.await(Duration.ofSeconds(30), () -> cluster.nodes.stream()
                .allMatch(n -> n.stats().appendedBytes() == expected));
            for (final WalNode n : cluster.nodes) {
                assertEquals(30, n.stats().appendedEntries(), "node " + n.id());
                assertTrue(n.stats().logSyncs() > 0, "node " + n.id() + " synced its Raft log");
                assertTrue(n.stats().logSyncSeconds() > 0);
            }
            final WalNodeStats ls = cluster.nodes.get(leader - 1).stats();
            final long commits = Arrays.stream(ls.commitCounts()).sum();
            assertTrue(commits >= 30, "the leader timed every append it led: " + commits);
            assertTrue(ls.commitSeconds() > 0);
            assertEquals(WalNodeStats.commitBounds().length + 1, ls.commitCounts().length);

            final WalNode.GroupStats lg = only(cluster.nodes.get(leader - 1), tenant);
            assertEquals("LEADER", lg.role());
            assertTrue(lg.term() >= 1 && lg.lastIndex() >= 30, lg.toString());
            assertNull(lg.failure());
            final Set<Integer> others = leader == 1 ? Set.of(2, 3) : leader == 2 ? Set.of(1, 3) : Set.of(1, 2);
            TestCluster.await(Duration.ofSeconds(30), () -> {
                final Map<Integer, Long> lag = only(cluster.nodes.get(leader - 1), tenant).followerLag();
                return lag.keySet().equals(others) && lag.values().stream().allMatch(v -> v == 0);
            });
            for (final int f : others) {
                final WalNode.GroupStats g = only(cluster.nodes.get(f - 1), tenant);
                assertEquals("FOLLOWER", g.role());
                assertEquals(lg.term(), g.term());
                assertTrue(g.followerLag().isEmpty());
            }
        }
    }

    private static WalNode.GroupStats only(final WalNode node, final TenantId tenant) {
        return node.groupStats().stream().filter(g -> g.tenant().equals(tenant)).findFirst().orElseThrow();
    }
}
