package io.stratum.compute;

import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.stratum.compute.engine.SqlEngine;
import io.stratum.compute.engine.SqlEngineConfig;
import io.stratum.compute.pgwire.PgServer;
import io.stratum.compute.pgwire.PgServerConfig;
import io.stratum.compute.session.SessionFactory;
import io.stratum.engine.service.PageClient;
import io.stratum.mvcc.BufferPool;
import io.stratum.raft.WalClient;
import io.stratum.raft.WalClientConfig;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * A compute: the PostgreSQL-protocol front end of one tenant. It serves each branch named in a client's
 * database name from an mvcc store whose pages come from the page server (over the page service) and whose
 * WAL goes to the WAL service; COMMIT answers once the commit record is on a quorum of WAL nodes. It keeps
 * no state of its own: kill it and start another, and every committed transaction is there.
 *
 * <p>Threads: the PostgreSQL listener and one thread per connection ({@code stratum-pg-*}), the page
 * client's readers, the WAL client's, each open branch's WAL writer, and the {@code /metrics} HTTP server;
 * all stopped by {@link #close()}.
 */
public final class ComputeNode implements AutoCloseable {
    private final ComputeConfig config;
    private final PageClient pages;
    private final WalClient wal;
    private final Databases databases;
    private final SqlEngine sql;
    private final PgServer server;
    private final HttpServer http;
    private final SessionFactory sessions;

    private ComputeNode(final ComputeConfig config, final PageClient pages, final WalClient wal,
                        final Databases databases, final SqlEngine sql, final PgServer server, final HttpServer http,
                        final SessionFactory sessions) {
        this.config = config;
        this.pages = pages;
        this.wal = wal;
        this.databases = databases;
        this.sql = sql;
        this.server = server;
        this.http = http;
        this.sessions = sessions;
    }

    /** Connects to the page server and the WAL service and starts listening. */
    public static ComputeNode launch(final ComputeConfig config) {
        PageClient pages = null;
        WalClient wal = null;
        Databases databases = null;
        PgServer server = null;
        try {
            pages = PageClient.connect(io.stratum.engine.service.PageClientConfig.builder(config.pageServerHost(),
                    config.pageServerPort()).connections(4).requestTimeout(config.pageTimeout()).maxBatch(4096)
                .token(config.token()).build());
            wal = WalClient.connect(WalClientConfig.builder(config.walPeers()).token(config.token()).build());
            final ComputeNode[] self = new ComputeNode[1];
            final ComputeMetrics metrics = new ComputeMetrics(() -> self[0]);
            databases = new Databases(config, pages, wal);
            databases.onOpen(store -> store.observeCommits(metrics));
            final SqlEngine sql = new SqlEngine(SqlEngineConfig.builder()
                .maxStatementMemory(config.statementMemoryBytes()).branchFunctions(config.branches().functions()).build());
            databases.onClose(sql::forget);
            final Databases dbs = databases;
            final SessionFactory sessions = (user, database, params) -> dbs.session(database,
                d -> sql.open(d.store(), user, database, d.readOnly(), params));
            final PgServerConfig.Builder pg = PgServerConfig.builder().host(config.listenHost()).port(config.listenPort())
                .maxConnections(config.maxConnections());
            if (!config.passwords().isEmpty()) {
                pg.auth(PgServerConfig.AuthMethod.SCRAM_SHA_256).users(config.passwords());
            }
            server = PgServer.start(pg.build(), sessions);
            final HttpServer http = config.httpPort() < 0 ? null : metricsServer(config, metrics);
            self[0] = new ComputeNode(config, pages, wal, databases, sql, server, http, sessions);
            return self[0];
        } catch (final RuntimeException e) {
            if (server != null) {
                server.close();
            }
            if (databases != null) {
                databases.close();
            }
            if (wal != null) {
                wal.close();
            }
            if (pages != null) {
                pages.close();
            }
            throw e;
        }
    }

    private static HttpServer metricsServer(final ComputeConfig config, final ComputeMetrics metrics) {
        try {
            final HttpServer s = HttpServer.create(new InetSocketAddress(config.listenHost(), config.httpPort()), 16);
            s.createContext("/metrics", new MetricsHandler(metrics.registry));
            s.start();
            return s;
        } catch (final IOException e) {
            throw StratumException.withCause(ErrorCode.IO_ERROR, e, "cannot listen for /metrics", "address",
                config.listenHost() + ":" + config.httpPort());
        }
    }

    int sessionCount() {
        return server.sessionCount();
    }

    IngestBackpressure.Stats backpressure() {
        return databases.backpressure;
    }

    java.util.List<BufferPool> bufferPools() {
        final java.util.List<BufferPool> out = new java.util.ArrayList<>();
        for (final Databases.Database d : databases.all()) {
            out.add(d.store().bufferPool());
        }
        return out;
    }

    /** The PostgreSQL port (the bound one when the config asked for 0). */
    public int port() {
        return server.port();
    }

    /** The {@code /metrics} port, or -1 when disabled. */
    public int httpPort() {
        return http == null ? -1 : http.getAddress().getPort();
    }

    /**
     * A session on {@code database} (a branch name, or {@code branch@LSN}) for {@code user}, in process, as a
     * connection would get it (the local cluster's branch merge runs its one transaction through it). Close it.
     *
     * @throws io.stratum.compute.session.SqlException 3D000 for an unknown branch
     */
    public io.stratum.compute.session.Session openSession(final String user, final String database) {
        return sessions.open(user, database, java.util.Map.of());
    }

    public ComputeConfig config() {
        return config;
    }

    @Override
    public void close() {
        server.close();
        if (http != null) {
            http.stop(0);
        }
        databases.close();
        wal.close();
        pages.close();
    }
}
