package io.stratum.raft;

import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import io.stratum.wal.TenantId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/** WAL nodes on loopback in this JVM, with free ports and temporary directories; kill and restart any. */
final class TestCluster implements AutoCloseable {
    final Path root;
    final List<WalPeer> peers = new ArrayList<>();
    final List<WalNode> nodes = new ArrayList<>();
    private final List<WalClient> clients = new ArrayList<>();

    TestCluster(final int n) throws IOException {
        root = Files.createTempDirectory("stratum-raft-test");
        for (int i = 1; i <= n; i++) {
            peers.add(new WalPeer(i, "127.0.0.1", freePort()));
            nodes.add(null);
        }
    }

    static TestCluster start(final int n) throws IOException {
        final TestCluster c = new TestCluster(n);
        for (int i = 1; i <= n; i++) {
            c.startNode(i);
        }
        return c;
    }

    /** A port for a node, known before it binds ({@link PeerPorts}). */
    static int freePort() {
        return PeerPorts.next();
    }

    /** The file facade of a node's WAL copies, by node id (the real one when absent). */
    final java.util.Map<Integer, io.stratum.wal.io.FileIo> fileIo = new java.util.concurrent.ConcurrentHashMap<>();

    /** A smaller maxAppendBytes (and maxRecordLength) for some nodes, by node id (the default when absent). */
    final java.util.Map<Integer, Integer> maxAppendBytes = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Nodes started from now on write an append's records once ({@link WalNodeConfig#payloadOnce()}): by default,
     * as the nodes do; {@code -Dstratum.test.payloadOnce=false} runs the tests with the records in the Raft log.
     */
    volatile boolean payloadOnce = Boolean.parseBoolean(System.getProperty("stratum.test.payloadOnce", "true"));

    /** With {@link #payloadOnce}: appends up to this many record bytes keep their records in the Raft log. */
    volatile int inlineAppendBytes = Integer.getInteger("stratum.test.inlineAppendBytes",
        WalNodeConfig.DEFAULT_INLINE_APPEND_BYTES);

    WalNodeConfig config(final int id) {
        final WalNodeConfig.Builder b = WalNodeConfig.builder(id, peers, root.resolve("node" + id))
            .payloadOnce(payloadOnce)
            .inlineAppendBytes(inlineAppendBytes)
            .segmentSize(64 << 10)
            .snapshotEvery(64)
            .fileIo(fileIo.getOrDefault(id, io.stratum.wal.io.FileIo.real()));
        final Integer max = maxAppendBytes.get(id);
        if (max != null) {
            b.maxAppendBytes(max).maxRecordLength(max);
        }
        return b.build();
    }

    /** Starts every node. */
    void startAll() {
        for (int i = 1; i <= peers.size(); i++) {
            startNode(i);
        }
    }

    /** A new tenant, one timeline of it created at {@code start}, and that timeline's writer. */
    record Writer(io.stratum.wal.TenantId tenant, io.stratum.wal.TimelineId timeline, io.stratum.wal.WalSink sink) {
    }

    static Writer newTimeline(final WalClient client, final long start) {
        final io.stratum.wal.TenantId tenant = io.stratum.wal.TenantId.random();
        final io.stratum.wal.TimelineId tl = io.stratum.wal.TimelineId.random();
        client.createTenant(tenant);
        client.createTimeline(tenant, tl, start);
        return new Writer(tenant, tl, client.acquireWriter(tenant, tl));
    }

    void startNode(final int id) {
        nodes.set(id - 1, WalNode.launch(config(id)));
    }

    /** Adds a new peer (not started). */
    WalPeer newPeer() throws IOException {
        final WalPeer p = new WalPeer(peers.size() + 1, "127.0.0.1", freePort());
        peers.add(p);
        nodes.add(null);
        return p;
    }

    void kill(final int id) {
        final WalNode n = nodes.get(id - 1);
        if (n != null) {
            n.close();
            nodes.set(id - 1, null);
        }
    }

    WalClient client() {
        final WalClient c = WalClient.connect(WalClientConfig.builder(peers)
            .appendTimeout(Duration.ofSeconds(20)).build());
        clients.add(c);
        return c;
    }

    WalClient client(final List<WalPeer> only, final Duration appendTimeout) {
        final WalClient c = WalClient.connect(WalClientConfig.builder(only).appendTimeout(appendTimeout).build());
        clients.add(c);
        return c;
    }

    WalClient client(final WalClientConfig config) {
        final WalClient c = WalClient.connect(config);
        clients.add(c);
        return c;
    }

    /** The id of the node that leads the tenant's group (waits for one). */
    int leader(final WalClient c, final TenantId tenant) {
        final int[] found = {-1};
        await(Duration.ofSeconds(30), () -> {
            for (final NodeStatus s : c.status()) {
                for (final NodeStatus.Group g : s.groups()) {
                    if (g.tenant().equals(tenant) && g.role().equals("LEADER")) {
                        found[0] = s.peer().id();
                        return true;
                    }
                }
            }
            return false;
        });
        return found[0];
    }

    static void await(final Duration max, final BooleanSupplier condition) {
        final long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw StratumException.of(ErrorCode.TIMEOUT, "condition not met in time", "max", max);
            }
            try {
                Thread.sleep(50);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public void close() throws IOException {
        for (final WalClient c : clients) {
            c.close();
        }
        for (int i = 1; i <= nodes.size(); i++) {
            kill(i);
        }
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
