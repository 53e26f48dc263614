package io.stratum.cli;

import io.stratum.raft.NodeStatus;
import io.stratum.raft.Transport;
import io.stratum.raft.WalClient;
import io.stratum.raft.WalClientConfig;
import io.stratum.raft.WalNode;
import io.stratum.raft.WalNodeConfig;
import io.stratum.raft.WalPeer;
import io.stratum.wal.Lsn;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.stratum.cluster.WalNodeMetrics;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code wal-node} (a WAL node daemon) and {@code wal status|members} (talking to running nodes). */
final class WalCommands {
    private WalCommands() {
    }

    /** Options naming the WAL nodes to talk to. */
    static class PeersOption {
        @Option(names = "--peers", required = true, description = "the WAL nodes: 1=HOST:PORT,2=HOST:PORT,...")
        String peers;

        @Option(names = "--transport", defaultValue = "NETTY", description = "NETTY or GRPC (default: ${DEFAULT-VALUE})")
        Transport transport;

        @Option(names = "--token", paramLabel = "TOKEN",
            description = "admin token for WAL nodes that have an auth key (default: STRATUM_TOKEN)")
        String token;

        WalClient client() {
            return WalClient.connect(WalClientConfig.builder(WalPeer.parseList(peers)).transport(transport)
                .requestTimeout(Duration.ofSeconds(3)).appendTimeout(Duration.ofSeconds(30))
                .token(AuthCommands.token(token)).build());
        }
    }

    @Command(name = "wal-node", mixinStandardHelpOptions = true,
        description = "Run one WAL node in the foreground until killed.")
    static final class Node implements Runnable {
        @Spec
        CommandSpec spec;

        @Option(names = "--id", required = true, description = "this node's id (one of --peers)")
        int id;

        @Option(names = "--peers", required = true, description = "the WAL nodes: 1=HOST:PORT,2=HOST:PORT,...")
        String peers;

        @Option(names = "--data", required = true, description = "data directory of this node")
        Path data;

        @Option(names = "--bind", defaultValue = "127.0.0.1", description = "listen address (default: ${DEFAULT-VALUE})")
        String bind;

        @Option(names = "--transport", defaultValue = "NETTY", description = "NETTY or GRPC (default: ${DEFAULT-VALUE})")
        Transport transport;

        @Option(names = "--election-timeout-ms", defaultValue = "400",
            description = "minimum election timeout; the maximum is twice it (default: ${DEFAULT-VALUE})")
        long electionMs;

        @Option(names = "--metrics", paramLabel = "HOST:PORT|off",
            description = "where this node serves /metrics (stratum_wal_*), or off (default: 127.0.0.1:9900+id; "
                + "if that default port is taken the node runs without)")
        String metrics;

        @Option(names = "--read-port", paramLabel = "PORT", defaultValue = "0",
            description = {"port of the node's WAL stream endpoint (page servers' WAL reads), on the --bind",
                "address; default 0: any free port (clients ask the node which one over Raft)"})
        int readPort;

        @Option(names = "--payload-once", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = {"write each append larger than --inline-append-bytes once, into the timeline's WAL copy,",
                "and only its header into the Raft log (default). --no-payload-once writes the records into the",
                "Raft log and copies them at apply: about 0.7 x the 128 KiB throughput, about 5 % more small",
                "commits (docs/wal-service.md). Give every node of a group the same setting"})
        boolean payloadOnce;

        @Option(names = "--inline-append-bytes", paramLabel = "N", defaultValue = "32768",
            description = {"written once: appends of at most N record bytes keep their records in the Raft",
                "log (one fsync acknowledges them; 0: every append is written once; default: ${DEFAULT-VALUE})"})
        int inlineAppendBytes;

        @Option(names = "--auth-key-file", paramLabel = "FILE",
            description = {"the cluster's signing key (stratum auth keygen): every client request must then carry a",
                "token signed with it, scoped to the request's tenant (or admin). Required when --bind is not a",
                "loopback address (without it: exit 2)"})
        Path authKeyFile;

        @Override
        public void run() {
            final WalNode node = WalNode.launch(WalNodeConfig.builder(id, WalPeer.parseList(peers), data)
                .bindHost(bind).transport(transport).authKey(AuthCommands.key(authKeyFile)).readPort(readPort)
                .payloadOnce(payloadOnce).inlineAppendBytes(inlineAppendBytes)
                .electionTimeout(Duration.ofMillis(electionMs), Duration.ofMillis(2 * electionMs)).build());
            final HttpServer http = metricsServer(node);
            final CountDownLatch done = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                if (http != null) {
                    http.stop(0);
                }
                node.close();
                done.countDown();
            }, "stratum-wal-node-shutdown"));
            System.out.println("WAL node " + node.peer() + " running, data in " + data
                + (http == null ? "" : ", metrics on http://" + http.getAddress().getHostString() + ":"
                    + http.getAddress().getPort() + "/metrics"));
            System.out.flush();
            try {
                done.await();
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private HttpServer metricsServer(final WalNode node) {
            if ("off".equals(metrics)) {
                return null;
            }
            final boolean explicit = metrics != null;
            final String hp = explicit ? metrics : "127.0.0.1:" + (9900 + id);
            final int colon = hp.lastIndexOf(':');
            final InetSocketAddress addr;
            try {
                addr = new InetSocketAddress(hp.substring(0, colon), Integer.parseInt(hp.substring(colon + 1)));
            } catch (final RuntimeException e) {
                node.close();
                throw new CommandLine.ParameterException(spec.commandLine(), "--metrics: expected HOST:PORT or off, got " + hp);
            }
            try {
                final PrometheusRegistry registry = new PrometheusRegistry();
                registry.register(new WalNodeMetrics(() -> List.of(node)));
                final HttpServer s = HttpServer.create(addr, 16);
                s.createContext("/metrics", new MetricsHandler(registry));
                s.start();
                return s;
            } catch (final IOException e) {
                if (explicit) {
                    node.close();
                    throw StratumException.withCause(ErrorCode.UNAVAILABLE, e, "cannot serve the WAL node's metrics",
                        "address", hp);
                }
                System.err.println("warning: metrics not served: " + hp + " is taken (" + e.getMessage() + ")");
                return null;
            }
        }
    }

    @Command(name = "wal", mixinStandardHelpOptions = true, description = "Inspect and manage WAL nodes.",
        subcommands = {Status.class, Members.class})
    static final class Wal implements Runnable {
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(System.out);
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
        description = "Print each WAL node's role and LSNs per tenant and timeline.")
    static final class Status extends PeersOption implements Runnable {
        @Option(names = "--json", description = "print JSON")
        boolean json;

        @Override
        public void run() {
            try (WalClient c = client()) {
                final List<NodeStatus> all = c.status();
                System.out.println(json ? toJson(all) : toText(all));
            }
        }
    }

    static String toText(final List<NodeStatus> all) {
        final StringBuilder sb = new StringBuilder();
        for (final NodeStatus n : all) {
            sb.append("node ").append(n.peer()).append(n.reachable() ? "  up" : "  DOWN: " + n.error()).append('\n');
            for (final NodeStatus.Group g : n.groups()) {
                sb.append("  tenant ").append(g.tenant()).append("  ").append(g.role())
                    .append("  commit index ").append(g.commitIndex())
                    .append(g.failed() ? "  FAILED: " + g.failure() : "").append('\n');
                for (final NodeStatus.Timeline t : g.timelines()) {
                    sb.append("    timeline ").append(t.timeline())
                        .append("  commit ").append(Lsn.format(t.commitLsn()))
                        .append("  flush ").append(Lsn.format(t.flushLsn()))
                        .append("  truncation ").append(Lsn.format(t.truncationLsn()))
                        .append("  persisted ").append(Lsn.format(t.persistedLsn()))
                        .append("  epoch ").append(t.epoch()).append('\n');
                }
            }
        }
        return sb.toString().stripTrailing();
    }

    static String toJson(final List<NodeStatus> all) {
        final StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < all.size(); i++) {
            final NodeStatus n = all.get(i);
            sb.append(i == 0 ? "" : ",").append("{\"id\":").append(n.peer().id())
                .append(",\"address\":\"").append(n.peer().address()).append("\",\"up\":").append(n.reachable());
            if (n.error() != null) {
                sb.append(",\"error\":\"").append(n.error().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
            sb.append(",\"tenants\":[");
            for (int j = 0; j < n.groups().size(); j++) {
                final NodeStatus.Group g = n.groups().get(j);
                sb.append(j == 0 ? "" : ",").append("{\"tenant\":\"").append(g.tenant()).append("\",\"role\":\"")
                    .append(g.role()).append("\",\"commit_index\":").append(g.commitIndex())
                    .append(g.failed() ? ",\"failure\":\"" + g.failure().replace("\\", "\\\\").replace("\"", "\\\"") + "\"" : "")
                    .append(",\"timelines\":[");
                for (int k = 0; k < g.timelines().size(); k++) {
                    final NodeStatus.Timeline t = g.timelines().get(k);
                    sb.append(k == 0 ? "" : ",").append("{\"timeline\":\"").append(t.timeline())
                        .append("\",\"commit_lsn\":\"").append(Lsn.format(t.commitLsn()))
                        .append("\",\"flush_lsn\":\"").append(Lsn.format(t.flushLsn()))
                        .append("\",\"truncation_lsn\":\"").append(Lsn.format(t.truncationLsn()))
                        .append("\",\"persisted_lsn\":\"").append(Lsn.format(t.persistedLsn()))
                        .append("\",\"epoch\":").append(t.epoch()).append('}');
                }
                sb.append("]}");
            }
            sb.append("]}");
        }
        return sb.append(']').toString();
    }

    @Command(name = "members", mixinStandardHelpOptions = true,
        description = "Change which WAL nodes replicate every tenant, without stopping writes.",
        subcommands = {Add.class, Remove.class, Replace.class})
    static final class Members implements Runnable {
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(System.out);
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
        description = "Add a running WAL node to every tenant group; it catches up from the others.")
    static final class Add extends PeersOption implements Runnable {
        @Option(names = "--node", required = true, description = "the new node: ID=HOST:PORT")
        String node;

        @Override
        public void run() {
            try (WalClient c = client()) {
                c.addNode(WalPeer.parse(node));
                System.out.println("added " + node + "; members now " + c.peers());
            }
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
        description = "Remove a WAL node (running or dead) from every tenant group.")
    static final class Remove extends PeersOption implements Runnable {
        @Option(names = "--id", required = true, description = "id of the node to remove")
        int id;

        @Override
        public void run() {
            try (WalClient c = client()) {
                c.removeNode(id);
                System.out.println("removed node " + id + "; members now " + c.peers());
            }
        }
    }

    @Command(name = "replace", mixinStandardHelpOptions = true,
        description = "Replace a dead WAL node by a new running one, in one configuration change per tenant.")
    static final class Replace extends PeersOption implements Runnable {
        @Option(names = "--dead", required = true, description = "id of the dead node")
        int dead;

        @Option(names = "--node", required = true, description = "the new node: ID=HOST:PORT")
        String node;

        @Override
        public void run() {
            try (WalClient c = client()) {
                c.replaceNode(dead, WalPeer.parse(node));
                System.out.println("replaced node " + dead + " by " + node + "; members now " + c.peers());
            }
        }
    }
}
