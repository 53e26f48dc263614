package io.stratum.raft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import io.stratum.wal.WalSink;
import io.stratum.wal.WalStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Random schedules of pipelined appends, node kills (the leader or any node) and restarts on a 3-node
 * cluster. Afterwards every node, caught up, holds the same WAL, which contains every acknowledged append
 * in order, byte for byte, and no record twice. At most one node is down at a time, so every append must
 * eventually be acknowledged; an append that fails anyway counts as unacknowledged (it may or may not be
 * in the WAL, but never twice) and the writer re-acquires the timeline to learn its end.
 */
class ScheduleProperties {
    static final long START = 0x1000000L;

    sealed interface Op permits Append, Kill, KillLeader, Restart {
    }

    record Append(int count, int size) implements Op {
    }

    record Kill(int node) implements Op {
    }

    record KillLeader() implements Op {
    }

    record Restart() implements Op {
    }

    @Provide
    Arbitrary<List<Op>> schedules() {
        final Arbitrary<Op> append = Arbitraries.integers().between(1, 8)
            .flatMap(n -> Arbitraries.integers().between(20, 3000).map(s -> (Op) new Append(n, s)));
        final Arbitrary<Op> kill = Arbitraries.integers().between(1, 3).map(i -> (Op) new Kill(i));
        final Arbitrary<Op> killLeader = Arbitraries.just(new KillLeader());
        final Arbitrary<Op> restart = Arbitraries.just(new Restart());
        return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(6, append), net.jqwik.api.Tuple.of(1, kill),
            net.jqwik.api.Tuple.of(2, killLeader), net.jqwik.api.Tuple.of(2, restart))
            .list().ofMinSize(4).ofMaxSize(10);
    }

    @Property(tries = 4, shrinking = ShrinkingMode.OFF)
    void acknowledgedAppendsSurviveKillsAndRestarts(@ForAll("schedules") final List<Op> schedule) throws Exception {
        try (TestCluster cluster = TestCluster.start(3)) {
            final WalClient client = cluster.client();
            final TenantId tenant = TenantId.random();
            final TimelineId tl = TimelineId.random();
            client.createTenant(tenant);
            client.createTimeline(tenant, tl, START);
            WalSink sink = client.acquireWriter(tenant, tl);
            final List<Long> acked = new ArrayList<>();
            final java.util.Map<Long, byte[]> sent = new java.util.HashMap<>();
            long seq = 0;
            int down = -1;
            for (final Op op : schedule) {
                if (op instanceof Append a) {
                    final List<CompletableFuture<Long>> fs = new ArrayList<>();
                    final List<Long> seqs = new ArrayList<>();
                    long at = sink.endLsn();
                    for (int i = 0; i < a.count(); i++) {
                        final byte[] rec = Records.record(seq, a.size());
                        sent.put(seq, rec);
                        seqs.add(seq++);
                        fs.add(sink.append(at, new UnsafeBuffer(rec), 0, rec.length));
                        at += rec.length;
                    }
                    boolean failed = false;
                    for (int i = 0; i < fs.size(); i++) {
                        try {
                            fs.get(i).join();
                            if (!failed) {
                                acked.add(seqs.get(i));
                            }
                        } catch (final RuntimeException e) {
                            failed = true;
                        }
                    }
                    if (failed) {
                        sink = client.acquireWriter(tenant, tl); // learn the committed end
                    }
                } else if (op instanceof Restart) {
                    if (down > 0) {
                        cluster.startNode(down);
                        down = -1;
                    }
                } else {
                    final int victim = op instanceof Kill k ? k.node() : cluster.leader(client, tenant);
                    if (down > 0 && down != victim) {
                        cluster.startNode(down);
                    }
                    cluster.kill(victim);
                    down = victim;
                }
            }
            if (down > 0) {
                cluster.startNode(down);
            }
            final long end = client.acquireWriter(tenant, tl).endLsn();
            final List<byte[]> wals = new ArrayList<>();
            for (final WalPeer p : cluster.peers) {
                TestCluster.await(Duration.ofSeconds(60), () -> {
                    final NodeStatus.Timeline t = FailoverTest.timelineOn(client, p.id(), tenant);
                    return t != null && t.commitLsn() == end;
                });
                try (WalClient only = cluster.client(List.of(p), Duration.ofSeconds(5));
                     WalStream s = only.stream(tenant, tl, START)) {
                    wals.add(WalServiceTest.readAll(s, end));
                }
            }
            for (final byte[] w : wals) {
                assertArrayEquals(wals.get(0), w, "every node holds the same WAL");
            }
            final List<Long> inWal = Records.seqs(wals.get(0));
            final Set<Long> unique = new HashSet<>(inWal);
            assertEquals(inWal.size(), unique.size(), "no record twice: " + inWal);
            // acknowledged records, in order, byte for byte
            final ByteArrayOutputStream rebuilt = new ByteArrayOutputStream();
            int next = 0;
            long at = 0;
            final byte[] w = wals.get(0);
            for (final long s : inWal) {
                final int len = java.nio.ByteBuffer.wrap(w).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt((int) at + 4);
                final byte[] rec = java.util.Arrays.copyOfRange(w, (int) at, (int) at + len);
                assertArrayEquals(sent.get(s), rec, "record " + s + " byte for byte");
                if (next < acked.size() && acked.get(next) == s) {
                    rebuilt.writeBytes(rec);
                    next++;
                }
                at += len;
            }
            assertEquals(acked.size(), next, "every acknowledged append is present in order; acked=" + acked
                + " wal=" + inWal);
            assertTrue(at == w.length);
        }
    }
}
