package io.stratum.cluster;

import io.stratum.compute.BranchResolver;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import java.nio.file.Path;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * Branch names from the local cluster's {@code cluster.ids} (read on every lookup, so a branch made by
 * {@code stratum branch create} is found by the next connection), times from the page server's
 * LSN/time index. Thread-safe.
 */
final class IdsBranchResolver implements BranchResolver {
    private final Path ids;
    private final Supplier<PageServerNode> pageServer;

    IdsBranchResolver(final Path ids, final Supplier<PageServerNode> pageServer) {
        this.ids = ids;
        this.pageServer = pageServer;
    }

    @Override
    public TimelineId timeline(final String name) {
        final Properties p = LocalCluster.readProperties(ids);
        final String id = p == null ? null : p.getProperty("branch." + name);
        return id == null ? null : TimelineId.parse(id);
    }

    @Override
    public long lsnAtTime(final TimelineId timeline, final long timestampMicros) {
        final PageServerNode ps = pageServer.get();
        final Properties p = LocalCluster.readProperties(ids);
        if (ps == null || p == null) {
            throw StratumException.of(ErrorCode.UNAVAILABLE, "the page server is not running");
        }
        return ps.engine().timeline(TenantId.parse(p.getProperty("tenant")), timeline).lsnAtTime(timestampMicros);
    }
}
