package io.stratum.examples.kvstore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.stratum.raft.WalNode;
import io.stratum.raft.WalNodeConfig;
import io.stratum.raft.WalPeer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same store over a 3-node Raft WAL service (in this JVM, on loopback): the scenario, a restart of
 * the store and of every WAL node, and writes that go on with one node down.
 */
@Timeout(180)
class KvStoreRaftTest {
    @TempDir
    Path dir;

    @Test
    void branchesReadsAtOldLsnsAndSurvivesARestartOfEverything() throws IOException {
        final List<WalPeer> peers = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            peers.add(new WalPeer(i, "127.0.0.1", freePort()));
        }
        final KvStoreConfig config = KvStoreConfig.builder(dir.resolve("store")).walPeers(peers).build();
        final Scenario.Lsns lsns;
        try (Nodes nodes = new Nodes(peers)) {
            try (KvStore store = KvStore.open(config)) {
                lsns = Scenario.firstRun(store);
            }
        }
        try (Nodes nodes = new Nodes(peers)) {
            try (KvStore store = KvStore.open(config)) {
                Scenario.afterRestart(store, lsns);
                nodes.stop(3); // a majority is enough
                final long lsn = store.put("main", "elderberry", Scenario.b("purple"));
                assertEquals("purple", Scenario.s(store.get("main", "elderberry", lsn)));
            }
        }
    }

    /** Three WAL nodes on their data directories under {@code dir}. */
    private final class Nodes implements AutoCloseable {
        final List<WalNode> nodes = new ArrayList<>();

        Nodes(final List<WalPeer> peers) {
            for (final WalPeer p : peers) {
                nodes.add(WalNode.launch(WalNodeConfig.builder(p.id(), peers, dir.resolve("wal-node-" + p.id()))
                    .electionTimeout(Duration.ofMillis(300), Duration.ofMillis(600)).build()));
            }
        }

        void stop(final int id) {
            nodes.get(id - 1).close();
        }

        @Override
        public void close() {
            nodes.forEach(WalNode::close);
        }
    }

    /** Raft peers must know each other's ports up front ({@link io.stratum.raft.PeerPorts}). */
    private static int freePort() {
        return io.stratum.raft.PeerPorts.next();
    }
}
