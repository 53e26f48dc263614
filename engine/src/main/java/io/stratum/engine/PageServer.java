package io.stratum.engine;

import io.stratum.engine.cache.PageCache;
import io.stratum.engine.redo.RedoRegistry;
import io.stratum.engine.timeline.EngineContext;
import io.stratum.engine.timeline.Timeline;
import io.stratum.engine.timeline.Timelines;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.Lsn;
import io.stratum.wal.StratumException;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import io.stratum.wal.io.AtomicFiles;
import io.stratum.wal.io.FileIo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The page server engine, embeddable: tenants, timelines and branches over layered storage, serving
 * GetPage@LSN. Entry point: {@link #open(EngineConfig)}, which reloads everything found in the data
 * directory; ingest of each timeline then resumes from its {@link Timeline#diskConsistentLsn()}.
 *
 * <p>On disk: {@code DATA/TENANT.tenant} (marker), {@code DATA/TENANT/TIMELINE.meta} (timeline metadata,
 * the commit point of its creation) and {@code DATA/TENANT/TIMELINE/} (its layer files).
 *
 * <p>Its monitor guards the tenant and timeline maps only and is never held across I/O that can wait
 * (closing a timeline waits for its running compaction; that happens outside it).
 *
 * <p>Threads: with {@code backgroundThreads = 1} one daemon thread, {@code stratum-engine-bg}, flushes
 * frozen layers and compacts; {@link #close()} stops it. With 0, all work happens in callers' threads.
 */
public final class PageServer implements AutoCloseable {
    private static final String TENANT_SUFFIX = ".tenant";

    private final EngineConfig config;
    private final FileIo io;
    private final EngineContext ctx;
    private final PageCache cache;
    private final ExecutorService background;
    private final Map<TenantId, Map<TimelineId, Timeline>> tenants = new TreeMap<>();
    /** Timelines whose deletion runs outside the monitor (identity: a closed timeline stays listed until done). */
    private final java.util.Set<Timeline> deleting = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    private boolean closed;

    private PageServer(final EngineConfig config) {
        this.config = config;
        this.io = config.fileIo();
        this.cache = new PageCache(config.pageCacheBytes() <= 1 ? 0 : config.pageCacheBytes());
        this.background = config.backgroundThreads() == 0 ? null : Executors.newSingleThreadExecutor(r -> {
            final Thread th = new Thread(r, "stratum-engine-bg");
            th.setDaemon(true);
            return th;
        });
        this.ctx = new EngineContext(config, cache, background);
    }

    /** Opens (or creates) the page server in {@code config.dataDir()} and loads every tenant and timeline. */
    public static PageServer open(final EngineConfig config) {
        final PageServer ps = new PageServer(config.validate());
        try {
            ps.load();
        } catch (final RuntimeException e) {
            ps.close();
            throw e;
        }
        return ps;
    }

    private void load() {
        try {
            io.createDirectories(config.dataDir());
            for (final Path p : io.list(config.dataDir())) {
                final String name = p.getFileName().toString();
                if (name.endsWith(TENANT_SUFFIX)) {
                    loadTenant(TenantId.parse(name.substring(0, name.length() - TENANT_SUFFIX.length())));
                }
            }
        } catch (final IOException e) {
            throw StratumException.withCause(ErrorCode.IO_ERROR, e, "cannot load page server", "dir",
                config.dataDir(), "error", e.getMessage());
        }
    }

    private void loadTenant(final TenantId tenant) throws IOException {
        final Path dir = tenantDir(tenant);
        io.createDirectories(dir);
        final List<Path> metas = new ArrayList<>();
        for (final Path p : io.list(dir)) {
            if (p.getFileName().toString().endsWith(".meta")) {
                metas.add(p);
            }
        }
        tenants.put(tenant, Timelines.loadAll(ctx, dir, metas));
    }

    private Path tenantDir(final TenantId tenant) {
        return config.dataDir().resolve(tenant.toString());
    }

    public EngineConfig config() {
        return config;
    }

    /** The redo registry: register mvcc's or a vendor's handlers here before ingesting their records. */
    public RedoRegistry redo() {
        return config.redo();
    }

    /** Reconstruction, compaction and GC counters. */
    public EngineStats stats() {
        return ctx.stats();
    }

    public PageCache pageCache() {
        return cache;
    }

    /** Creates a tenant durably. */
    public synchronized void createTenant(final TenantId tenant) {
        checkOpen();
        if (tenants.containsKey(tenant)) {
            throw StratumException.of(ErrorCode.ALREADY_EXISTS, "tenant exists", "tenant", tenant);
        }
        try {
            io.createDirectories(tenantDir(tenant));
            io.syncDirectory(config.dataDir());
        } catch (final IOException e) {
            throw StratumException.withCause(ErrorCode.IO_ERROR, e, "cannot create tenant", "tenant", tenant,
                "error", e.getMessage());
        }
        AtomicFiles.write(io, config.dataDir().resolve(tenant + TENANT_SUFFIX),
            tenant.toString().getBytes(StandardCharsets.US_ASCII));
        tenants.put(tenant, new LinkedHashMap<>());
    }

    /**
     * Deletes a tenant that has no timelines (CONFLICT otherwise, NOT_FOUND when unknown). The tenant's
     * marker file goes first (that is the commit point), then its empty directory.
     */
    public synchronized void deleteTenant(final TenantId tenant) {
        checkOpen();
        final Map<TimelineId, Timeline> tls = tenants.get(tenant);
        if (tls == null) {
            throw StratumException.of(ErrorCode.NOT_FOUND, "no such tenant", "tenant", tenant);
        }
        if (!tls.isEmpty()) {
            throw StratumException.of(ErrorCode.CONFLICT, "tenant has timelines; delete them first", "tenant", tenant,
                "timelines", tls.size());
        }
        try {
            io.delete(config.dataDir().resolve(tenant + TENANT_SUFFIX));
            io.syncDirectory(config.dataDir());
            final Path dir = tenantDir(tenant);
            if (io.exists(dir)) {
                for (final Path f : io.list(dir)) {
                    io.delete(f);
                }
                io.delete(dir);
                io.syncDirectory(config.dataDir());
            }
        } catch (final IOException e) {
            throw StratumException.withCause(ErrorCode.IO_ERROR, e, "cannot delete tenant", "tenant", tenant,
                "error", e.getMessage());
        }
        tenants.remove(tenant);
    }

    public synchronized List<TenantId> tenants() {
        return new ArrayList<>(tenants.keySet());
    }

    /** Creates a root timeline whose WAL starts at {@code startLsn}. */
    public synchronized Timeline createTimeline(final TenantId tenant, final TimelineId id, final long startLsn) {
        final Map<TimelineId, Timeline> tls = timelines(tenant);
        if (tls.containsKey(id)) {
            throw StratumException.of(ErrorCode.ALREADY_EXISTS, "timeline exists", "timeline", id);
        }
        if (!Lsn.isValid(startLsn)) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "start LSN must be valid", "lsn", startLsn);
        }
        final Timeline t = Timelines.create(ctx, tenantDir(tenant), tenant, id, null, startLsn);
        tls.put(id, t);
        return t;
    }

    /**
     * Creates a branch {@code newId} of {@code parent} at {@code lsn}: metadata only, O(1), durable before
     * it returns. {@code lsn} must lie in {@code [parent.gcCutoff, parent.lastRecordLsn]}.
     *
     * @throws StratumException OUT_OF_RANGE outside that range, NOT_FOUND, ALREADY_EXISTS
     */
    public synchronized Timeline createBranch(final TenantId tenant, final TimelineId newId, final TimelineId parentId,
        final long lsn) {
        final Map<TimelineId, Timeline> tls = timelines(tenant);
        if (tls.containsKey(newId)) {
            throw StratumException.of(ErrorCode.ALREADY_EXISTS, "timeline exists", "timeline", newId);
        }
        final Timeline parent = timeline(tenant, parentId);
        checkNotDeleting(parent);
        final Timeline t = parent.branch(ctx, tenantDir(tenant), newId, lsn);
        tls.put(newId, t);
        return t;
    }

    /** Creates a branch at the LSN of the last commit at or before {@code timestampMicros}. */
    public synchronized Timeline createBranchAtTime(final TenantId tenant, final TimelineId newId,
        final TimelineId parentId, final long timestampMicros) {
        return createBranch(tenant, newId, parentId, timeline(tenant, parentId).lsnAtTime(timestampMicros));
    }

    /** @throws StratumException NOT_FOUND naming the tenant or timeline */
    public synchronized Timeline timeline(final TenantId tenant, final TimelineId id) {
        final Timeline t = timelines(tenant).get(id);
        if (t == null) {
            throw StratumException.of(ErrorCode.NOT_FOUND, "no such timeline", "tenant", tenant, "timeline", id);
        }
        return t;
    }

    /** The timelines of a tenant, parents before children. */
    public synchronized List<TimelineInfo> listTimelines(final TenantId tenant) {
        final List<TimelineInfo> out = new ArrayList<>();
        for (final Timeline t : timelines(tenant).values()) {
            out.add(t.info());
        }
        return out;
    }

    /**
     * Deletes a timeline and its files; refused (CONFLICT) while it has child branches or is already being
     * deleted. The monitor is held only to check and mark: closing the timeline waits for a running
     * compaction, and that wait must not block every other call (nor page-service lookups).
     */
    public void deleteTimeline(final TenantId tenant, final TimelineId id) {
        final Timeline t;
        synchronized (this) {
            t = timeline(tenant, id);
            if (!t.children().isEmpty()) {
                throw StratumException.of(ErrorCode.CONFLICT, "timeline has child branches", "timeline", id,
                    "children", t.children().size());
            }
            if (!deleting.add(t)) {
                throw StratumException.of(ErrorCode.CONFLICT, "timeline is being deleted", "timeline", id);
            }
        }
        try {
            t.close();
            t.deleteFiles();
            synchronized (this) {
                final Map<TimelineId, Timeline> tls = tenants.get(tenant);
                if (tls != null) {
                    tls.remove(id, t);
                }
            }
        } finally {
            synchronized (this) {
                deleting.remove(t);
            }
        }
    }

    private void checkNotDeleting(final Timeline t) {
        if (deleting.contains(t)) {
            throw StratumException.of(ErrorCode.CONFLICT, "timeline is being deleted", "timeline", t.id());
        }
    }

    private Map<TimelineId, Timeline> timelines(final TenantId tenant) {
        checkOpen();
        final Map<TimelineId, Timeline> m = tenants.get(tenant);
        if (m == null) {
            throw StratumException.of(ErrorCode.NOT_FOUND, "no such tenant", "tenant", tenant);
        }
        return m;
    }

    private void checkOpen() {
        if (closed) {
            throw StratumException.of(ErrorCode.CLOSED, "page server is closed");
        }
    }

    /** Stops the background thread and closes every timeline; unflushed WAL is re-ingested after reopening. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (background != null) {
            background.shutdown();
            try {
                background.awaitTermination(30, TimeUnit.SECONDS);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        final List<List<Timeline>> all = new ArrayList<>();
        synchronized (this) {
            for (final Map<TimelineId, Timeline> tls : tenants.values()) {
                all.add(new ArrayList<>(tls.values()));
            }
        }
        for (final List<Timeline> list : all) {
            for (int i = list.size() - 1; i >= 0; i--) {
                list.get(i).close();
            }
        }
        ctx.close();
        cache.close();
    }
}
