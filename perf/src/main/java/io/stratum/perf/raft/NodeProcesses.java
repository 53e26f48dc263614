package io.stratum.perf.raft;

import io.stratum.raft.WalPeer;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * WAL nodes as child JVMs (same class path), killed with SIGKILL and restarted on the same data. Each runs
 * the one WAL-node daemon entry, {@code stratum wal-node} (named by class name: cli depends on perf), so
 * this works where the class path holds the cli, as in {@code stratum bench raft}.
 */
final class NodeProcesses implements AutoCloseable {
    /** The {@code stratum} command's main class. */
    private static final String MAIN = "io.stratum.cli.Main";
    private static final List<String> FLAGS = List.of(
        "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED", "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
        "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
        "-Dchronicle.analytics.disable=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=error",
        "-Xmx512m", "-XX:MaxDirectMemorySize=512m");

    final List<WalPeer> peers = new ArrayList<>();
    private final Process[] processes;
    private final Path root;
    private final long electionMs;
    private final boolean payloadOnce;

    NodeProcesses(final int n, final Path root, final long electionMs, final boolean payloadOnce) throws IOException {
        this.root = root;
        this.electionMs = electionMs;
        this.payloadOnce = payloadOnce;
        for (int i = 1; i <= n; i++) {
            peers.add(new WalPeer(i, "127.0.0.1", io.stratum.raft.PeerPorts.next()));
        }
        processes = new Process[n];
        for (int i = 1; i <= n; i++) {
            start(i);
        }
    }

    void start(final int id) throws IOException {
        final List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(FLAGS);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), MAIN, "wal-node",
            "--id", String.valueOf(id), "--peers", String.join(",", peers.stream().map(WalPeer::toString).toList()),
            "--data", root.resolve("node" + id).toString(), "--election-timeout-ms", String.valueOf(electionMs),
            "--metrics", "off"));
        cmd.add(payloadOnce ? "--payload-once" : "--no-payload-once");
        final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        final BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = r.readLine()) != null && !line.startsWith("WAL node ")) {
            // skip start-up output
        }
        if (line == null) {
            throw StratumException.of(ErrorCode.UNAVAILABLE, "WAL node process did not start", "id", id);
        }
        final Thread drain = new Thread(() -> {
            try {
                while (r.readLine() != null) {
                    // discard
                }
            } catch (final IOException e) {
                // gone
            }
        }, "bench-drain-" + id);
        drain.setDaemon(true);
        drain.start();
        processes[id - 1] = p;
    }

    /** {@code kill -9}: no shutdown hook, nothing flushed. */
    void kill9(final int id) throws IOException, InterruptedException {
        final Process p = processes[id - 1];
        new ProcessBuilder("kill", "-9", String.valueOf(p.pid())).start().waitFor();
        p.waitFor(30, TimeUnit.SECONDS);
        processes[id - 1] = null;
    }

    @Override
    public void close() {
        for (final Process p : processes) {
            if (p != null) {
                p.destroyForcibly();
                try {
                    p.waitFor(10, TimeUnit.SECONDS);
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
