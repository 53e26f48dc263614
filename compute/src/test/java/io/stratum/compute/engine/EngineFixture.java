package io.stratum.compute.engine;

import io.stratum.compute.pgwire.PgServer;
import io.stratum.compute.pgwire.PgServerConfig;
import io.stratum.compute.session.Session;
import io.stratum.engine.EngineConfig;
import io.stratum.engine.PageServer;
import io.stratum.engine.ingest.WalReceiver;
import io.stratum.engine.redo.RedoRegistry;
import io.stratum.engine.timeline.Timeline;
import io.stratum.mvcc.MvccConfig;
import io.stratum.mvcc.MvccStore;
import io.stratum.mvcc.SinkWalWriter;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import io.stratum.wal.local.LocalWalService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An in-process page server, local WAL service and receiver with an mvcc store and the SQL engine on top. */
final class EngineFixture implements AutoCloseable {
    static final TenantId TENANT = new TenantId(1, 1);
    static final TimelineId MAIN = new TimelineId(1, 1);
    static final long START = 0x100_0000L;

    private final LocalWalService wal;
    private final PageServer ps;
    private final Timeline timeline;
    private final WalReceiver receiver;
    private SinkWalWriter writer;
    MvccStore store;
    SqlEngine engine;
    private final List<Session> sessions = new ArrayList<>();
    private Path ownedDir; // deleted by close(): set by inTempDir
    private final List<PgServer> servers = new ArrayList<>();

    /** A fixture in a new temporary directory that {@link #close()} deletes (for jqwik containers, which have no @TempDir). */
    static EngineFixture inTempDir(final String prefix) {
        final Path dir;
        try {
            dir = java.nio.file.Files.createTempDirectory(prefix);
        } catch (final java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        final EngineFixture fx = new EngineFixture(dir);
        fx.ownedDir = dir;
        return fx;
    }

    EngineFixture(final Path dir) {
        this(dir, SqlEngineConfig.defaults());
    }

    EngineFixture(final Path dir, final SqlEngineConfig config) {
        wal = new LocalWalService(dir.resolve("wal"), 16 << 20);
        wal.createTimeline(TENANT, MAIN, START);
        final RedoRegistry redo = RedoRegistry.withBuiltins();
        MvccStore.registerRedo(redo);
        ps = PageServer.open(EngineConfig.builder(dir.resolve("ps")).redo(redo).backgroundThreads(0)
            .inMemoryLayerBytes(8 << 20).build());
        ps.createTenant(TENANT);
        timeline = ps.createTimeline(TENANT, MAIN, START);
        receiver = WalReceiver.start(wal, timeline);
        writer = new SinkWalWriter(wal.writer(TENANT, MAIN), 2 << 20);
        store = MvccStore.open(MvccConfig.builder(timeline).wal(writer).bufferPoolBytes(16L << 20)
            .deadlockTimeout(Duration.ofMillis(200)).build());
        engine = new SqlEngine(config);
    }

    Session session() {
        final Session s = engine.open(store, "stratum", "main", false, Map.of("application_name", "test"));
        sessions.add(s);
        return s;
    }

    /** A PostgreSQL server on an ephemeral loopback port whose sessions open on this engine; closed by {@link #close()}. */
    PgServer startServer() {
        final PgServer server = PgServer.start(PgServerConfig.builder().port(0).build(),
            (user, db, params) -> engine.open(store, user, db, false, params));
        servers.add(server);
        return server;
    }

    SqlClient client() {
        return new SqlClient(session());
    }

    /** Waits until the page server has everything written so far; returns that LSN. */
    long sync() {
        final long end = writer.endLsn();
        writer.awaitDurable(end);
        timeline.waitForLsn(end, 20_000);
        return end;
    }

    MvccStore readOnlyAt(final long lsn) {
        return MvccStore.open(MvccConfig.builder(timeline).readOnlyAt(lsn).bufferPoolBytes(64L * 8192).build());
    }

    @Override
    public void close() {
        for (final PgServer server : servers) {
            server.close();
        }
        for (final Session s : sessions) {
            try {
                s.close();
            } catch (final RuntimeException ignored) {
                // closing
            }
        }
        store.close();
        writer.close();
        receiver.close();
        ps.close();
        wal.close();
        if (ownedDir != null) {
            try (var w = java.nio.file.Files.walk(ownedDir)) {
                w.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (final java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
