package io.stratum.chaos;

import io.stratum.raft.NodeStatus;
import io.stratum.raft.WalClient;
import io.stratum.raft.WalClientConfig;
import io.stratum.raft.WalPeer;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cluster under test as separate processes: three {@code stratum wal-node}s, one {@code stratum
 * pageserver} and one {@code stratum compute}, each a child JVM, with loopback proxies ({@link TcpProxy})
 * on the links the nemesis cuts: clients to the compute, the compute to the page service, and the compute
 * to each WAL node. The page server and the compute listen on port 0 and print the port they got; their
 * proxy is retargeted when they restart, so their clients keep one address. The WAL nodes cannot do
 * that (every Raft peer must know every other's address up front): their ports are found free by binding
 * port 0 and releasing it just before the nodes start, a small race with any other process on the machine
 * that binds a port in that moment (a node that loses it fails to start and the run stops with its log).
 * <p>Threads: those of its proxies and of one {@link WalClient} (status queries).
 */
final class ChaosCluster implements AutoCloseable {
    static final int WAL_NODES = 3;
    private static final long START_TIMEOUT_MS = 180_000;
    private static final Pattern WAL_READY = Pattern.compile("WAL node \\S+ running");
    private static final Pattern PS_READY = Pattern.compile(
        "page server running: page service [^:]+:(\\d+), HTTP [^:]+:(\\d+)");
    private static final Pattern COMPUTE_READY = Pattern.compile("compute running: PostgreSQL on [^:]+:(\\d+)");
    private static final Pattern ID = Pattern.compile("\"(?:tenant_id|timeline_id)\"\\s*:\\s*\"([0-9a-f]{32})\"");

    private final Path dir;
    private final String mainClass;
    private final PrintStream progress;
    private final List<WalPeer> peers = new ArrayList<>();
    private final List<Daemon> walNodes = new ArrayList<>();
    private final List<TcpProxy> walProxies = new ArrayList<>();
    private Daemon pageServer;
    private Daemon compute;
    private TcpProxy pageProxy;
    private TcpProxy clientProxy;
    private WalClient status;
    private String tenant;
    private String timeline;
    private int httpPort;

    private final int maxConnections;

    private ChaosCluster(final Path dir, final String mainClass, final PrintStream progress, final int maxConnections) {
        this.maxConnections = maxConnections;
        this.dir = dir;
        this.mainClass = mainClass;
        this.progress = progress;
    }

    /**
     * Starts everything, creates a tenant and its branch {@code main}, and waits until the compute listens
     * (allowing {@code maxConnections} client connections).
     */
    static ChaosCluster start(final Path dir, final String mainClass, final PrintStream progress,
                              final int maxConnections) {
        final ChaosCluster c = new ChaosCluster(dir, mainClass, progress, maxConnections);
        try {
            c.boot();
            return c;
        } catch (final RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private void boot() {
        final int[] ports = freePorts(WAL_NODES);
        for (int i = 1; i <= WAL_NODES; i++) {
            peers.add(new WalPeer(i, "127.0.0.1", ports[i - 1]));
        }
        final String peerList = format(peers);
        final List<WalPeer> viaProxy = new ArrayList<>();
        for (final WalPeer p : peers) {
            final TcpProxy proxy = TcpProxy.start("wal-" + p.id(), new InetSocketAddress("127.0.0.1", p.port()));
            walProxies.add(proxy);
            viaProxy.add(new WalPeer(p.id(), "127.0.0.1", proxy.port()));
            walNodes.add(new Daemon("wal-" + p.id(), Daemon.javaCommand(mainClass, "256m", List.of("wal-node",
                "--id", Integer.toString(p.id()), "--peers", peerList, "--data", dir.resolve("wal-" + p.id()).toString(),
                "--election-timeout-ms", "1000", "--metrics", "off")), dir.resolve("logs").resolve("wal-" + p.id() + ".log"), WAL_READY));
        }
        progress.println("starting " + WAL_NODES + " WAL nodes on " + peerList);
        for (final Daemon d : walNodes) {
            d.start(START_TIMEOUT_MS);
        }
        status = WalClient.connect(WalClientConfig.builder(peers).requestTimeout(Duration.ofSeconds(2))
            .appendTimeout(Duration.ofSeconds(10)).build());
        pageServer = new Daemon("pageserver", Daemon.javaCommand(mainClass, "384m", List.of("pageserver",
            "--data", dir.resolve("pageserver").toString(), "--wal-peers", peerList, "--listen", "127.0.0.1:0",
            "--http", "127.0.0.1:0")), dir.resolve("logs").resolve("pageserver.log"), PS_READY);
        startPageServer();
        pageProxy = TcpProxy.start("pageservice", pageServiceAddress());
        tenant = id(http("POST", "/v1/tenant", "{}"));
        timeline = id(http("POST", "/v1/tenant/" + tenant + "/timeline", "{}"));
        progress.println("tenant " + tenant + ", branch main = timeline " + timeline);
        compute = new Daemon("compute", Daemon.javaCommand(mainClass, "384m", List.of("compute",
            "--pageserver", pageProxy.address(), "--wal-peers", format(viaProxy), "--tenant", tenant,
            "--branch", "main=" + timeline, "--listen", "127.0.0.1:0", "--http-port", "-1",
            "--buffer-pool-mb", "32", "--max-connections", Integer.toString(maxConnections))), dir.resolve("logs").resolve("compute.log"),
            COMPUTE_READY);
        startCompute();
    }

    private static String format(final List<WalPeer> list) {
        return String.join(",", list.stream().map(WalPeer::toString).toList());
    }

    /** Ports for the WAL nodes, known before they bind ({@link io.stratum.raft.PeerPorts}). */
    private static int[] freePorts(final int n) {
        return io.stratum.raft.PeerPorts.next(n);
    }

    void startPageServer() {
        pageServer.start(START_TIMEOUT_MS);
        httpPort = Integer.parseInt(pageServer.ready().group(2));
        if (pageProxy != null) {
            pageProxy.retarget(pageServiceAddress());
        }
    }

    private InetSocketAddress pageServiceAddress() {
        return new InetSocketAddress("127.0.0.1", Integer.parseInt(pageServer.ready().group(1)));
    }

    void startCompute() {
        compute.start(START_TIMEOUT_MS);
        final InetSocketAddress a = new InetSocketAddress("127.0.0.1", Integer.parseInt(compute.ready().group(1)));
        if (clientProxy == null) {
            clientProxy = TcpProxy.start("client", a);
        } else {
            clientProxy.retarget(a);
        }
    }

    void startWalNode(final int id) {
        walNodes.get(id - 1).start(START_TIMEOUT_MS);
    }

    Daemon walNode(final int id) {
        return walNodes.get(id - 1);
    }

    Daemon pageServer() {
        return pageServer;
    }

    Daemon compute() {
        return compute;
    }

    TcpProxy clientProxy() {
        return clientProxy;
    }

    TcpProxy pageProxy() {
        return pageProxy;
    }

    TcpProxy walProxy(final int id) {
        return walProxies.get(id - 1);
    }

    /** Every daemon: the WAL nodes, the page server, the compute. */
    List<Daemon> daemons() {
        final List<Daemon> all = new ArrayList<>(walNodes);
        all.add(pageServer);
        all.add(compute);
        return all;
    }

    /** The JDBC URL of database {@code db} (a branch, or {@code main@LSN}) through the client proxy. */
    String jdbcUrl(final String db) {
        return jdbcUrl(clientProxy.port(), db);
    }

    /**
     * The JDBC URL of {@code db} straight to the compute, past the proxy (whose one accepting thread,
     * starting two threads per connection, would be what a connection load test measures).
     */
    String directJdbcUrl(final String db) {
        return jdbcUrl(Integer.parseInt(compute.ready().group(1)), db);
    }

    private static String jdbcUrl(final int port, final String db) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/"
            + java.net.URLEncoder.encode(db, java.nio.charset.StandardCharsets.UTF_8)
            + "?user=stratum&connectTimeout=5&socketTimeout=20&loginTimeout=10&tcpKeepAlive=true";
    }

    /** The id of the node that leads our tenant's group now, or 0 when none answers as leader. */
    int leader() {
        for (final NodeStatus n : status.status()) {
            for (final NodeStatus.Group g : n.groups()) {
                if (g.tenant().toString().equals(tenant) && "LEADER".equals(g.role())) {
                    return n.peer().id();
                }
            }
        }
        return 0;
    }

    /**
     * The WAL nodes' roles and LSNs and the page server's timeline details, for a report that failed; thread
     * dumps of every process go to {@code DIR/logs/*.threads}.
     */
    String diagnostics() {
        for (final Daemon d : daemons()) {
            d.threadDump(dir.resolve("logs").resolve(d.name() + ".threads"));
        }
        final StringBuilder sb = new StringBuilder();
        try {
            for (final NodeStatus n : status.status()) {
                sb.append("wal-").append(n.peer().id()).append(n.reachable() ? " up" : " DOWN " + n.error());
                for (final NodeStatus.Group g : n.groups()) {
                    sb.append(' ').append(g.role()).append(" commitIndex=").append(g.commitIndex());
                    for (final NodeStatus.Timeline t : g.timelines()) {
                        sb.append(" commit=").append(io.stratum.wal.Lsn.format(t.commitLsn()))
                            .append(" flush=").append(io.stratum.wal.Lsn.format(t.flushLsn()))
                            .append(" persisted=").append(io.stratum.wal.Lsn.format(t.persistedLsn()))
                            .append(" epoch=").append(t.epoch());
                    }
                    if (g.failed()) {
                        sb.append(" FAILED ").append(g.failure());
                    }
                }
                sb.append("; ");
            }
        } catch (final RuntimeException e) {
            sb.append("wal status failed: ").append(e.getMessage()).append("; ");
        }
        try {
            sb.append("pageserver timelines: ").append(http("GET", "/v1/tenant/" + tenant + "/timeline", ""));
        } catch (final RuntimeException e) {
            sb.append("pageserver timelines failed: ").append(e.getMessage());
        }
        return sb.toString();
    }

    private String http(final String method, final String path, final String body) {
        final HttpClient c = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            final HttpResponse<String> r = c.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(60)).method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw StratumException.of(ErrorCode.FAILED, "management API refused", "path", path,
                    "status", r.statusCode(), "body", r.body());
            }
            return r.body();
        } catch (final IOException e) {
            throw StratumException.withCause(ErrorCode.IO_ERROR, e, "management API unreachable", "path", path);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw StratumException.of(ErrorCode.CLOSED, "interrupted", "path", path);
        }
    }

    private static String id(final String json) {
        final Matcher m = ID.matcher(json);
        if (!m.find()) {
            throw StratumException.of(ErrorCode.FAILED, "no id in the answer", "body", json);
        }
        return m.group(1);
    }

    @Override
    public void close() {
        if (compute != null) {
            compute.stop(10_000);
        }
        if (pageServer != null) {
            pageServer.stop(10_000);
        }
        for (final Daemon d : walNodes) {
            d.stop(10_000);
        }
        if (status != null) {
            status.close();
        }
        for (final TcpProxy p : walProxies) {
            p.close();
        }
        if (pageProxy != null) {
            pageProxy.close();
        }
        if (clientProxy != null) {
            clientProxy.close();
        }
    }
}
