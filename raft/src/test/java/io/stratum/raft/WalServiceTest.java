package io.stratum.raft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.raft.protocol.Protocol;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import io.stratum.wal.WalSink;
import io.stratum.wal.WalStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Three nodes on loopback: commits, streaming, fencing, retries and bad input. One cluster for the class. */
@Timeout(120)
class WalServiceTest {
    static final long START = 0x1000000L;
    static TestCluster cluster;
    static WalClient client;

    @BeforeAll
    static void up() throws Exception {
        cluster = TestCluster.start(3);
        client = cluster.client();
    }

    @AfterAll
    static void down() throws Exception {
        cluster.close();
    }

    static TimelineId newTimeline(final TenantId tenant) {
        final TimelineId tl = TimelineId.random();
        client.createTimeline(tenant, tl, START);
        return tl;
    }

    static TenantId newTenant() {
        final TenantId t = TenantId.random();
        client.createTenant(t);
        return t;
    }

    static long append(final WalSink sink, final byte[] rec) {
        return sink.append(sink.endLsn(), new UnsafeBuffer(rec), 0, rec.length).join();
    }

    static byte[] readAll(final WalStream s, final long until) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (s.position() < until && System.nanoTime() < deadline) {
            s.poll((lsn, b, off, len) -> {
                final byte[] chunk = new byte[len];
                b.getBytes(off, chunk);
                out.writeBytes(chunk);
            }, 1_000_000_000L);
        }
        return out.toByteArray();
    }

    @Test
    void appendsCommitAndStreamInOrder() {
        final TenantId tenant = newTenant();
        final TimelineId tl = newTimeline(tenant);
        final WalSink sink = client.acquireWriter(tenant, tl);
        assertEquals(START, sink.endLsn());
        final ByteArrayOutputStream expected = new ByteArrayOutputStream();
        final List<CompletableFuture<Long>> acks = new ArrayList<>();
        long at = START;
        for (int i = 0; i < 60; i++) {
            final byte[] rec = Records.record(i, 100 + i * 37);
            expected.writeBytes(rec);
            acks.add(sink.append(at, new UnsafeBuffer(rec), 0, rec.length)); // pipelined
            at += rec.length;
        }
        for (final CompletableFuture<Long> f : acks) {
            f.join();
        }
        assertEquals(at, acks.get(acks.size() - 1).join());
        try (WalStream s = client.stream(tenant, tl, START)) {
            assertArrayEquals(expected.toByteArray(), readAll(s, at));
        }
        final long end = at;
        TestCluster.await(Duration.ofSeconds(30), () -> client.status().stream().allMatch(n -> n.reachable()
            && n.groups().stream().anyMatch(g -> g.tenant().equals(tenant)) && n.groups().stream()
            .filter(g -> g.tenant().equals(tenant))
            .allMatch(g -> g.timelines().get(0).commitLsn() == end)));
    }

    @Test
    void pipelinedAppendsAreCoalescedIntoFewerEntries() {
        final TenantId tenant = newTenant();
        final TimelineId tl = newTimeline(tenant);
        final WalSink sink = client.acquireWriter(tenant, tl);
        final long indexBefore = commitIndex(tenant);
        final List<CompletableFuture<Long>> acks = new ArrayList<>();
        final List<Long> ends = new ArrayList<>();
        long at = START;
        for (int i = 0; i < 300; i++) {
            final byte[] rec = Records.record(i, 100);
            acks.add(sink.append(at, new UnsafeBuffer(rec), 0, rec.length));
            at += rec.length;
            ends.add(at);
        }
        for (int i = 0; i < acks.size(); i++) {
            assertEquals(ends.get(i), acks.get(i).join(), "each append completes with its own end LSN");
        }
        final long entries = commitIndex(tenant) - indexBefore;
        assertTrue(entries < 300, "300 pipelined appends took " + entries + " Raft entries");
        try (WalStream s = client.stream(tenant, tl, START)) {
            final List<Long> seqs = Records.seqs(readAll(s, at));
            assertEquals(300, seqs.size());
            for (int i = 0; i < 300; i++) {
                assertEquals(i, seqs.get(i));
            }
        }
    }

    static long commitIndex(final TenantId tenant) {
        long max = 0;
        for (final NodeStatus n : client.status()) {
            for (final NodeStatus.Group g : n.groups()) {
                if (g.tenant().equals(tenant)) {
                    max = Math.max(max, g.commitIndex());
                }
            }
        }
        return max;
    }

    @Test
    void streamTailsLiveAppends() throws Exception {
        final TenantId tenant = newTenant();
        final TimelineId tl = newTimeline(tenant);
        final WalSink sink = client.acquireWriter(tenant, tl);
        try (WalStream s = client.stream(tenant, tl, START)) {
            // earlier tests' closed streams leave reads parked until their wait (1 s) ends
            TestCluster.await(Duration.ofSeconds(10), () -> parkedReads() == 0);
            final CompletableFuture<byte[]> got = CompletableFuture.supplyAsync(() -> readAll(s, START + 3 * 220));
            // the appends come while the stream's read is parked on a node, waiting for them
            TestCluster.await(Duration.ofSeconds(10), () -> parkedReads() == 1);
            for (int i = 0; i < 3; i++) {
                append(sink, Records.record(i, 200));
            }
            assertEquals(List.of(0L, 1L, 2L), Records.seqs(got.get()));
        }
    }

    private static long parkedReads() {
        long n = 0;
        for (final WalNode node : cluster.nodes) {
            n += node == null ? 0 : node.stats().parkedReads();
        }
        return n;
    }

    @Test
    void fencedWriterIsRefused() {
        final TenantId tenant = newTenant();
        final TimelineId tl = newTimeline(tenant);
        final WalSink first = client.acquireWriter(tenant, tl);
        append(first, Records.record(1, 50));
        final WalSink second = client.acquireWriter(tenant, tl);
        assertEquals(first.endLsn(), second.endLsn());
        final byte[] rec = Records.record(2, 50);
        final StratumException e = refusal(() -> first.append(first.endLsn(), new UnsafeBuffer(rec), 0, rec.length));
        assertEquals(ErrorCode.FENCED, e.code(), e.getMessage());
        append(second, rec);
    }

    /**
     * The nodes keep no Ratis retry cache, so a retried ACQUIRE can become a second log entry: it must not
     * move the epoch again (that would fence the writer the first one made, which got its reply).
     */
    @Test
    void aRepeatedAcquireEntryDoesNotFenceTheWriterTheFirstMade() {
        final TenantId tenant = newTenant();
        final TimelineId tl = newTimeline(tenant);
        final WalSink first = client.acquireWriter(tenant, tl);
        append(first, Records.record(1, 50));
        final long epoch = ((RaftWalSink) first).epoch();
        final ByteBuffer req = Protocol.request(Protocol.ACQUIRE, tenant, tl, Protocol.ACQUIRE_LENGTH);
        req.putLong(epoch);
        final ByteBuffer won = client.write(tenant, req.array()).join();
        final ByteBuffer retried = client.write(tenant, req.array()).join();
        assertEquals(1, won.get(won.position() + 17), "the first entry acquires");
        assertEquals(epoch + 1, won.getLong(won.position() + 9));
        assertEquals(0, retried.get(retried.position() + 17), "the same request again acquires nothing");
        assertEquals(epoch + 1, retried.getLong(retried.position() + 9), "and leaves the epoch where it was");
        final byte[] rec = Records.record(2, 50);
        assertEquals(ErrorCode.FENCED,
            refusal(() -> first.append(first.endLsn(), new UnsafeBuffer(rec), 0, rec.length)).code());
        // a writer acquiring now starts from the epoch the reply named: one more, and it can append
        final WalSink next = client.acquireWriter(tenant, tl);
        assertEquals(epoch + 2, ((RaftWalSink) next).epoch());
        append(next, rec);
    }

    @Test
    void retriedAppendIsNotDuplicated() {
        final TenantId tenant = newTenant();
        final TimelineId tl = newTimeline(tenant);
        final WalSink sink = client.acquireWriter(tenant, tl);
        final byte[] a = Records.record(1, 300);
        final long end = append(sink, a);
        final long again = sink.append(START, new UnsafeBuffer(a), 0, a.length).join();
        assertEquals(end, again);
        final byte[] other = Records.record(9, 300);
        final StratumException e = refusal(() -> sink.append(START, new UnsafeBuffer(other), 0, other.length));
        assertEquals(ErrorCode.CONFLICT, e.code(), e.getMessage());
        final byte[] gap = Records.record(3, 10);
        assertEquals(ErrorCode.CONFLICT, refusal(() -> sink.append(end + 100, new UnsafeBuffer(gap), 0, gap.length)).code());
        final long end2 = append(sink, Records.record(2, 10));
        try (WalStream s = client.stream(tenant, tl, START)) {
            assertEquals(List.of(1L, 2L), Records.seqs(readAll(s, end2)));
        }
    }

    @Test
    void badInputIsRefusedAndChangesNothing() throws Exception {
        final TenantId tenant = newTenant();
        final TimelineId tl = newTimeline(tenant);
        final WalSink sink = client.acquireWriter(tenant, tl);
        final long end = append(sink, Records.record(1, 100));

        // unknown timeline and tenant
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(StratumException.class,
            () -> client.acquireWriter(tenant, TimelineId.random())).code());
        final byte[] rec = Records.record(2, 100);
        final StratumException unknownTenant = refusal(() -> client.append(TenantId.random(), tl, 1, end,
            new UnsafeBuffer(rec), 0, rec.length));
        assertTrue(unknownTenant.code() == ErrorCode.UNAVAILABLE || unknownTenant.code() == ErrorCode.NOT_FOUND,
            unknownTenant.getMessage());

        // corrupt record
        final byte[] bad = rec.clone();
        bad[bad.length - 1] ^= 0x5A;
        assertEquals(ErrorCode.INVALID_ARGUMENT,
            refusal(() -> sink.append(end, new UnsafeBuffer(bad), 0, bad.length)).code());

        // oversized: a client allowing more than the nodes do
        try (WalClient big = WalClient.connect(WalClientConfig.builder(cluster.peers).maxAppendBytes(4 << 20)
            .appendTimeout(Duration.ofSeconds(20)).build())) {
            final byte[] many = new byte[(1 << 20) + 4096];
            int at = 0;
            long seq = 100;
            while (at + 1100 <= many.length) {
                final byte[] r = Records.record(seq++, 1000);
                System.arraycopy(r, 0, many, at, r.length);
                at += r.length;
            }
            final int len = at;
            final long epoch = ((RaftWalSink) sink).epoch();
            assertEquals(ErrorCode.LIMIT_EXCEEDED,
                refusal(() -> big.append(tenant, tl, epoch, end, new UnsafeBuffer(many), 0, len)).code());
        }

        // garbage on the port of every node
        final Random random = new Random(42);
        for (final WalPeer p : cluster.peers) {
            try (Socket s = new Socket(p.host(), p.port())) {
                final OutputStream out = s.getOutputStream();
                final byte[] junk = new byte[64 << 10];
                random.nextBytes(junk);
                out.write(junk);
                out.flush();
            } catch (final java.io.IOException e) {
                // the node may close the connection on us: that is fine
            }
        }
        // still serving, nothing changed
        final long end2 = append(sink, rec);
        assertEquals(end + rec.length, end2);
        try (WalStream s = client.stream(tenant, tl, START)) {
            assertEquals(List.of(1L, 2L), Records.seqs(readAll(s, end2)));
        }
    }

    static StratumException refusal(final java.util.function.Supplier<CompletableFuture<Long>> call) {
        final CompletionException e = assertThrows(CompletionException.class, () -> call.get().join());
        assertTrue(e.getCause() instanceof StratumException, String.valueOf(e.getCause()));
        return (StratumException) e.getCause();
    }
}
