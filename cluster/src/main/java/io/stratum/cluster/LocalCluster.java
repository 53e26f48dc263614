package io.stratum.cluster;

import io.stratum.compute.ComputeConfig;
import io.stratum.compute.ComputeNode;
import io.stratum.engine.TimelineInfo;
import io.stratum.raft.WalClient;
import io.stratum.raft.WalClientConfig;
import io.stratum.raft.WalNode;
import io.stratum.raft.WalNodeConfig;
import io.stratum.raft.WalPeer;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The embedded local cluster, in one JVM over loopback with the same code paths as a distributed
 * deployment: N WAL nodes (Raft over Netty), one page server (page service, management API, WAL
 * receivers) and one compute (PostgreSQL protocol), which reaches the others only over their network
 * protocols. Each part can be stopped and started again on the same ports and data (the test harness kills
 * and restarts them). Data under one directory:
 * <pre>
 * DIR/wal/node-1 ... node-N     WAL nodes
 * DIR/pageserver                page server engine
 * DIR/cluster.ids               tenant id and branch names (written once, durably)
 * DIR/cluster.state             addresses while running (removed on clean stop)
 * DIR/cluster.pid, DIR/logs/    written by {@code stratum start}
 * </pre>
 * Threads: those of its parts (see {@link WalNode}, {@link PageServerNode}, {@link ComputeNode}); all
 * stopped by {@link #close()}. Not thread-safe: one caller starts and stops parts.
 */
public final class LocalCluster implements AutoCloseable {
    public static final String IDS = "cluster.ids";
    public static final String STATE = "cluster.state";
    public static final long FIRST_LSN = 0x1000000L;

    /**
     * Ports and sizes of a local cluster. A port of 0 picks a free one (not for WAL nodes, whose Raft peers
     * must know each other's addresses up front).
     *
     * @param computePort PostgreSQL port of the compute, -1 for no compute
     * @param computeHttpPort the compute's {@code /metrics} port, -1 for none
     * @param computePoolBytes the compute's buffer pool per open branch (default 128 MiB; a point-in-time
     *     session's store gets an eighth)
     */
    public record Options(Path dir, int walNodes, int walPortBase, int pageServicePort, int httpPort,
                          int computePort, int computeHttpPort, long computePoolBytes) {
        /** Options with the compute's default buffer pool (128 MiB per open branch). */
        public Options(final Path dir, final int walNodes, final int walPortBase, final int pageServicePort,
                       final int httpPort, final int computePort, final int computeHttpPort) {
            this(dir, walNodes, walPortBase, pageServicePort, httpPort, computePort, computeHttpPort, 128L << 20);
        }

        /** The same options with another compute buffer pool size. */
        public Options withComputePoolBytes(final long bytes) {
            return new Options(dir, walNodes, walPortBase, pageServicePort, httpPort, computePort, computeHttpPort,
                bytes);
        }

        /** Fixed default ports, as {@code stratum start} uses them. */
        public static Options defaults(final Path dir) {
            return new Options(dir, 3, 7400, 6400, 9898, 55432, 9880);
        }

        /** Free ports everywhere (WAL nodes on a base found free when asked), for tests and benchmarks. */
        public static Options ephemeral(final Path dir) {
            return new Options(dir, 3, io.stratum.raft.PeerPorts.base(3), 0, 0, 0, -1);
        }
    }

    private final Options options;
    private final List<WalPeer> peers = new ArrayList<>();
    private final List<WalNode> nodes = new ArrayList<>();
    private WalClient client;
    private PageServerNode pageServer;
    private int pageServicePort;
    private int httpPort;
    private volatile ComputeNode compute;
    private int computePort;
    private TenantId tenant;
    private PrintStream progress;
    private BranchManager branches;
    private volatile IdsBranchResolver resolver;

    private LocalCluster(final Options options) {
        this.options = options;
        this.pageServicePort = options.pageServicePort();
        this.httpPort = options.httpPort();
        this.computePort = options.computePort();
    }

    public static LocalCluster start(final Options o, final PrintStream progress) {
        final LocalCluster c = new LocalCluster(o);
        try {
            c.boot(progress);
            return c;
        } catch (final RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private void boot(final PrintStream progress) {
        this.progress = progress;
        for (int i = 1; i <= options.walNodes(); i++) {
            peers.add(new WalPeer(i, "127.0.0.1", options.walPortBase() + i));
            nodes.add(null);
        }
        for (int i = 1; i <= options.walNodes(); i++) {
            startWalNode(i);
        }
        client = WalClient.connect(WalClientConfig.builder(peers).build());
        startPageServer();
        final Properties ids = readProperties(options.dir().resolve(IDS));
        if (ids == null) {
            tenant = TenantId.random();
            final TimelineId main = TimelineId.random();
            progress.println("first start: creating tenant " + tenant + " and branch main (" + main + ")");
            final Properties p = new Properties();
            p.setProperty("tenant", tenant.toString());
            p.setProperty("branch.main", main.toString());
            writeDurably(options.dir().resolve(IDS), p);
        } else {
            tenant = TenantId.parse(ids.getProperty("tenant"));
        }
        branches = new BranchManager(options.dir().resolve(IDS), tenant, () -> pageServer,
            () -> computePort > 0 ? "127.0.0.1:" + computePort : null, name -> {
                final IdsBranchResolver r = resolver;
                return r == null ? 0 : r.moved(name);
            }, name -> {
                final IdsBranchResolver r = resolver;
                return r == null ? -1 : r.durableLsn(name);
            }, java.time.Clock.systemUTC());
        branches.sessions(db -> {
            final ComputeNode c = compute;
            if (c == null) {
                throw io.stratum.wal.StratumException.of(io.stratum.wal.ErrorCode.UNAVAILABLE,
                    "the compute is not running", "database", db);
            }
            return c.openSession("stratum", db);
        });
        pageServer.mount(BranchApi.PREFIX, new BranchApi(branches));
        final TimelineId main = mainTimeline();
        boolean exists = false;
        if (pageServer.engine().tenants().contains(tenant)) {
            for (final TimelineInfo i : pageServer.engine().listTimelines(tenant)) {
                exists |= i.id().equals(main);
            }
        }
        if (!exists) {
            pageServer.createTimeline(tenant, main, FIRST_LSN);
        }
        if (options.computePort() >= 0) {
            startCompute();
        }
    }

    /** Starts WAL node {@code id} (1-based) on its port and data. */
    public void startWalNode(final int id) {
        final WalPeer p = peers.get(id - 1);
        progress.println("starting WAL node " + p.id() + " on " + p.host() + ":" + p.port());
        nodes.set(id - 1, WalNode.launch(WalNodeConfig.builder(p.id(), peers,
                options.dir().resolve("wal").resolve("node-" + p.id()))
            .bindHost("127.0.0.1").build())); // default election timeout (400-800 ms)
    }

    /** Stops WAL node {@code id} (its data stays). */
    public void stopWalNode(final int id) {
        final WalNode n = nodes.get(id - 1);
        if (n != null) {
            n.close();
            nodes.set(id - 1, null);
        }
    }

    /** Starts the page server (on the ports it had before, when it ran already). */
    public void startPageServer() {
        progress.println("starting page server (page service 127.0.0.1:" + pageServicePort + ", HTTP 127.0.0.1:"
            + httpPort + ")");
        pageServer = PageServerNode.start(options.dir().resolve("pageserver"), client, "127.0.0.1", pageServicePort,
            "127.0.0.1", httpPort, null);
        pageServicePort = pageServer.pageServicePort();
        httpPort = pageServer.httpPort();
        // the WAL nodes of this process report on the same /metrics (node label)
        pageServer.metrics().register(new WalNodeMetrics(() -> {
            final List<WalNode> up = new ArrayList<>();
            for (final WalNode n : nodes.toArray(new WalNode[0])) {
                if (n != null) {
                    up.add(n);
                }
            }
            return up;
        }));
        if (branches != null) {
            pageServer.mount(BranchApi.PREFIX, new BranchApi(branches));
        }
    }

    /** Stops the page server (its data stays). */
    public void stopPageServer() {
        if (pageServer != null) {
            pageServer.close();
            pageServer = null;
        }
    }

    /** Starts the compute (on the port it had before, when it ran already). */
    public void startCompute() {
        progress.println("starting compute (PostgreSQL protocol on 127.0.0.1:" + computePort + ")");
        final IdsBranchResolver r = new IdsBranchResolver(options.dir().resolve(IDS), () -> pageServer);
        r.functions(new SqlBranchFunctions(branches));
        resolver = r;
        compute = ComputeNode.launch(ComputeConfig.builder("127.0.0.1", pageServicePort, peers, tenant, r)
            .listen("127.0.0.1", computePort).httpPort(options.computeHttpPort())
            .bufferPoolBytes(options.computePoolBytes()).build());
        computePort = compute.port();
    }

    /** Stops the compute: open sessions are cut, uncommitted transactions are lost, committed ones are not. */
    public void stopCompute() {
        resolver = null;
        if (compute != null) {
            compute.close();
            compute = null;
        }
    }

    /**
     * Creates branch {@code name} of branch {@code parent} at {@code lsn} (negative: the parent's latest
     * ingested LSN) and records its name, as {@code stratum branch create} does; returns the branch point.
     */
    public long createBranch(final String name, final String parent, final long lsn) {
        return branches.create(name, parent, lsn < 0 ? null : io.stratum.wal.Lsn.format(lsn)).branchLsn();
    }

    /** The named branches: create, list, delete, protect, reset, restore (what {@code stratum branch} calls). */
    public BranchManager branches() {
        return branches;
    }

    public TenantId tenant() {
        return tenant;
    }

    /** The timeline the name {@code main} has now (a restore of main moves it). */
    public TimelineId mainTimeline() {
        return TimelineId.parse(readProperties(options.dir().resolve(IDS)).getProperty("branch.main"));
    }

    public WalClient walClient() {
        return client;
    }

    public PageServerNode pageServer() {
        return pageServer;
    }

    /** The compute, or null when stopped. */
    public ComputeNode compute() {
        return compute;
    }

    /** The compute's PostgreSQL port. */
    public int computePort() {
        return computePort;
    }

    public int pageServicePort() {
        return pageServicePort;
    }

    public int httpPort() {
        return httpPort;
    }

    /** What runs where, as written to {@code cluster.state}. */
    public Properties state(final long pid) {
        final Properties p = new Properties();
        p.setProperty("pid", Long.toString(pid));
        p.setProperty("tenant", tenant.toString());
        p.setProperty("branch.main", mainTimeline().toString());
        final StringBuilder sb = new StringBuilder();
        for (final WalPeer n : peers) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(n.id()).append('=').append(n.host()).append(':').append(n.port());
        }
        p.setProperty("wal.peers", sb.toString());
        p.setProperty("pageservice", "127.0.0.1:" + pageServicePort);
        p.setProperty("http", "127.0.0.1:" + httpPort);
        if (compute != null) {
            p.setProperty("compute", "127.0.0.1:" + compute.port());
            if (compute.httpPort() > 0) {
                p.setProperty("compute.http", "127.0.0.1:" + compute.httpPort());
            }
        }
        return p;
    }

    @Override
    public void close() {
        stopCompute();
        stopPageServer();
        if (client != null) {
            client.close();
        }
        for (int i = 1; i <= nodes.size(); i++) {
            stopWalNode(i);
        }
    }

    public static Properties readProperties(final Path file) {
        if (!Files.exists(file)) {
            return null;
        }
        try {
            final Properties p = new Properties();
            p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
            return p;
        } catch (final IOException e) {
            throw StratumException.withCause(ErrorCode.IO_ERROR, e, "cannot read cluster file", "file", file);
        }
    }

    /** Writes a properties file to a temporary name, fsyncs it, renames it over the target, fsyncs the directory. */
    public static void writeDurably(final Path file, final Properties p) {
        try {
            Files.createDirectories(file.getParent());
            final StringWriter w = new StringWriter();
            p.store(w, "Stratum local cluster");
            final Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(java.nio.ByteBuffer.wrap(w.toString().getBytes(StandardCharsets.UTF_8)));
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel d = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
                d.force(true);
            }
        } catch (final IOException e) {
            throw StratumException.withCause(ErrorCode.IO_ERROR, e, "cannot write cluster file", "file", file);
        }
    }
}
