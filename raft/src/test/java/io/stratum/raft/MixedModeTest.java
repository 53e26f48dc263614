package io.stratum.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.stratum.wal.WalSink;
import io.stratum.wal.WalStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A group whose nodes write the payload in different modes, as during a rolling change of {@code payloadOnce} (the
 * default changed on 2026-12-07, so upgrading a cluster mixes them): a node that writes once meets entries with the
 * records in the log data, and a node that writes them to its Raft log meets entries whose records are state-machine
 * data. One node at a time is restarted in the other mode, there and back, with appends of both sizes in between
 * (inline and written once), then the whole cluster at once: every node ends up serving every record, and none
 * stops.
 */
@Timeout(300)
class MixedModeTest {
    static final long START = 0x1000000L;
    private static final int LARGE = 40 << 10; // above the 32 KiB inline limit: written once by a node in that mode

    @Test
    void aRollingChangeOfTheModeKeepsEveryRecordOnEveryNode() throws Exception {
        try (TestCluster cluster = new TestCluster(3)) {
            cluster.payloadOnce = false;
            cluster.inlineAppendBytes = WalNodeConfig.DEFAULT_INLINE_APPEND_BYTES;
            cluster.startAll();
            final WalClient client = cluster.client();
            final TestCluster.Writer w = TestCluster.newTimeline(client, START);
            final List<Long> appended = new ArrayList<>();
            appendBoth(w.sink(), appended);
            for (final boolean once : new boolean[] {true, false}) {
                for (int node = 1; node <= 3; node++) {
                    cluster.kill(node);
                    appendBoth(w.sink(), appended); // the two others commit it
                    cluster.payloadOnce = once;
                    cluster.startNode(node);
                    appendBoth(w.sink(), appended);
                    awaitAll(client, w);
                }
                if (once) { // every node writes once now, and restarts together: each replays from its own log
                    for (int node = 1; node <= 3; node++) {
                        cluster.kill(node);
                    }
                    cluster.startAll();
                    appendBoth(w.sink(), appended);
                    awaitAll(client, w);
                }
            }
            for (int node = 1; node <= 3; node++) {
                assertEquals(null, FailStopTest.failure(client, node, w.tenant()),
                    "node " + node + " serves the group");
                assertEquals(appended, seqsOn(cluster, node, w), "node " + node + " serves every record");
            }
        }
    }

    /** Two inline appends and one large one. */
    private static void appendBoth(final WalSink sink, final List<Long> appended) {
        for (int i = 0; i < 3; i++) {
            final long seq = appended.size();
            WalServiceTest.append(sink, Records.record(seq, i == 2 ? LARGE : 300));
            appended.add(seq);
        }
    }

    private static void awaitAll(final WalClient client, final TestCluster.Writer w) {
        for (int node = 1; node <= 3; node++) {
            MembershipTest.awaitCaughtUp(client, node, w.tenant(), w.sink(), null);
        }
    }

    private static List<Long> seqsOn(final TestCluster cluster, final int node, final TestCluster.Writer w) {
        try (WalClient only = cluster.client(List.of(cluster.peers.get(node - 1)), Duration.ofSeconds(5));
             WalStream s = only.stream(w.tenant(), w.timeline(), START)) {
            return Records.seqs(WalServiceTest.readAll(s, w.sink().endLsn()));
        }
    }
}
