package io.stratum.cli;

import io.stratum.cluster.PageServerNode;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.engine.key.PageKey;
import io.stratum.engine.redo.EngineRecords;
import io.stratum.engine.service.PageClient;
import io.stratum.engine.service.PageClientConfig;
import io.stratum.raft.PeerPorts;
import io.stratum.raft.WalClient;
import io.stratum.raft.WalClientConfig;
import io.stratum.raft.WalNode;
import io.stratum.raft.WalNodeConfig;
import io.stratum.raft.WalPeer;
import io.stratum.wal.StratumException;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import io.stratum.wal.WalSink;
import io.stratum.wal.codec.WalRecordEncoder;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The running system: WAL nodes (Raft), a page server fed by its WAL receiver, reads over the page
 * service. WAL is written through the WAL service, pages are read back at many LSNs and checked against
 * a model while a WAL node dies and while the page server is killed with SIGKILL and restarted.
 */
@Tag("slow")
class ClusterIntegrationTest {
    static final long START = 0x1000000L;
    static final long REL_HI = PageKey.relHi(5, 500);

    @TempDir
    Path dir;

    /** 8 bytes at {@code offset} of block {@code block} became {@code value}, in the record ending at {@code endLsn}. */
    record Write(long endLsn, int block, int offset, long value) {
    }

    private final List<Write> writes = new ArrayList<>();
    private long lsn = START;
    private final UnsafeBuffer buf = new UnsafeBuffer(new byte[64 << 10]);
    private final UnsafeBuffer value = new UnsafeBuffer(new byte[8]);
    private final WalRecordEncoder enc = new WalRecordEncoder();

    /** Appends {@code batches} batches of 30 patch records through the WAL service. */
    private void write(final WalSink sink, final int batches) throws Exception {
        write(sink, batches, new Semaphore(0));
    }

    /** The same, releasing a permit of {@code acked} after each batch the WAL service acknowledged. */
    private void write(final WalSink sink, final int batches, final Semaphore acked) throws Exception {
        for (int b = 0; b < batches; b++) {
            int len = 0;
            final long batchStart = lsn;
            final List<Write> pending = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                final int n = writes.size() + pending.size();
                final int block = n % 17;
                final int offset = (n * 8) % 8000;
                value.putLong(0, n * 7_000_001L);
                final int rl = EngineRecords.patch(enc, buf, len, REL_HI, PageKey.relLo(500, 0, block), offset,
                    value, 0, 8);
                len += rl;
                pending.add(new Write(batchStart + len, block, offset, n * 7_000_001L));
            }
            assertEquals(batchStart + len, sink.append(batchStart, buf, 0, len).get());
            lsn = batchStart + len;
            writes.addAll(pending);
            acked.release();
        }
    }

    private byte[] expected(final int block, final long at) {
        final UnsafeBuffer page = new UnsafeBuffer(new byte[8192]);
        for (final Write w : writes) {
            if (w.endLsn() <= at && w.block() == block) {
                page.putLong(w.offset(), w.value());
            }
        }
        return page.byteArray();
    }

    private void checkReads(final PageClient client, final TenantId t, final TimelineId tl) {
        assertEquals(lsn, client.waitForLsn(t, tl, lsn, 60_000));
        final UnsafeBuffer page = new UnsafeBuffer(new byte[8192]);
        for (int i = 0; i < writes.size(); i += 23) {
            final long at = writes.get(i).endLsn();
            final int block = writes.get(i).block();
            client.getPage(t, tl, REL_HI, PageKey.relLo(500, 0, block), at, page, 0);
            assertArrayEquals(expected(block, at), page.byteArray(), "block " + block + " at " + at);
        }
    }

    /** Ports for WAL nodes and the page server's child process, known before they bind ({@link PeerPorts}). */
    static int[] freePorts(final int n) {
        return PeerPorts.next(n);
    }

    private static Process startPageServer(final Path data, final String peers, final int pagePort, final int httpPort)
        throws IOException {
        final List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        for (final String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-") || a.startsWith("-Dchronicle")) {
                cmd.add(a);
            }
        }
        cmd.addAll(List.of("-Xmx512m", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "pageserver",
            "--data", data.toString(), "--wal-peers", peers, "--listen", "127.0.0.1:" + pagePort,
            "--http", "127.0.0.1:" + httpPort));
        return new ProcessBuilder(cmd).redirectErrorStream(true)
            .redirectOutput(data.resolveSibling("pageserver.log").toFile()).start();
    }

    private static void post(final int httpPort, final String path, final String body) throws Exception {
        final HttpClient http = HttpClient.newHttpClient();
        final long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            try {
                final HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
                assertEquals(201, r.statusCode(), r.body());
                return;
            } catch (final java.net.ConnectException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200); // the process is still starting
            }
        }
    }

    private static PageClient connect(final int port) throws InterruptedException {
        final long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            try {
                return pageClient(port, 2, 60_000);
            } catch (final StratumException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    @Test
    void walFlowsThroughRaftToAPageServerNodeThatSurvivesWalNodeDeathAndSigkill() throws Exception {
        final int[] ports = freePorts(5);
        final List<WalPeer> peers = List.of(new WalPeer(1, "127.0.0.1", ports[0]), new WalPeer(2, "127.0.0.1", ports[1]),
            new WalPeer(3, "127.0.0.1", ports[2]));
        final String peerList = "1=127.0.0.1:" + ports[0] + ",2=127.0.0.1:" + ports[1] + ",3=127.0.0.1:" + ports[2];
        final List<WalNode> nodes = new ArrayList<>();
        for (final WalPeer p : peers) {
            nodes.add(WalNode.launch(WalNodeConfig.builder(p.id(), peers, dir.resolve("wal-" + p.id()))
                .electionTimeout(Duration.ofMillis(1000), Duration.ofMillis(2000)).build()));
        }
        final TenantId tenant = TenantId.parse("000000000000000000000000000000c1");
        final TimelineId main = TimelineId.parse("000000000000000000000000000000c2");
        Process ps = startPageServer(dir.resolve("ps"), peerList, ports[3], ports[4]);
        try (WalClient wal = WalClient.connect(WalClientConfig.builder(peers).build())) {
            post(ports[4], "/v1/tenant", "{\"tenant_id\":\"" + tenant + "\"}");
            post(ports[4], "/v1/tenant/" + tenant + "/timeline", "{\"timeline_id\":\"" + main + "\"}");
            final WalSink sink = wal.acquireWriter(tenant, main);
            try (PageClient client = connect(ports[3])) {
                write(sink, 20);
                checkReads(client, tenant, main);

                // a WAL node dies (the leader, the one most likely serving the stream): writes and ingest go on
                final WalNode leader = nodes.get(0);
                leader.close();
                write(sink, 20);
                checkReads(client, tenant, main);

                // SIGKILL the page server while WAL keeps coming (3 of the writer's 20 batches in), then restart it
                final Semaphore acked = new Semaphore(0);
                final ExecutorService one = Executors.newSingleThreadExecutor();
                try {
                    final Future<?> writer = one.submit(() -> {
                        write(sink, 20, acked);
                        return null;
                    });
                    assertTrue(acked.tryAcquire(3, 60, TimeUnit.SECONDS), "the writer acknowledged 3 batches");
                    ps.destroyForcibly().waitFor();
                    writer.get(120, TimeUnit.SECONDS); // its failure, if any, is this test's
                } finally {
                    one.shutdownNow();
                }
                ps = startPageServer(dir.resolve("ps"), peerList, ports[3], ports[4]);
                connect(ports[3]).close(); // wait until the restarted process listens
                checkReads(client, tenant, main);
                assertTrue(writes.size() >= 1800);
            }
        } finally {
            ps.destroyForcibly().waitFor();
            for (final WalNode n : nodes) {
                n.close();
            }
        }
    }

    /** A page client of the service on loopback {@code port}. */
    static PageClient pageClient(final int port, final int connections, final long timeoutMillis) {
        return PageClient.connect(PageClientConfig.builder("127.0.0.1", port).connections(connections)
            .requestTimeout(Duration.ofMillis(timeoutMillis)).build());
    }
}
