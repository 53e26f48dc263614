package io.stratum.cli;

import io.stratum.cluster.LocalCluster;
import io.stratum.engine.TimelineInfo;
import io.stratum.raft.NodeStatus;
import io.stratum.raft.WalClient;
import io.stratum.raft.WalClientConfig;
import io.stratum.raft.WalPeer;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.Lsn;
import io.stratum.wal.StratumException;
import io.stratum.wal.TenantId;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code start}, {@code stop}, {@code status}: the embedded local cluster, run in a background process. */
final class ClusterCommands {
    private ClusterCommands() {
    }

    /** Options shared by every command that acts on the local cluster. */
    static class DirOption {
        @Spec
        CommandSpec spec;

        @Option(names = "--dir", defaultValue = ".stratum",
            description = "data directory of the local cluster (default: ${DEFAULT-VALUE})")
        Path dir;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        Path pidFile() {
            return dir.resolve("cluster.pid");
        }

        /** The running cluster process, if its pid file names a live process. */
        Optional<ProcessHandle> running() {
            try {
                if (!Files.exists(pidFile())) {
                    return Optional.empty();
                }
                // "PID START": a pid file that outlived its process (a reboot) may name somebody else's
                // process, so the process must also have started when ours did
                final String[] f = Files.readString(pidFile()).trim().split(" ");
                final long pid = Long.parseLong(f[0]);
                final String started = f.length > 1 ? f[1] : "";
                return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().startInstant().map(Object::toString).orElse("").equals(started));
            } catch (final IOException | NumberFormatException e) {
                return Optional.empty();
            }
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
        description = {"Start the embedded local cluster in the background: WAL nodes (Raft), a page server and a",
            "compute (PostgreSQL protocol on --port), in one JVM over loopback. Creates a tenant and the",
            "branch 'main' on first start; a second start on the same directory resumes with all data.",
            "Logs go to DIR/logs/cluster.log. Then: psql -h 127.0.0.1 -p 55432 -U stratum main"})
    static final class Start extends DirOption implements Callable<Integer> {
        @Option(names = "--wal-nodes", defaultValue = "3", description = "number of WAL nodes (default: ${DEFAULT-VALUE})")
        int walNodes;

        @Option(names = "--wal-port-base", defaultValue = "7400",
            description = "WAL node i listens on this + i (default: ${DEFAULT-VALUE})")
        int walPortBase;

        @Option(names = "--pageservice-port", defaultValue = "6400", description = "page service port (default: ${DEFAULT-VALUE})")
        int pagePort;

        @Option(names = "--http-port", defaultValue = "9898",
            description = "management API and /metrics port (default: ${DEFAULT-VALUE})")
        int httpPort;

        @Option(names = "--port", defaultValue = "55432",
            description = "PostgreSQL port of the compute (default: ${DEFAULT-VALUE})")
        int computePort;

        @Option(names = "--compute-http-port", defaultValue = "9880",
            description = "the compute's /metrics port (default: ${DEFAULT-VALUE})")
        int computeHttpPort;

        @Option(names = "--buffer-pool-mb", defaultValue = "128",
            description = "the compute's buffer pool per open branch, in MiB (default: ${DEFAULT-VALUE})")
        int bufferPoolMb;

        @Option(names = "--timeout", defaultValue = "120", description = "seconds to wait for the cluster to answer (default: ${DEFAULT-VALUE})")
        int timeoutSeconds;

        @Override
        public Integer call() throws Exception {
            final PrintWriter out = out();
            final Optional<ProcessHandle> already = running();
            if (already.isPresent()) {
                throw StratumException.of(ErrorCode.ALREADY_EXISTS, "the local cluster is already running",
                    "dir", dir, "pid", already.get().pid());
            }
            if (walNodes < 1 || walNodes > 9) {
                throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "--wal-nodes must be between 1 and 9",
                    "walNodes", walNodes);
            }
            Files.createDirectories(dir.resolve("logs"));
            Files.deleteIfExists(dir.resolve(LocalCluster.STATE));
            final Path log = dir.resolve("logs").resolve("cluster.log");
            final List<String> cmd = new ArrayList<>();
            cmd.add(ProcessHandle.current().info().command().orElse("java"));
            for (final String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
                if (arg.startsWith("--add-") || arg.startsWith("-D") || arg.startsWith("-X")) {
                    cmd.add(arg);
                }
            }
            cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=info");
            cmd.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
            cmd.add("-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSSX");
            cmd.add("-Dorg.slf4j.simpleLogger.log.org.apache.ratis=warn");
            // Ratis logs every NotLeaderException retry of its client at ERROR; they are routine here
            cmd.add("-Dorg.slf4j.simpleLogger.log.org.apache.ratis.client.impl.OrderedAsync=off");
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(Main.class.getName());
            cmd.addAll(List.of("cluster-run", "--dir", dir.toAbsolutePath().toString(), "--wal-nodes",
                Integer.toString(walNodes), "--wal-port-base", Integer.toString(walPortBase), "--pageservice-port",
                Integer.toString(pagePort), "--http-port", Integer.toString(httpPort), "--port",
                Integer.toString(computePort), "--compute-http-port", Integer.toString(computeHttpPort),
                "--buffer-pool-mb", Integer.toString(bufferPoolMb)));
            final Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            Files.writeString(pidFile(), p.pid() + " " + p.info().startInstant().map(Object::toString).orElse("")
                + "\n");
            out.printf("starting the local cluster in %s (pid %d, log %s)", dir, p.pid(), log);
            out.flush();
            final long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
            Properties state = null;
            while (System.nanoTime() < deadline) {
                state = LocalCluster.readProperties(dir.resolve(LocalCluster.STATE));
                if (state != null && Long.toString(p.pid()).equals(state.getProperty("pid"))) {
                    break;
                }
                state = null;
                if (!p.isAlive()) {
                    out.println();
                    out.println("the cluster process exited with status " + p.exitValue() + "; last lines of " + log + ":");
                    tail(out, log, 20);
                    Files.deleteIfExists(pidFile());
                    return 1;
                }
                Thread.sleep(500);
                out.print('.');
                out.flush();
            }
            out.println();
            if (state == null) {
                out.println("the cluster did not answer within " + timeoutSeconds + " s; it keeps starting in the"
                    + " background (see " + log + ", stop it with 'stratum stop')");
                return ErrorCode.TIMEOUT.exitCode();
            }
            printState(out, state);
            return 0;
        }
    }

    static void printState(final PrintWriter out, final Properties s) {
        out.println("WAL nodes:        " + s.getProperty("wal.peers"));
        out.println("page service:     " + s.getProperty("pageservice"));
        out.println("management API:   http://" + s.getProperty("http") + "/v1/   metrics: http://"
            + s.getProperty("http") + "/metrics");
        out.println("tenant:           " + s.getProperty("tenant"));
        out.println("branch main:      timeline " + s.getProperty("branch.main"));
        out.println("compute:          " + s.getProperty("compute") + " (PostgreSQL protocol)   metrics: http://"
            + s.getProperty("compute.http", "-") + "/metrics");
        final String c = s.getProperty("compute", "127.0.0.1:55432");
        out.println("connect:          psql -h " + c.substring(0, c.lastIndexOf(':')) + " -p "
            + c.substring(c.lastIndexOf(':') + 1) + " -U stratum main");
        out.flush();
    }

    static void tail(final PrintWriter out, final Path file, final int lines) {
        try {
            final List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (final String l : all.subList(Math.max(0, all.size() - lines), all.size())) {
                out.println("  " + l);
            }
        } catch (final IOException e) {
            out.println("  (cannot read the log: " + e.getMessage() + ")");
        }
        out.flush();
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop the local cluster cleanly.")
    static final class Stop extends DirOption implements Callable<Integer> {
        @Option(names = "--timeout", defaultValue = "60", description = "seconds to wait before killing it (default: ${DEFAULT-VALUE})")
        int timeoutSeconds;

        @Override
        public Integer call() throws Exception {
            final Optional<ProcessHandle> p = running();
            if (p.isEmpty()) {
                out().println("the local cluster in " + dir + " is not running");
                Files.deleteIfExists(pidFile());
                return 0;
            }
            out().print("stopping the local cluster in " + dir + " (pid " + p.get().pid() + ")");
            out().flush();
            p.get().destroy();
            final long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
            while (p.get().isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(250);
                out().print('.');
                out().flush();
            }
            if (p.get().isAlive()) {
                out().println(" did not stop in " + timeoutSeconds + " s, killing it");
                p.get().destroyForcibly();
            } else {
                out().println(" stopped");
            }
            Files.deleteIfExists(pidFile());
            Files.deleteIfExists(dir.resolve(LocalCluster.STATE));
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show every component of the local cluster: up/down, address, role, LSNs.",
            "Exit status: 0 running, 3 not running."})
    static final class Status extends DirOption implements Callable<Integer> {
        @Override
        public Integer call() {
            final PrintWriter out = out();
            final Optional<ProcessHandle> p = running();
            final Properties s = LocalCluster.readProperties(dir.resolve(LocalCluster.STATE));
            if (p.isEmpty() || s == null) {
                out.println("the local cluster in " + dir + " is not running"
                    + (p.isPresent() ? " (process " + p.get().pid() + " is still starting)" : ""));
                out.flush();
                return 3;
            }
            out.println("local cluster in " + dir + ": running (pid " + p.get().pid() + ")");
            final List<WalPeer> peers = WalPeer.parseList(s.getProperty("wal.peers"));
            try (WalClient c = WalClient.connect(WalClientConfig.builder(peers)
                .requestTimeout(Duration.ofSeconds(5)).build())) {
                for (final NodeStatus n : c.status()) {
                    out.printf("  wal-node %d   %-16s %s%n", n.peer().id(), n.peer().host() + ":" + n.peer().port(),
                        n.reachable() ? "up" : "DOWN (" + n.error() + ")");
                    for (final NodeStatus.Group g : n.groups()) {
                        for (final NodeStatus.Timeline t : g.timelines()) {
                            out.printf("      %-9s timeline %s  commit %s  flush %s  truncated below %s%n",
                                g.role().toLowerCase(), t.timeline(), Lsn.format(t.commitLsn()),
                                Lsn.format(t.flushLsn()), Lsn.format(t.truncationLsn()));
                        }
                    }
                }
            }
            final String ps = s.getProperty("pageservice");
            out.printf("  pageserver   %-16s %s%n", ps, reachable(ps) ? "up" : "DOWN");
            final String compute = s.getProperty("compute");
            if (compute != null) {
                out.printf("  compute      %-16s %s%n", compute, reachable(compute) ? "up" : "DOWN");
            }
            final String http = s.getProperty("http");
            final String timelines = httpGet("http://" + http + "/v1/tenant/" + s.getProperty("tenant") + "/timeline");
            out.printf("  http API     %-16s %s%n", http, timelines != null ? "up" : "DOWN");
            if (timelines != null) {
                final Properties ids = LocalCluster.readProperties(dir.resolve(LocalCluster.IDS));
                for (final java.util.Map<String, Object> t : io.stratum.engine.http.Json.parseArray(timelines)) {
                    String name = "-";
                    for (final String k : ids == null ? java.util.Set.<String>of() : ids.stringPropertyNames()) {
                        if (k.startsWith("branch.") && ids.getProperty(k).equals(t.get("timeline_id"))) {
                            name = k.substring("branch.".length());
                        }
                    }
                    out.printf("      branch %-10s timeline %s  last record %s  disk consistent %s  layers %s%n", name,
                        t.get("timeline_id"), t.get("last_record_lsn"), t.get("disk_consistent_lsn"),
                        t.get("layer_files"));
                }
            }
            out.flush();
            return 0;
        }

        private static boolean reachable(final String hostPort) {
            final int colon = hostPort.lastIndexOf(':');
            try (Socket sock = new Socket()) {
                sock.connect(new InetSocketAddress(hostPort.substring(0, colon),
                    Integer.parseInt(hostPort.substring(colon + 1))), 2_000);
                return true;
            } catch (final IOException e) {
                return false;
            }
        }

        private static String httpGet(final String url) {
            try {
                final HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                return r.statusCode() == 200 ? r.body().trim() : null;
            } catch (final IOException e) {
                return null;
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    @Command(name = "cluster-run", hidden = true,
        description = "Run the local cluster in the foreground (what 'start' launches in the background).")
    static final class Run extends DirOption implements Callable<Integer> {
        @Option(names = "--wal-nodes", defaultValue = "3")
        int walNodes;

        @Option(names = "--wal-port-base", defaultValue = "7400")
        int walPortBase;

        @Option(names = "--pageservice-port", defaultValue = "6400")
        int pagePort;

        @Option(names = "--http-port", defaultValue = "9898")
        int httpPort;

        @Option(names = "--port", defaultValue = "55432")
        int computePort;

        @Option(names = "--compute-http-port", defaultValue = "9880")
        int computeHttpPort;

        @Option(names = "--buffer-pool-mb", defaultValue = "128")
        int bufferPoolMb;

        @Override
        public Integer call() throws Exception {
            final LocalCluster c = LocalCluster.start(
                new LocalCluster.Options(dir, walNodes, walPortBase, pagePort, httpPort, computePort, computeHttpPort,
                    (long) bufferPoolMb << 20),
                System.out);
            final CountDownLatch done = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                System.out.println("stopping the local cluster");
                try {
                    Files.deleteIfExists(dir.resolve(LocalCluster.STATE));
                } catch (final IOException e) {
                    // the next start rewrites it anyway
                }
                c.close();
                System.out.println("stopped");
                done.countDown();
            }, "stratum-cluster-shutdown"));
            LocalCluster.writeDurably(dir.resolve(LocalCluster.STATE), c.state(ProcessHandle.current().pid()));
            System.out.println("local cluster running");
            System.out.flush();
            done.await();
            return 0;
        }
    }

}
