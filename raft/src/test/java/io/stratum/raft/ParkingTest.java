package io.stratum.raft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import io.stratum.wal.WalStream;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.CompletionException;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An append that reaches the log ahead of the timeline's end (a writer's requests on several lanes, in any
 * order) is parked by the state machine and lands when the gap before it is filled; the appends are sent
 * here out of order on purpose, through the client's raw append, so the order in the log is the test's.
 */
class ParkingTest {
    static final long START = 0x2000000L;
    private static TestCluster cluster;
    private static WalClient client;
    private static TenantId tenant;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestCluster.start(3);
        client = cluster.client();
        tenant = TenantId.random();
        client.createTenant(tenant);
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static long append(final long epoch, final TimelineId tl, final long start, final byte[] rec) {
        return client.append(tenant, tl, epoch, start, new UnsafeBuffer(rec), 0, rec.length).join();
    }

    private static byte[] concat(final byte[]... parts) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (final byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] read(final TimelineId tl, final long until) {
        try (WalStream s = client.stream(tenant, tl, START)) {
            return WalServiceTest.readAll(s, until);
        }
    }

    private static long[] parkedPerNode() {
        final long[] n = new long[cluster.nodes.size()];
        for (int i = 0; i < n.length; i++) {
            n[i] = cluster.nodes.get(i).stats().appendsParked();
        }
        return n;
    }

    private static ErrorCode refusal(final Runnable r) {
        final CompletionException e = assertThrows(CompletionException.class, r::run);
        return ((StratumException) e.getCause()).code();
    }

    @Test
    void appendsAheadOfTheEndWaitAndLandInLsnOrderWhenTheGapFills() {
        final TimelineId tl = TimelineId.random();
        client.createTimeline(tenant, tl, START);
        final long epoch = ((RaftWalSink) client.acquireWriter(tenant, tl)).epoch();
        final byte[] a = Records.record(1, 300);
        final byte[] b = Records.record(2, 500);
        final byte[] c = Records.record(3, 700);
        final long[] before = parkedPerNode();
        // c, then b, arrive before a: each is answered with the end so far (START): parked, not stored
        assertEquals(START, append(epoch, tl, START + a.length + b.length, c));
        assertEquals(START, append(epoch, tl, START + a.length, b));
        // a fills the gap: b and c land behind it, and a's reply carries the end after all three
        final long end = append(epoch, tl, START, a);
        assertEquals(START + a.length + b.length + c.length, end);
        assertArrayEquals(concat(a, b, c), read(tl, end));
        for (int i = 0; i < before.length; i++) { // parking is replicated state: every node parked the same two
            final int n = i;
            TestCluster.await(java.time.Duration.ofSeconds(10), () -> parkedPerNode()[n] - before[n] == 2);
        }
        // a retry of a parked append that has landed since is a duplicate of committed WAL
        assertEquals(START + a.length + b.length, append(epoch, tl, START + a.length, b));
    }

    @Test
    void aNewWriterDropsTheOldWritersParkedAppends() {
        final TimelineId tl = TimelineId.random();
        client.createTimeline(tenant, tl, START);
        final long old = ((RaftWalSink) client.acquireWriter(tenant, tl)).epoch();
        final byte[] a = Records.record(1, 300);
        final byte[] b = Records.record(2, 500);
        assertEquals(START, append(old, tl, START + a.length, b));
        final long epoch = ((RaftWalSink) client.acquireWriter(tenant, tl)).epoch();
        assertEquals(ErrorCode.FENCED, refusal(() -> append(old, tl, START, a)));
        // the new writer's own append at the same place lands alone: b, parked under the old epoch, is gone
        final byte[] n = Records.record(9, 300);
        final long end = append(epoch, tl, START, n);
        assertEquals(START + n.length, end);
        final byte[] next = Records.record(10, 100);
        assertEquals(end + next.length, append(epoch, tl, end, next));
        assertArrayEquals(concat(n, next), read(tl, end + next.length));
    }

    @Test
    void aTimelineParksABoundedNumberOfAppends() {
        final TimelineId tl = TimelineId.random();
        client.createTimeline(tenant, tl, START);
        final long epoch = ((RaftWalSink) client.acquireWriter(tenant, tl)).epoch();
        final byte[] r = Records.record(1, 100);
        for (int i = 1; i <= 16; i++) { // Appends.MAX_PARKED
            assertEquals(START, append(epoch, tl, START + (long) i * r.length, r));
        }
        assertEquals(ErrorCode.CONFLICT, refusal(() -> append(epoch, tl, START + 17L * r.length, r)));
        // a retry of one that waits already is answered as parked again, not counted twice
        assertEquals(START, append(epoch, tl, START + 3L * r.length, r));
        assertEquals(START + 17L * r.length, append(epoch, tl, START, r));
    }

    @Test
    void aParkedAppendSurvivesARestartOfEveryNode() {
        final TimelineId tl = TimelineId.random();
        client.createTimeline(tenant, tl, START);
        final long epoch = ((RaftWalSink) client.acquireWriter(tenant, tl)).epoch();
        final byte[] a = Records.record(1, 300);
        final byte[] b = Records.record(2, 500);
        assertEquals(START, append(epoch, tl, START + a.length, b));
        for (int id = 1; id <= 3; id++) {
            cluster.kill(id);
        }
        for (int id = 1; id <= 3; id++) {
            cluster.startNode(id);
        }
        // the replay of the Raft log parks b again (no snapshot was written past it), so a lets it land
        final long end = append(epoch, tl, START, a);
        assertEquals(START + a.length + b.length, end);
        assertArrayEquals(concat(a, b), read(tl, end));
    }
}
