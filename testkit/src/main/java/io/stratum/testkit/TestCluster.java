package io.stratum.testkit;

import io.stratum.cluster.LocalCluster;
import io.stratum.perf.pg.PgClients;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The whole cluster in this JVM on loopback, on free ports and a temporary directory: 3 WAL nodes, a page
 * server and a compute, exactly as {@code stratum start} runs them, with kill and restart of any part.
 * <pre>{@code
 * try (TestCluster c = TestCluster.start()) {
 *     try (Connection conn = c.connect("main")) { ... }
 *     c.restartCompute();
 *     PgClients.Result r = c.psql("main", "select 1;");
 * }
 * }</pre>
 * Threads: those of the cluster's parts, all stopped by {@link #close()}.
 */
public final class TestCluster implements AutoCloseable {
    /** The user tests connect as (trust authentication on loopback). */
    public static final String USER = "stratum";

    private final Path dir;
    private final boolean ownDir;
    private final LocalCluster.Options options;
    private final PrintStream progress = new PrintStream(new ByteArrayOutputStream());
    private LocalCluster cluster;

    private TestCluster(final Path dir, final boolean ownDir) {
        this.dir = dir;
        this.ownDir = ownDir;
        final LocalCluster.Options e = LocalCluster.Options.ephemeral(dir);
        // the compute's /metrics on a free port too; 32 MiB of buffer pool per open branch (tests open several
        // branches in a test JVM limited to 1 GiB of direct memory: 128 MiB each ran it out in BranchModelTest)
        this.options = new LocalCluster.Options(e.dir(), e.walNodes(), e.walPortBase(), e.pageServicePort(),
            e.httpPort(), e.computePort(), 0, 32L << 20);
    }

    /** A new cluster in a new temporary directory (removed by {@link #close()}). */
    public static TestCluster start() {
        try {
            return start(Files.createTempDirectory("stratum-testcluster"), true);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A cluster on {@code dir} (kept after close). */
    public static TestCluster start(final Path dir) {
        return start(dir, false);
    }

    private static TestCluster start(final Path dir, final boolean own) {
        final TestCluster c = new TestCluster(dir, own);
        c.cluster = LocalCluster.start(c.options, c.progress);
        return c;
    }

    public String host() {
        return "127.0.0.1";
    }

    /** The compute's PostgreSQL port (it changes when the compute restarts). */
    public int port() {
        return cluster.computePort();
    }

    public LocalCluster local() {
        return cluster;
    }

    public Path dir() {
        return dir;
    }

    /** {@code jdbc:postgresql://127.0.0.1:PORT/DATABASE}, the name URL-encoded ({@code main@0/16B3748} has a slash). */
    /** The compute's {@code /metrics} port. */
    public int metricsPort() {
        return cluster.compute().httpPort();
    }

    public String jdbcUrl(final String database) {
        return "jdbc:postgresql://" + host() + ":" + port() + "/"
            + java.net.URLEncoder.encode(database, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A pgJDBC connection as {@link #USER}, with extra connection properties as key, value pairs. */
    public Connection connect(final String database, final String... props) throws SQLException {
        final Properties p = new Properties();
        p.setProperty("user", USER);
        p.setProperty("connectTimeout", "30");
        p.setProperty("socketTimeout", "120");
        for (int i = 0; i + 1 < props.length; i += 2) {
            p.setProperty(props[i], props[i + 1]);
        }
        return DriverManager.getConnection(jdbcUrl(database), p);
    }

    /** psql against {@code database} with {@code script} on standard input (see {@link PgClients#psql}). */
    public PgClients.Result psql(final String database, final String script, final String... extra) {
        return PgClients.psql(host(), port(), USER, database, script, 120, extra);
    }

    /** pgbench against {@code database}. */
    public PgClients.Result pgbench(final String database, final long timeoutSeconds, final String... args) {
        return PgClients.pgbench(host(), port(), USER, database, timeoutSeconds, args);
    }

    public void stopCompute() {
        cluster.stopCompute();
    }

    public void startCompute() {
        cluster.startCompute();
    }

    /** Stops the compute (cutting its sessions) and starts a new one on the same port. */
    public void restartCompute() {
        cluster.stopCompute();
        cluster.startCompute();
    }

    public void stopPageServer() {
        cluster.stopPageServer();
    }

    public void startPageServer() {
        cluster.startPageServer();
    }

    public void stopWalNode(final int id) {
        cluster.stopWalNode(id);
    }

    public void startWalNode(final int id) {
        cluster.startWalNode(id);
    }

    /** Stops every part and starts the whole cluster again on the same data. */
    public void restart() {
        cluster.close();
        cluster = LocalCluster.start(options, progress);
    }

    @Override
    public void close() {
        try {
            cluster.close();
        } finally {
            if (ownDir) {
                try (Stream<Path> s = Files.walk(dir)) {
                    s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (final IOException e) {
                    // a temporary directory
                }
            }
        }
    }
}
