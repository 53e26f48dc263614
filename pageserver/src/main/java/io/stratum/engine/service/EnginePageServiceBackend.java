package io.stratum.engine.service;

import io.stratum.engine.PageServer;
import io.stratum.engine.timeline.Timeline;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import java.util.concurrent.ConcurrentHashMap;
import org.agrona.MutableDirectBuffer;

/** Serves the page service from an in-process {@link PageServer}. */
public final class EnginePageServiceBackend implements PageServiceBackend {
    private final PageServer pageServer;
    // timelines looked up once; a closed (deleted) one is dropped and looked up again
    private final ConcurrentHashMap<TimelineId, Timeline> timelines = new ConcurrentHashMap<>();

    public EnginePageServiceBackend(final PageServer pageServer) {
        this.pageServer = pageServer;
    }

    private Timeline timeline(final TenantId tenant, final TimelineId id) {
        Timeline t = timelines.get(id);
        if (t == null || !t.tenantId().equals(tenant)) {
            t = pageServer.timeline(tenant, id);
            timelines.put(id, t);
        }
        return t;
    }

    private <T> T withRetry(final TenantId tenant, final TimelineId id, final java.util.function.Function<Timeline, T> f) {
        try {
            return f.apply(timeline(tenant, id));
        } catch (final StratumException e) {
            if (e.code() != ErrorCode.CLOSED) {
                throw e;
            }
            timelines.remove(id);
            return f.apply(timeline(tenant, id));
        }
    }

    @Override
    public void getPage(final TenantId tenant, final TimelineId timeline, final long keyHi, final long keyLo,
                        final long lsn, final MutableDirectBuffer dst, final int offset) {
        final Timeline t = timeline(tenant, timeline);
        try {
            t.getPage(keyHi, keyLo, lsn, dst, offset);
        } catch (final StratumException e) {
            if (e.code() != ErrorCode.CLOSED) {
                throw e;
            }
            timelines.remove(timeline);
            timeline(tenant, timeline).getPage(keyHi, keyLo, lsn, dst, offset);
        }
    }

    @Override
    public long relationSize(final TenantId tenant, final TimelineId timeline, final int database,
                             final int relation, final int fork, final long lsn) {
        return withRetry(tenant, timeline, t -> t.relationSize(database, relation, fork, lsn));
    }

    @Override
    public long waitForLsn(final TenantId tenant, final TimelineId timeline, final long lsn, final long timeoutMillis) {
        return withRetry(tenant, timeline, t -> t.waitForLsn(lsn, timeoutMillis));
    }
}
