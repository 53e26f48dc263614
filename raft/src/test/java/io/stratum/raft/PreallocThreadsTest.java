package io.stratum.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import io.stratum.wal.WalSink;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Written once, every timeline's WAL copy preallocates its next segment. Branches are cheap, so a node may hold
 * many copies: they share the node's two preparation threads instead of starting one each, and closing the node
 * stops them.
 */
@Timeout(120)
class PreallocThreadsTest {
    static final long START = 0x1000000L;

    @Test
    void theCopiesOfManyTimelinesShareTwoPreallocationThreadsPerNode() throws Exception {
        final List<Thread> before = prealloc();
        try (TestCluster cluster = new TestCluster(3)) {
            cluster.payloadOnce = true;
            // every append written once: its copy is written out (a segment created) at once
            cluster.inlineAppendBytes = 0;
            cluster.startAll();
            final WalClient client = cluster.client();
            final TenantId tenant = TenantId.random();
            client.createTenant(tenant);
            final List<WalSink> sinks = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                final TimelineId tl = TimelineId.random();
                client.createTimeline(tenant, tl, START);
                sinks.add(client.acquireWriter(tenant, tl));
            }
            for (int i = 0; i < sinks.size(); i++) {
                // each copy's first segment: the next is prepared
                WalServiceTest.append(sinks.get(i), Records.record(i, 300));
            }
            for (final WalSink s : sinks) {
                for (int n = 1; n <= 3; n++) {
                    MembershipTest.awaitCaughtUp(client, n, tenant, s, null);
                }
            }
            final List<Thread> running = prealloc();
            running.removeAll(before);
            assertTrue(!running.isEmpty(), "the copies preallocate");
            assertTrue(running.size() <= 3 * 2, "at most two preallocation threads per node for 12 timelines' copies: "
                + running.stream().map(Thread::getName).toList());
            sinks.forEach(WalSink::close);
        }
        final List<Thread> left = prealloc();
        left.removeAll(before);
        for (final Thread t : left) {
            t.join(10_000); // ends on its own once its pool is shut down
        }
        left.removeIf(t -> !t.isAlive());
        assertEquals(List.of(), left.stream().map(Thread::getName).toList(), "preallocation threads left running");
    }

    private static List<Thread> prealloc() {
        final List<Thread> out = new ArrayList<>();
        for (final Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("stratum-wal-prealloc")) {
                out.add(t);
            }
        }
        return out;
    }
}
