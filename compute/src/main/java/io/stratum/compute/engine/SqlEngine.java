package io.stratum.compute.engine;

import io.stratum.compute.catalog.Catalog;
import io.stratum.compute.session.Session;
import io.stratum.compute.stats.Statistics;
import io.stratum.mvcc.MvccStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The SQL engine: opens {@link Session}s over an {@link MvccStore}, one {@link Catalog} per store (opened on
 * first use, bootstrapping the catalog heaps on a fresh read-write store). The wire protocol drives the
 * sessions; the integrator maps database names to stores.
 *
 * <p>Threads: none. Thread-safe; each session is used by one thread at a time (plus {@code cancel}).
 */
public final class SqlEngine {
    private final SqlEngineConfig config;
    private final Map<MvccStore, Catalog> catalogs = new ConcurrentHashMap<>();
    private final Map<MvccStore, Statistics> statistics = new ConcurrentHashMap<>();
    private final AtomicInteger backendPids = new AtomicInteger(10_000);

    public SqlEngine(final SqlEngineConfig config) {
        this.config = config;
        io.stratum.compute.exec.TempFiles.removeStale(config.tempDirectory()); // left by a crashed process
    }

    public SqlEngineConfig config() {
        return config;
    }

    /** The catalog of {@code store} (one per store, opened on first use). */
    public Catalog catalog(final MvccStore store) {
        return catalogs.computeIfAbsent(store, Catalog::open);
    }

    /** The planner statistics of {@code store}'s tables (filled by ANALYZE, kept in memory). */
    public Statistics statistics(final MvccStore store) {
        return statistics.computeIfAbsent(store, x -> new Statistics());
    }

    /**
     * A session for {@code user} on {@code databaseName} over {@code store}; {@code readOnly} sessions fail
     * writes with 25006. {@code startupParameters} are the StartupMessage's (client_encoding, DateStyle,
     * TimeZone, application_name, ...).
     */
    public Session open(final MvccStore store, final String user, final String databaseName, final boolean readOnly,
                        final Map<String, String> startupParameters) {
        return new EngineSession(this, store, catalog(store), user, databaseName, readOnly || store.readOnly(),
            startupParameters, backendPids.incrementAndGet());
    }

    /** Forgets the catalog of a store that was closed. */
    public void forget(final MvccStore store) {
        catalogs.remove(store);
        statistics.remove(store);
    }
}
