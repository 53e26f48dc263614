package io.stratum.engine.timeline;

import io.stratum.engine.layer.LayerDesc;
import io.stratum.engine.layer.LayerFile;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.Internal;
import io.stratum.wal.StratumException;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Creating and loading timelines on disk. Internal API of {@link io.stratum.engine.PageServer}. */
@Internal
public final class Timelines {
    private Timelines() {
    }

    /**
     * Creates a new timeline durably: its directory, then its metadata file (the commit point). A root
     * timeline starts at {@code startLsn}; a branch at its ancestor's LSN. Internal API (see PageServer).
     */
    public static Timeline create(final EngineContext ctx, final Path tenantDir, final TenantId tenant,
        final TimelineId id, final Timeline ancestor, final long startLsn) {
        final TimelineMeta meta = new TimelineMeta(tenant, id, ancestor == null ? null : ancestor.id, startLsn,
            startLsn, startLsn, 0, 0);
        final Timeline t = new Timeline(ctx, tenantDir, meta, ancestor, new TimeIndex(ctx.config.timeIndexGranularityMicros()));
        try {
            if (t.io.exists(t.dir)) {
                for (final Path p : t.io.list(t.dir)) {
                    t.io.delete(p); // left by a timeline of the same id whose deletion was interrupted
                }
            }
            // no directory fsync here: writing the metadata below fsyncs the tenant directory, which makes
            // this directory's entry durable together with the metadata file
            t.io.createDirectories(t.dir);
        } catch (final IOException e) {
            throw StratumException.withCause(ErrorCode.IO_ERROR, e, "cannot create timeline directory",
                "timeline", id, "error", e.getMessage());
        }
        meta.write(t.io, tenantDir);
        if (ancestor != null) {
            ancestor.children.add(t);
        }
        return t;
    }

    /**
     * Loads the timelines of one tenant from their metadata files and layer files, parents before
     * children. Internal API (see PageServer).
     *
     * @throws StratumException CORRUPT when a timeline's ancestor is missing
     */
    public static LinkedHashMap<TimelineId, Timeline> loadAll(final EngineContext ctx, final Path tenantDir,
        final List<Path> metaFiles) {
        final Map<TimelineId, TimelineMeta> metas = new HashMap<>();
        final Map<TimelineId, TimeIndex> indexes = new HashMap<>();
        for (final Path p : metaFiles) {
            final TimeIndex times = new TimeIndex(ctx.config.timeIndexGranularityMicros());
            final TimelineMeta m = TimelineMeta.read(ctx.config.fileIo(), p, times);
            metas.put(m.timeline(), m);
            indexes.put(m.timeline(), times);
        }
        final LinkedHashMap<TimelineId, Timeline> loaded = new LinkedHashMap<>();
        boolean progress = true;
        while (progress && loaded.size() < metas.size()) {
            progress = false;
            for (final TimelineMeta m : metas.values()) {
                if (!loaded.containsKey(m.timeline()) && (m.ancestor() == null || loaded.containsKey(m.ancestor()))) {
                    final Timeline parent = m.ancestor() == null ? null : loaded.get(m.ancestor());
                    final Timeline t = new Timeline(ctx, tenantDir, m, parent, indexes.get(m.timeline()));
                    loadLayers(t, m);
                    if (parent != null) {
                        parent.children.add(t);
                    }
                    loaded.put(m.timeline(), t);
                    progress = true;
                }
            }
        }
        if (loaded.size() < metas.size()) {
            for (final Timeline t : loaded.values()) {
                t.close();
            }
            throw StratumException.of(ErrorCode.CORRUPT, "timeline whose ancestor is missing", "dir", tenantDir);
        }
        return loaded;
    }

    /**
     * Opens a loaded timeline's layer files, deleting leftovers of flushes that did not commit, and loads its
     * time index (what its metadata commits of it).
     */
    static void loadLayers(final Timeline t, final TimelineMeta m) {
        final long dcl = t.diskConsistentLsn();
        try {
            t.io.createDirectories(t.dir);
            for (final Path p : t.io.list(t.dir)) {
                final String name = p.getFileName().toString();
                final LayerDesc d = LayerDesc.parse(name);
                if (d == null) {
                    if (name.endsWith(".tmp")) {
                        t.io.delete(p);
                    }
                    continue;
                }
                if (d.lsnEnd() > dcl + (d.image() ? 1 : 0)) {
                    t.io.delete(p); // written by a flush that did not commit its metadata
                    continue;
                }
                t.layers.add(new LayerFile(t.io, p, d));
            }
            t.io.syncDirectory(t.dir);
        } catch (final IOException e) {
            throw StratumException.withCause(ErrorCode.IO_ERROR, e, "cannot load timeline", "timeline", t.id,
                "error", e.getMessage());
        }
        t.timesFile.load(m.timeIndexGeneration(), m.timeIndexLength(), t.times);
        t.times.truncateAbove(dcl);
        t.times.trimBelow(t.gcCutoff());
    }

    /** Deletes a closed timeline's files: metadata first, so a crash leaves no half timeline. */
    static void deleteFiles(final Timeline t) {
        try {
            t.io.delete(TimelineMeta.path(t.tenantDir, t.id));
            t.io.syncDirectory(t.tenantDir);
            if (t.io.exists(t.dir)) {
                for (final Path p : t.io.list(t.dir)) {
                    t.io.delete(p);
                }
                t.io.delete(t.dir);
            }
        } catch (final IOException e) {
            throw StratumException.withCause(ErrorCode.IO_ERROR, e, "cannot delete timeline files", "timeline", t.id,
                "error", e.getMessage());
        }
        if (t.ancestor != null) {
            t.ancestor.children.remove(t);
        }
    }
}
