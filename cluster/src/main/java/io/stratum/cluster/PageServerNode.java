package io.stratum.cluster;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.stratum.engine.EngineConfig;
import io.stratum.engine.PageServer;
import io.stratum.engine.TimelineInfo;
import io.stratum.engine.http.EngineMetrics;
import io.stratum.engine.http.ManagementHooks;
import io.stratum.engine.http.ManagementServer;
import io.stratum.engine.ingest.WalReceiver;
import io.stratum.engine.redo.RedoRegistry;
import io.stratum.mvcc.MvccStore;
import io.stratum.engine.service.EnginePageServiceBackend;
import io.stratum.engine.service.PageService;
import io.stratum.engine.service.PageServiceConfig;
import io.stratum.engine.timeline.Timeline;
import io.stratum.raft.WalClient;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import io.stratum.wal.io.DirectoryLock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A page server as a process runs it: the engine (with mvcc's redo handlers registered, so it can
 * rebuild heap, B-tree and commit-log pages), the page service, the management API with
 * {@code /metrics}, and one WAL receiver per timeline streaming from the WAL service. Tenants and
 * timelines created through the API are created in the WAL service too.
 */
public final class PageServerNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PageServerNode.class);

    private final WalClient wal;
    private final PageServer engine;
    private final PageService pageService;
    private volatile ManagementServer api;
    private volatile PrometheusRegistry metrics;
    private final ConcurrentHashMap<TimelineId, WalReceiver> receivers = new ConcurrentHashMap<>();
    // tenants known to have their Raft group on the WAL nodes (creating one asks every node)
    private final java.util.Set<TenantId> walTenants = ConcurrentHashMap.newKeySet();

    private final DirectoryLock lock;

    private PageServerNode(final WalClient wal, final PageServer engine, final PageService pageService,
                              final DirectoryLock lock) {
        this.lock = lock;
        this.wal = wal;
        this.engine = engine;
        this.pageService = pageService;
    }

    /**
     * Opens the engine in {@code data}, starts receivers for every timeline it has, and listens.
     *
     * @param listenHost page service address, {@code listenPort} its port
     * @param token bearer token for the management API, or null
     */
    public static PageServerNode start(final Path data, final WalClient wal, final String listenHost, final int listenPort,
                                   final String httpHost, final int httpPort, final String token) {
        return start(data, wal, listenHost, listenPort, httpHost, httpPort, token, null);
    }

    /**
     * As {@link #start(Path, WalClient, String, int, String, int, String)}; with {@code authKey}, the page
     * service and the management API accept only tokens signed with it (scoped to the tenant, or admin), and
     * {@code token} is ignored. Without a key both must listen on loopback (unless {@code token} guards the API).
     */
    public static PageServerNode start(final Path data, final WalClient wal, final String listenHost, final int listenPort,
                                   final String httpHost, final int httpPort, final String token,
                                   final io.stratum.wal.auth.AuthKey authKey) {
        final DirectoryLock lock = DirectoryLock.acquire(data, "page server");
        final PageServer engine;
        try {
            final RedoRegistry redo = RedoRegistry.withBuiltins();
            MvccStore.registerRedo(redo);
            engine = PageServer.open(EngineConfig.builder(data).redo(redo).build());
        } catch (final RuntimeException e) {
            lock.close();
            throw e;
        }
        PageService service = null;
        ManagementServer api = null;
        PageServerNode p = null;
        try {
            service = PageService.start(PageServiceConfig.builder().host(listenHost).port(listenPort).authKey(authKey)
                    .build(),
                new EnginePageServiceBackend(engine));
            final java.util.concurrent.atomic.AtomicReference<PageServerNode> self =
                new java.util.concurrent.atomic.AtomicReference<>();
            final ManagementHooks hooks = new ManagementHooks() {
                private PageServerNode process() {
                    final PageServerNode ps = self.get();
                    if (ps == null) {
                        throw StratumException.of(ErrorCode.UNAVAILABLE, "the page server is still starting");
                    }
                    return ps;
                }

                @Override
                public void tenantCreated(final TenantId tenant) {
                    process().ensureWalTenant(tenant);
                }

                @Override
                public void timelineCreated(final TenantId tenant, final Timeline timeline, final long startLsn) {
                    final PageServerNode ps = process();
                    ps.ensureWalTenant(tenant);
                    wal.createTimeline(tenant, timeline.id(), startLsn);
                    ps.receive(timeline);
                }

                @Override
                public void timelineDeleted(final TenantId tenant, final TimelineId timeline) {
                    final WalReceiver r = process().receivers.remove(timeline);
                    if (r != null) {
                        r.close();
                    }
                }
            };
            p = new PageServerNode(wal, engine, service, lock);
            for (final TenantId t : engine.tenants()) {
                for (final TimelineInfo i : engine.listTimelines(t)) {
                    // idempotent: repairs a timeline whose creation in the WAL service did not finish
                    p.ensureWalTenant(t);
                    wal.createTimeline(t, i.id(), i.ancestorLsn());
                    p.receive(engine.timeline(t, i.id()));
                }
            }
            self.set(p);
            // the API goes last: a client that can reach it finds the page server ready
            final PrometheusRegistry registry = new PrometheusRegistry();
            EngineMetrics.register(registry, engine, service, p::receivers);
            api = authKey != null ? ManagementServer.startWithKey(httpHost, httpPort, authKey, engine, hooks, registry)
                : ManagementServer.start(httpHost, httpPort, token, engine, hooks, registry);
            p.api = api;
            p.metrics = registry;
            return p;
        } catch (final RuntimeException e) {
            if (p != null) {
                p.close();
            } else {
                if (api != null) {
                    api.close();
                }
                if (service != null) {
                    service.close();
                }
                engine.close();
                lock.close();
            }
            throw e;
        }
    }

    private Collection<WalReceiver> receivers() {
        return receivers.values();
    }

    public void ensureWalTenant(final TenantId tenant) {
        if (!walTenants.contains(tenant)) {
            wal.createTenant(tenant);
            walTenants.add(tenant);
        }
    }

    public void receive(final Timeline timeline) {
        receivers.computeIfAbsent(timeline.id(), id -> {
            LOG.info("receiving WAL for timeline {} from {}", id, io.stratum.wal.Lsn.format(timeline.lastRecordLsn()));
            return WalReceiver.start(wal, timeline);
        });
    }

    /** Creates a tenant and a root timeline in the engine and the WAL service, and starts receiving. */
    public Timeline createTimeline(final TenantId tenant, final TimelineId id, final long startLsn) {
        if (!engine.tenants().contains(tenant)) {
            engine.createTenant(tenant);
        }
        ensureWalTenant(tenant);
        final Timeline t = engine.createTimeline(tenant, id, startLsn);
        wal.createTimeline(tenant, id, startLsn);
        receive(t);
        return t;
    }

    /**
     * Creates branch {@code id} of {@code parent} at {@code lsn} (the parent's last ingested LSN when
     * negative) in the engine and the WAL service, and starts receiving its WAL.
     */
    public Timeline createBranch(final TenantId tenant, final TimelineId id, final TimelineId parent, final long lsn) {
        final long t0 = System.nanoTime();
        final Timeline t = engine.createBranch(tenant, id, parent,
            lsn < 0 ? engine.timeline(tenant, parent).lastRecordLsn() : lsn);
        final long t1 = System.nanoTime();
        wal.createTimeline(tenant, id, t.ancestorLsn());
        final long t2 = System.nanoTime();
        receive(t);
        if (LOG.isDebugEnabled()) {
            LOG.debug("branch {}: engine {} us, WAL service {} us, receiver {} us", id, (t1 - t0) / 1000,
                (t2 - t1) / 1000, (System.nanoTime() - t2) / 1000);
        }
        return t;
    }

    /**
     * Stops receiving the timeline's WAL, deletes it from the engine (refused while it has children) and
     * then its WAL and state from the WAL nodes. When the WAL nodes cannot be reached the timeline is gone
     * from the engine anyway and a warning names what is left on them.
     */
    public void deleteTimeline(final TenantId tenant, final TimelineId id) {
        if (!engine.timeline(tenant, id).children().isEmpty()) {
            throw StratumException.of(ErrorCode.CONFLICT, "timeline has child branches", "timeline", id);
        }
        final WalReceiver r = receivers.remove(id);
        if (r != null) {
            r.close();
        }
        engine.deleteTimeline(tenant, id);
        try {
            wal.deleteTimeline(tenant, id);
        } catch (final StratumException e) {
            LOG.warn(
                "timeline {} of tenant {} deleted from the page server, but its WAL stays on the WAL nodes: {}",
                id, tenant, e.getMessage());
        }
    }

    /** The registry its management API's {@code /metrics} serves: more collectors may join it. */
    public PrometheusRegistry metrics() {
        return metrics;
    }

    /** Serves {@code prefix} on the management API with {@code route} (see {@link ManagementServer#mount}). */
    public void mount(final String prefix, final io.stratum.engine.http.ApiRoute route) {
        api.mount(prefix, route);
    }

    public PageServer engine() {
        return engine;
    }

    public int pageServicePort() {
        return pageService.port();
    }

    public int httpPort() {
        return api.port();
    }

    public List<WalReceiver> receiverList() {
        return new ArrayList<>(receivers.values());
    }

    @Override
    public void close() {
        if (api != null) {
            api.close();
        }
        pageService.close();
        for (final WalReceiver r : receivers.values()) {
            r.close();
        }
        receivers.clear();
        engine.close();
        lock.close();
    }
}
