package io.stratum.mvcc;

import io.stratum.engine.PageSource;
import io.stratum.engine.service.PageClient;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import org.agrona.MutableDirectBuffer;

/**
 * A {@link PageSource} of one tenant's timeline over a connected {@link PageClient} (the compute's view of a
 * remote page server). It opens nothing itself; the caller owns and closes the client. Thread-safe as the
 * client is.
 */
public final class RemotePageSource implements PageSource {
    private final PageClient client;
    private final TenantId tenant;
    private final TimelineId timeline;

    public RemotePageSource(final PageClient client, final TenantId tenant, final TimelineId timeline) {
        this.client = client;
        this.tenant = tenant;
        this.timeline = timeline;
    }

    @Override
    public void getPage(final long keyHi, final long keyLo, final long lsn, final MutableDirectBuffer dst,
                        final int offset) {
        client.getPage(tenant, timeline, keyHi, keyLo, lsn, dst, offset);
    }

    @Override
    public long relationSize(final int database, final int relation, final int fork, final long lsn) {
        return client.relationSize(tenant, timeline, database, relation, fork, lsn);
    }

    @Override
    public long lastRecordLsn() {
        return client.waitForLsn(tenant, timeline, 0, 0);
    }
}
