package io.stratum.cluster;

import io.stratum.compute.BranchResolver;
import io.stratum.engine.timeline.TimelineHistory;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import java.nio.file.Path;
import java.util.Properties;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;

/**
 * Branch names from the local cluster's {@code cluster.ids} (read on every lookup, so a branch made by
 * {@code stratum branch create} is found by the next connection), times from the page server's
 * LSN/time index. The cluster's {@link BranchManager} tells it when a name moves (reset, restore, delete),
 * and it passes that on to the compute, which terminates the branch's sessions. Thread-safe.
 */
final class IdsBranchResolver implements BranchResolver {
    private final Path ids;
    private final Supplier<PageServerNode> pageServer;
    private volatile ToIntFunction<String> moved = name -> 0;
    private volatile ToLongFunction<String> durable = name -> -1;

    private volatile io.stratum.compute.BranchFunctions functions;

    /** Sets what the compute's {@code stratum_branch_*} SQL functions call (before the compute starts). */
    void functions(final io.stratum.compute.BranchFunctions f) {
        functions = f;
    }

    @Override
    public io.stratum.compute.BranchFunctions functions() {
        return functions;
    }

    IdsBranchResolver(final Path ids, final Supplier<PageServerNode> pageServer) {
        this.ids = ids;
        this.pageServer = pageServer;
    }

    @Override
    public TimelineId timeline(final String name) {
        final Properties p = LocalCluster.readProperties(ids);
        final String id = p == null ? null : p.getProperty(BranchNames.BRANCH + name);
        return id == null ? null : TimelineId.parse(id);
    }

    @Override
    public long lsnAtTime(final TimelineId timeline, final long timestampMicros) {
        final PageServerNode ps = pageServer.get();
        final Properties p = LocalCluster.readProperties(ids);
        if (ps == null || p == null) {
            throw StratumException.of(ErrorCode.UNAVAILABLE, "the page server is not running");
        }
        return TimelineHistory.lsnAtTime(ps.engine().timeline(TenantId.parse(p.getProperty("tenant")), timeline),
            timestampMicros);
    }

    @Override
    public TimelineId timelineAt(final TimelineId timeline, final long lsn) {
        final PageServerNode ps = pageServer.get();
        final Properties p = LocalCluster.readProperties(ids);
        if (ps == null || p == null) {
            throw StratumException.of(ErrorCode.UNAVAILABLE, "the page server is not running");
        }
        return TimelineHistory.holder(ps.engine().timeline(TenantId.parse(p.getProperty("tenant")), timeline), lsn).id();
    }

    @Override
    public void onBranchMoved(final ToIntFunction<String> listener) {
        moved = listener;
    }

    @Override
    public void onDurableLsn(final ToLongFunction<String> durableLsn) {
        durable = durableLsn;
    }

    /** How far the compute's WAL of branch {@code name} is durable, or -1. */
    long durableLsn(final String name) {
        return durable.applyAsLong(name);
    }

    /** Branch {@code name} moved: the compute terminates its sessions; returns how many. */
    int moved(final String name) {
        return moved.applyAsInt(name);
    }
}
