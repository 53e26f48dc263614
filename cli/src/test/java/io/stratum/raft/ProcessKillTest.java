package io.stratum.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import io.stratum.wal.WalSink;
import io.stratum.wal.WalStream;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Three WAL nodes as separate JVMs started by the one daemon entry ({@code stratum wal-node}); the leader is
 * killed with SIGKILL (kill -9) and restarted. In cli/ because that entry is; it uses raft's test jar.
 */
@Timeout(240)
class ProcessKillTest {
    static final long START = 0x1000000L;

    /** A WAL node in its own JVM. */
    static final class NodeProcess implements AutoCloseable {
        final Process process;

        NodeProcess(final WalPeer self, final List<WalPeer> peers, final Path dir) throws Exception {
            final List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(List.of("--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
                "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
                "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
                "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
                "-Dchronicle.analytics.disable=true", "-Xmx256m", "-XX:MaxDirectMemorySize=256m",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), "io.stratum.cli.Main", "wal-node",
                "--id", String.valueOf(self.id()),
                "--peers", String.join(",", peers.stream().map(WalPeer::toString).toList()),
                "--data", dir.toString(), "--metrics", "off"));
            process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.PIPE).start();
            final BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("WAL node ")) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("WAL node process did not start");
                }
            }
            if (line == null) {
                throw new IOException("WAL node process exited: " + process.waitFor());
            }
            final Thread drain = new Thread(() -> {
                try {
                    while (r.readLine() != null) {
                        // discard the node's log
                    }
                } catch (final IOException e) {
                    // process gone
                }
            }, "drain-node-" + self.id());
            drain.setDaemon(true);
            drain.start();
        }

        /** SIGKILL: no shutdown hook runs, nothing is flushed. */
        void kill9() throws Exception {
            new ProcessBuilder("kill", "-9", String.valueOf(process.pid())).inheritIO().start().waitFor();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    @Test
    void killMinusNineOfTheLeaderProcess() throws Exception {
        final Path root = Files.createTempDirectory("stratum-raft-proc");
        final List<WalPeer> peers = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            peers.add(new WalPeer(i, "127.0.0.1", TestCluster.freePort()));
        }
        final NodeProcess[] nodes = new NodeProcess[3];
        try (WalClient client = WalClient.connect(WalClientConfig.builder(peers)
            .appendTimeout(Duration.ofSeconds(30)).build())) {
            for (int i = 0; i < 3; i++) {
                nodes[i] = new NodeProcess(peers.get(i), peers, root.resolve("node" + (i + 1)));
            }
            final TenantId tenant = TenantId.random();
            final TimelineId tl = TimelineId.random();
            client.createTenant(tenant);
            client.createTimeline(tenant, tl, START);
            final WalSink sink = client.acquireWriter(tenant, tl);
            long seq = 0;
            for (; seq < 20; seq++) {
                WalServiceTest.append(sink, Records.record(seq, 2000));
            }
            final int leader = leaderOf(client, tenant);
            nodes[leader - 1].kill9();
            final long killed = System.nanoTime();
            WalServiceTest.append(sink, Records.record(seq++, 2000)); // issued once the process is gone
            final long failoverMs = (System.nanoTime() - killed) / 1_000_000;
            System.out.println("failover after kill -9 at default settings: " + failoverMs + " ms");
            // at the default election timeout (400-800 ms) a follower notices within the sleep it is in plus one
            // more timeout (at most 2 x 800 ms), then pre-vote, vote, the new leader's first entry and the
            // client's re-route; the old default (1-2 s) often took longer
            assertTrue(failoverMs < 2 * 800 + 1000, "failover took " + failoverMs + " ms");
            for (; seq < 40; seq++) {
                WalServiceTest.append(sink, Records.record(seq, 2000));
            }
            nodes[leader - 1] = new NodeProcess(peers.get(leader - 1), peers, root.resolve("node" + leader));
            final long end = sink.endLsn();
            TestCluster.await(Duration.ofSeconds(60), () -> {
                final NodeStatus.Timeline t = FailoverTest.timelineOn(client, leader, tenant);
                return t != null && t.commitLsn() == end;
            });
            try (WalClient only = WalClient.connect(WalClientConfig.builder(List.of(peers.get(leader - 1))).build());
                 WalStream s = only.stream(tenant, tl, START)) {
                final List<Long> seqs = Records.seqs(WalServiceTest.readAll(s, end));
                assertEquals(40, seqs.size());
                for (int i = 0; i < 40; i++) {
                    assertEquals(i, seqs.get(i));
                }
            }
        } finally {
            for (final NodeProcess n : nodes) {
                if (n != null) {
                    n.close();
                }
            }
            deleteTree(root.toFile());
        }
    }

    static int leaderOf(final WalClient client, final TenantId tenant) {
        final int[] found = {-1};
        TestCluster.await(Duration.ofSeconds(30), () -> {
            for (final NodeStatus s : client.status()) {
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

    static void deleteTree(final File f) {
        final File[] children = f.listFiles();
        if (children != null) {
            for (final File c : children) {
                deleteTree(c);
            }
        }
        f.delete();
    }
}
