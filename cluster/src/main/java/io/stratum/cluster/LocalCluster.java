package io.stratum.cluster;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The embedded local cluster, in one JVM over loopback with the same code paths as a distributed
 * deployment: N WAL nodes (Raft over Netty), one page server (page service, management API, WAL
 * receivers). Data under one directory:
 * <pre>
 * DIR/wal/node-1 ... node-N     WAL nodes
 * DIR/pageserver                page server engine
 * DIR/cluster.ids               tenant id and branch names (written once, durably)
 * DIR/cluster.state             addresses while running (removed on clean stop)
 * DIR/cluster.pid, DIR/logs/    written by {@code stratum start}
 * </pre>
 */
public final class LocalCluster implements AutoCloseable {
    public static final String IDS = "cluster.ids";
    public static final String STATE = "cluster.state";
    public static final long FIRST_LSN = 0x1000000L;

    /** Ports and sizes of a local cluster. */
    public record Options(Path dir, int walNodes, int walPortBase, int pageServicePort, int httpPort) {
    }

    private final Options options;
    private final List<WalNode> nodes = new ArrayList<>();
    private WalClient client;
    private PageServerNode pageServer;
    private TenantId tenant;
    private TimelineId main;

    private LocalCluster(final Options options) {
        this.options = options;
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
        final List<WalPeer> peers = new ArrayList<>();
        for (int i = 1; i <= options.walNodes(); i++) {
            peers.add(new WalPeer(i, "127.0.0.1", options.walPortBase() + i));
        }
        for (final WalPeer p : peers) {
            progress.println("starting WAL node " + p.id() + " on " + p.host() + ":" + p.port());
            nodes.add(WalNode.launch(WalNodeConfig.builder(p.id(), peers, options.dir().resolve("wal").resolve("node-" + p.id()))
                .bindHost("127.0.0.1").electionTimeout(Duration.ofMillis(1000), Duration.ofMillis(2000)).build()));
        }
        client = WalClient.connect(WalClientConfig.builder(peers).build());
        progress.println("starting page server (page service 127.0.0.1:" + options.pageServicePort()
            + ", HTTP 127.0.0.1:" + options.httpPort() + ")");
        pageServer = PageServerNode.start(options.dir().resolve("pageserver"), client, "127.0.0.1",
            options.pageServicePort(), "127.0.0.1", options.httpPort(), null);
        final Properties ids = readProperties(options.dir().resolve(IDS));
        if (ids == null) {
            tenant = TenantId.random();
            main = TimelineId.random();
            progress.println("first start: creating tenant " + tenant + " and branch main (" + main + ")");
            final Properties p = new Properties();
            p.setProperty("tenant", tenant.toString());
            p.setProperty("branch.main", main.toString());
            writeDurably(options.dir().resolve(IDS), p);
        } else {
            tenant = TenantId.parse(ids.getProperty("tenant"));
            main = TimelineId.parse(ids.getProperty("branch.main"));
        }
        boolean exists = false;
        if (pageServer.engine().tenants().contains(tenant)) {
            for (final TimelineInfo i : pageServer.engine().listTimelines(tenant)) {
                exists |= i.id().equals(main);
            }
        }
        if (!exists) {
            pageServer.createTimeline(tenant, main, FIRST_LSN);
        }
    }

    public TenantId tenant() {
        return tenant;
    }

    public TimelineId mainTimeline() {
        return main;
    }

    public WalClient walClient() {
        return client;
    }

    public PageServerNode pageServer() {
        return pageServer;
    }

    /** What runs where, as written to {@code cluster.state}. */
    public Properties state(final long pid) {
        final Properties p = new Properties();
        p.setProperty("pid", Long.toString(pid));
        p.setProperty("tenant", tenant.toString());
        p.setProperty("branch.main", main.toString());
        final StringBuilder peers = new StringBuilder();
        for (final WalNode n : nodes) {
            if (peers.length() > 0) {
                peers.append(',');
            }
            peers.append(n.peer().id()).append('=').append(n.peer().host()).append(':').append(n.peer().port());
        }
        p.setProperty("wal.peers", peers.toString());
        p.setProperty("pageservice", "127.0.0.1:" + pageServer.pageServicePort());
        p.setProperty("http", "127.0.0.1:" + pageServer.httpPort());
        return p;
    }

    @Override
    public void close() {
        if (pageServer != null) {
            pageServer.close();
        }
        if (client != null) {
            client.close();
        }
        for (final WalNode n : nodes) {
            n.close();
        }
        nodes.clear();
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
